import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../store/workspace';
import { createServiceContext, type ServiceContext } from './context';
import { addDownload, closeTransfers, findDownload, registerLocalFile, releaseUpload, removeLeftTransfers, saveDownloadAs, transferDir, uploadBytes } from './file-transfers';

let dir: string;
let ctx: ServiceContext;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rekey-transfers-'));
  ctx = createServiceContext(openWorkspace(join(dir, 'w.rekey')), 'electron');
});
afterEach(() => {
  closeTransfers(ctx);
  ctx.workspace.close();
});

describe('Electron: the person\'s own file, read by main from its path', () => {
  it('is named by its id and read in main; releasing or closing never deletes it', () => {
    const path = join(dir, 'client.csv');
    writeFileSync(path, 'email\na@x.io\n');
    const upload = registerLocalFile(ctx, path);
    expect(upload).toMatchObject({ fileName: 'client.csv', size: 13, owned: false });
    expect(uploadBytes(ctx, upload.id).bytes.toString()).toBe('email\na@x.io\n');
    releaseUpload(ctx, upload.id);
    closeTransfers(ctx);
    expect(readFileSync(path, 'utf8')).toBe('email\na@x.io\n');
    expect(() => uploadBytes(ctx, upload.id)).toThrow('The chosen file is no longer held by Rekey; choose it again');
  });

  it('refuses a file without a path, a folder, a missing file, each in one line naming it', () => {
    expect(() => registerLocalFile(ctx, '')).toThrow(/has no place on disk/);
    mkdirSync(join(dir, 'folder.csv'));
    expect(() => registerLocalFile(ctx, join(dir, 'folder.csv'))).toThrow('folder.csv: is a folder, not a file');
    expect(() => registerLocalFile(ctx, join(dir, 'gone.csv'))).toThrow('gone.csv: no such file');
    const path = join(dir, 'moved.csv');
    writeFileSync(path, 'email\n');
    const upload = registerLocalFile(ctx, path);
    unlinkSync(path);
    expect(() => uploadBytes(ctx, upload.id)).toThrow('moved.csv: no such file any more');
  });
});

describe('downloads main writes', () => {
  it('are written whole from parts, saved where the person chose, then removed', () => {
    const written = addDownload(ctx, { fileName: 'plan.csv', type: 'text/csv', parts: ['a,b\r\n', '1,2\r\n'] });
    expect(written.bytes).toBe(10);
    const target = join(dir, 'chosen.csv');
    saveDownloadAs(ctx, written.id, target);
    expect(readFileSync(target, 'utf8')).toBe('a,b\r\n1,2\r\n');
    expect(findDownload(ctx, written.id)).toBeUndefined();
    expect(existsSync(written.path)).toBe(false);
    expect(() => saveDownloadAs(ctx, written.id, target)).toThrow(/no longer held/);
  });

  it('leave nothing at the target when the save fails', () => {
    const written = addDownload(ctx, { fileName: 'plan.csv', type: 'text/csv', parts: ['a\r\n'] });
    expect(() => saveDownloadAs(ctx, written.id, join(dir, 'no-such-folder', 'plan.csv'))).toThrow();
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
    expect(findDownload(ctx, written.id)).toBeDefined();
  });
});

describe('the temporary folder', () => {
  it('is removed at close, and a dead process\'s folder by the next one; a live one\'s is left', () => {
    const root = mkdtempSync(join(tmpdir(), 'rekey-transfers-root-'));
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    mkdirSync(join(root, `rekey-files-${dead}-abc`));
    mkdirSync(join(root, `rekey-files-${process.pid}-def`));
    mkdirSync(join(root, 'rekey-files-other'));
    removeLeftTransfers(root);
    expect(existsSync(join(root, `rekey-files-${dead}-abc`))).toBe(false);
    expect(existsSync(join(root, `rekey-files-${process.pid}-def`))).toBe(true);
    expect(existsSync(join(root, 'rekey-files-other'))).toBe(true);

    const folder = transferDir(ctx);
    expect(folder).toContain(`rekey-files-${process.pid}-`);
    closeTransfers(ctx);
    expect(existsSync(folder)).toBe(false);
  });
});
