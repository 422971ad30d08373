import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runRekey } from '../../test/support/cli';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rekey-cli-'));
});

describe('rekey CLI (real process)', () => {
  it('users list --json prints [] on a new workspace', () => {
    const r = runRekey(['--db', join(dir, 'w.sqlite'), 'users', 'list', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it('users list --search finds records by the start of a word of their email, ids or name', async () => {
    const { openWorkspace } = await import('../store/workspace');
    const db = join(dir, 'w.sqlite');
    const ws = openWorkspace(db);
    const id = ws.connections.add({ name: 'pb', kind: 'productboard', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, '2026-01-01T00:00:00.000Z').id;
    const user = (remoteId: string, email: string, externalId: string, name: string) => ({ remoteId, email, externalId, deprecatedExternalIds: [], name, company: null, status: 'active', raw: {} });
    ws.transaction(() => ws.records.upsertPage(id, 'run', [user('1', 'ada.novak@acme.com', 'usr_10042', 'Ada Novak'), user('2', 'bo@acme.com', 'usr_20000', 'Bo Lind')], '2026-01-01T00:00:00.000Z'));
    ws.close();
    const search = (text: string) => (JSON.parse(runRekey(['--db', db, 'users', 'list', '--search', text, '--json']).stdout) as { remoteId: string }[]).map((r) => r.remoteId);
    expect(search('novak')).toEqual(['1']);
    expect(search('usr_100')).toEqual(['1']);
    expect(search('ACME')).toEqual(['1', '2']);
    expect(search('ovak')).toEqual([]); // the start of a word, not any substring
    expect(search('@')).toEqual(['1', '2']); // punctuation alone: a plain substring scan
  });

  it('changesets show gives every row, or a page of one review or result, as the app asks for it', async () => {
    const { openWorkspace } = await import('../store/workspace');
    const db = join(dir, 'w.sqlite');
    const ws = openWorkspace(db);
    const now = '2026-01-01T00:00:00.000Z';
    const connectionId = ws.connections.add({ name: 'braze', kind: 'braze', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, now).id;
    const id = ws.changeSets.create({ kind: 'rename', connectionId, title: 't', plan: {}, createdBy: 'test' }, Array.from({ length: 30 }, (_, i) => ({ payload: { i }, plan: { action: 'rename' } })), now);
    for (const idx of [4, 9, 14, 19]) ws.changeSets.reviewRow(id, idx, 'rejected', 'no', 'test', now);
    ws.close();
    const show = (...more: string[]) => runRekey(['--db', db, 'changesets', 'show', String(id), ...more]);
    expect((JSON.parse(show('--json').stdout) as { total: number; rows: unknown[] }).rows).toHaveLength(30);
    const page = JSON.parse(show('--review', 'rejected', '--offset', '1', '--limit', '2', '--json').stdout) as { total: number; rows: { idx: number }[] };
    expect(page.total).toBe(4);
    expect(page.rows.map((r) => r.idx)).toEqual([9, 14]);
    expect(show('--review', 'rejected', '--limit', '2').stdout).toContain('2 of the 4 matching rows');
    const bad = show('--review', 'maybe');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('rekey: changesets show: --review is one of pending, approved, rejected, not "maybe"');
  });

  it('audit export writes a CSV with a header row and the workspace creation', () => {
    const out = join(dir, 'a.csv');
    const r = runRekey(['--db', join(dir, 'w.sqlite'), 'audit', 'export', '--out', out]);
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('id,at,actor,action,subject,detail');
    expect(lines[1]).toContain('workspace.created');
  });

  it('a file that is not a database: exit 2, one line, no stack trace', () => {
    const path = join(dir, 'x.sqlite');
    writeFileSync(path, 'not a database at all, just text\n');
    const r = runRekey(['--db', path, 'users', 'list']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(path);
    expect(r.stderr).not.toMatch(/\s+at\s/);
  });

  it('a workspace newer than the app: exit 2, one line, file untouched', () => {
    const path = join(dir, 'future.sqlite');
    expect(runRekey(['--db', path, 'users', 'list']).code).toBe(0);
    const raw = new Database(path);
    raw.pragma('user_version = 999');
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const before = readFileSync(path);
    const r = runRekey(['--db', path, 'users', 'list']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/newer than this Rekey/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('unknown commands and flags are bad input (exit 2) naming what is wrong', () => {
    const unknown = runRekey(['--db', join(dir, 'w.sqlite'), 'frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('frobnicate');
    const flag = runRekey(['--db', join(dir, 'w.sqlite'), 'users', 'list', '--nope']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--nope');
  });

  it('audit export without --out is bad input', () => {
    const r = runRekey(['--db', join(dir, 'w.sqlite'), 'audit', 'export']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out');
  });

  it('--help works for the tool and for each command', () => {
    const top = runRekey(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('users list');
    const one = runRekey(['audit', 'export', '--help']);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('--out');
  });

  it('REKEY_HOME moves the default workspace', () => {
    const r = runRekey(['users', 'list', '--json'], { env: { REKEY_HOME: dir } });
    expect(r.code).toBe(0);
    const out = join(dir, 'audit.csv');
    runRekey(['audit', 'export', '--out', out], { env: { REKEY_HOME: dir } });
    expect(readFileSync(out, 'utf8')).toContain(join(dir, 'workspaces', 'default.rekey'));
  });
});
