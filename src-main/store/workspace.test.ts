import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { isRekeyError } from '../../src-shared/errors';
import { SCHEMA_VERSION } from './migrations';
import { APPLICATION_ID } from './open-database';
import { openWorkspace } from './workspace';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rekey-store-'));
});

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function refusal(path: string): { code: string; kind: string; message: string } {
  try {
    openWorkspace(path).close();
  } catch (e) {
    if (isRekeyError(e)) return { code: e.code, kind: e.kind, message: e.message };
    throw e;
  }
  throw new Error('expected the workspace to be refused');
}

describe('openWorkspace', () => {
  it('creates a new workspace at the latest schema, in WAL mode, and audits its creation', () => {
    const path = join(dir, 'nested', 'w.rekey');
    const ws = openWorkspace(path);
    expect(ws.schemaVersion).toBe(SCHEMA_VERSION);
    expect(ws.audit.list(10).map((e) => e.action)).toEqual(['workspace.created']);
    ws.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(raw.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    raw.close();
  });

  it('opens an existing workspace without re-auditing or re-migrating', () => {
    const path = join(dir, 'w.rekey');
    openWorkspace(path).close();
    const ws = openWorkspace(path);
    expect(ws.audit.count()).toBe(1);
    ws.close();
  });

  it('refuses a workspace newer than the app, leaving the file byte-identical', () => {
    const path = join(dir, 'future.rekey');
    openWorkspace(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const before = sha(path);
    const r = refusal(path);
    expect(r).toMatchObject({ code: 'workspace_too_new', kind: 'bad_input' });
    expect(r.message).toContain(path);
    expect(r.message).toContain(`${SCHEMA_VERSION + 5}`);
    expect(sha(path)).toBe(before);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('refuses a file that is not SQLite, untouched', () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'id,email\n1,a@example.com\n');
    const before = sha(path);
    expect(refusal(path)).toMatchObject({ code: 'not_a_workspace', kind: 'bad_input' });
    expect(sha(path)).toBe(before);
  });

  it("refuses another application's SQLite database, untouched", () => {
    const path = join(dir, 'other.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE things (id INTEGER PRIMARY KEY)');
    raw.close();
    const before = sha(path);
    expect(refusal(path)).toMatchObject({ code: 'not_a_workspace' });
    expect(sha(path)).toBe(before);
  });
});

describe('the audit log', () => {
  it('is append-only: updates and deletes are refused by the database itself', () => {
    const path = join(dir, 'w.rekey');
    openWorkspace(path).close();
    const raw = new Database(path);
    expect(() => raw.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    raw.close();
  });

  it('commits a change and its audit entry together, or neither', () => {
    const ws = openWorkspace(join(dir, 'w.rekey'));
    expect(() =>
      ws.write({ action: 'test.failed', subject: 's' }, () => {
        throw new Error('the change failed');
      }),
    ).toThrow('the change failed');
    expect(ws.audit.list(10).map((e) => e.action)).toEqual(['workspace.created']);
    ws.write({ action: 'test.done', subject: 's', detail: { n: 1 } }, () => undefined);
    expect(ws.audit.list(1)[0]).toMatchObject({ action: 'test.done', subject: 's', detail: { n: 1 } });
    ws.close();
  });
});

describe('several processes on one workspace (issue 21)', () => {
  it('lets the CLI read and write while this process holds the workspace open, and tells this process it changed', async () => {
    const path = join(dir, 'shared.rekey');
    const ws = openWorkspace(path);
    const seen = ws.dataVersion();
    const { runRekey } = await import('../../test/support/cli');
    const list = runRekey(['--db', path, 'users', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(ws.dataVersion()).toBe(seen); // a reader changes nothing
    const add = runRekey(['--db', path, 'connections', 'add', 'pb', '--kind', 'productboard', '--url', 'http://127.0.0.1:9', '--token-env', 'PB_TOKEN']);
    expect(add.code, add.stderr).toBe(0);
    expect(ws.dataVersion()).not.toBe(seen);
    expect(ws.connections.byName('pb')).toBeDefined();
    // This process's own writes go on as before, and do not count as another's.
    const mine = ws.dataVersion();
    ws.write({ action: 'test.done', subject: 's' }, () => undefined);
    expect(ws.dataVersion()).toBe(mine);
    expect(existsSync(`${path}.lock`)).toBe(false);
    ws.close();
  });
});

/** Another process that takes the workspace's write lock and keeps it `ms` milliseconds. */
async function holdWriteLock(path: string, ms: number): Promise<ChildProcess> {
  const script = `const D = require('better-sqlite3'); const db = new D(process.argv[1]); db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n'); setTimeout(() => { db.exec('COMMIT'); db.close(); }, Number(process.argv[2]));`;
  const child = spawn(process.execPath, ['-e', script, path, String(ms)], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  return child;
}

describe('two writers (issue 21)', () => {
  it('waits for the other process to finish writing, or says plainly it was kept waiting, changing nothing', async () => {
    const path = join(dir, 'busy.rekey');
    const ws = openWorkspace(path);
    const brief = await holdWriteLock(path, 800);
    const started = Date.now();
    ws.write({ action: 'test.done', subject: 'waited' }, () => undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    await new Promise((resolve) => brief.once('exit', resolve));

    const long = await holdWriteLock(path, 8_000);
    let error: unknown;
    try {
      ws.write({ action: 'test.done', subject: 'refused' }, () => undefined);
    } catch (e) {
      error = e;
    }
    expect(isRekeyError(error) && error.code).toBe('workspace_busy');
    expect((error as Error).message).toMatch(/another Rekey process kept the workspace busy writing; nothing was changed/);
    long.kill();
    expect(ws.audit.list(5).map((e) => e.subject)).toEqual(['waited', path]);
    ws.close();
  }, 20_000);
});

describe('workspace safety (issue 10)', () => {
  it('keeps a backup of the old file before migrating it', async () => {
    const { migrations } = await import('./migrations');
    const path = join(dir, 'old.rekey');
    const raw = new Database(path);
    raw.exec(migrations[0]!);
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    raw.pragma('user_version = 1');
    raw.prepare("INSERT INTO audit_log (at, actor, action) VALUES ('2026-01-01', 'old', 'workspace.created')").run();
    raw.close();
    const ws = openWorkspace(path);
    expect(ws.audit.list(5).map((e) => e.action)).toEqual(['workspace.migrated', 'workspace.created']);
    ws.close();
    const backup = new Database(`${path}.v1.backup`, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(1);
    backup.close();
  });

  it('says plainly that a damaged workspace is damaged, and leaves it as it is', () => {
    const path = join(dir, 'damaged.rekey');
    const ws = openWorkspace(path);
    ws.transaction(() => {
      for (let i = 0; i < 400; i++) ws.audit.append({ actor: 'a', action: 'x'.repeat(200), detail: { i } });
    });
    ws.close();
    const bytes = readFileSync(path);
    // Scribble over a page in the middle of the file (not the header).
    bytes.fill(0x7a, 4096 * 3, 4096 * 3 + 2000);
    writeFileSync(path, bytes);
    const before = sha(path);
    const r = refusal(path);
    expect(r.message).toContain(path);
    expect(r.message).toMatch(/damaged|cannot be read/);
    expect(sha(path)).toBe(before);
  });
});
