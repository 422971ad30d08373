import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRekey } from '../../../test/support/cli';
import { createServiceContext } from '../../services/context';
import { dispatch } from '../../services/dispatch';
import { openWorkspace } from '../../store/workspace';

function workspace(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'rekey-doctor-')), 'w.rekey');
  const ws = openWorkspace(path);
  ws.transaction(() => {
    for (let i = 0; i < 400; i++) ws.audit.append({ actor: 'a', action: 'x'.repeat(200), detail: { i } });
  });
  ws.close();
  return path;
}

describe('rekey doctor (issue 22)', () => {
  it('says in plain words that a sound workspace is sound, and in JSON with --json', () => {
    const path = workspace();
    const human = runRekey(['--db', path, 'doctor']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('The workspace file is sound: every page and every index was checked');
    const json = runRekey(['--db', path, 'doctor', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ path, ok: true, problems: [] });
  });

  it('reports a damaged workspace, exits 1 with one line on stderr, and leaves the file as it was', () => {
    const path = workspace();
    const bytes = readFileSync(path);
    bytes.fill(0x7a, 4096 * 3, 4096 * 3 + 2000);
    writeFileSync(path, bytes);
    const run = runRekey(['--db', path, 'doctor', '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { ok: boolean; problems: string[] };
    expect(report.ok).toBe(false);
    expect(report.problems.length).toBeGreaterThan(0);
    expect(run.stderr.trim().split('\n')).toEqual([`rekey: ${path}: the workspace file is damaged; restore it from a backup`]);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    const human = runRekey(['--db', path, 'doctor']);
    expect(human.stdout).toContain('The workspace file is damaged');
  });

  it('says there is no workspace when the file is missing (exit 2)', () => {
    const run = runRekey(['--db', join(tmpdir(), 'no-such-folder', 'w.rekey'), 'doctor']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/there is no workspace file here/);
  });

  it('is the same check from the app, on the open workspace', async () => {
    const ws = openWorkspace(workspace());
    const ctx = createServiceContext(ws, 'electron');
    const result = await dispatch(ctx, 'workspace.check', {});
    expect(result).toMatchObject({ ok: true, value: { ok: true, problems: [] } });
    ws.close();
  });
});
