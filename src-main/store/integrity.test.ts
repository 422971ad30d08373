import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { isRekeyError } from '../../src-shared/errors';
import { QUICK_CHECK_MAX_BYTES } from './integrity';
import { APPLICATION_ID, openDatabase } from './open-database';
import { openWorkspace } from './workspace';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rekey-integrity-'));
});

/** Opens and closes, returning how deep open looked. */
function openDepth(path: string): 'full' | 'cheap' | undefined {
  const opened = openDatabase(path);
  opened.db.close();
  opened.release();
  return opened.check?.depth;
}

function refusal(path: string): string {
  try {
    openWorkspace(path).close();
  } catch (e) {
    if (isRekeyError(e)) return e.message;
    throw e;
  }
  throw new Error('expected the workspace to be refused');
}

/** A pid that is surely not running: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function workspaceWithAudit(path: string, entries: number, size = 200): void {
  const ws = openWorkspace(path);
  ws.transaction(() => {
    for (let i = 0; i < entries; i++) ws.audit.append({ actor: 'a', action: 'x'.repeat(size), detail: { i } });
  });
  ws.close();
}

const markers = (path: string) => readdirSync(dir).filter((n) => n.startsWith(`${path.split('/').pop()}.open-`));

describe('checking a workspace on open (issue 22)', () => {
  it('looks only cheaply at a workspace that was closed cleanly, and leaves no marker behind', () => {
    const path = join(dir, 'w.rekey');
    openWorkspace(path).close();
    expect(markers(path)).toEqual([]);
    expect(openDepth(path)).toBe('cheap');
  });

  it('holds a marker while open, so a crash is known at the next open', () => {
    const path = join(dir, 'w.rekey');
    const ws = openWorkspace(path);
    expect(markers(path)).toEqual([`w.rekey.open-${process.pid}`]);
    ws.close();
    expect(markers(path)).toEqual([]);
  });

  it('checks the whole file after a session that did not close it, then forgets that session', () => {
    const path = join(dir, 'w.rekey');
    openWorkspace(path).close();
    writeFileSync(`${path}.open-${deadPid()}`, '');
    expect(openDepth(path)).toBe('full');
    expect(markers(path)).toEqual([]);
    expect(openDepth(path)).toBe('cheap');
  });

  it('sees a crash behind a marker whose pid now belongs to a process started later', () => {
    const path = join(dir, 'w.rekey');
    openWorkspace(path).close();
    const stranger = spawn('sleep', ['10'], { stdio: 'ignore' });
    try {
      const marker = `${path}.open-${stranger.pid}`;
      writeFileSync(marker, '');
      // Left an hour ago by a session that crashed; the pid was handed out again since.
      const anHourAgo = new Date(Date.now() - 3_600_000);
      utimesSync(marker, anHourAgo, anHourAgo);
      expect(openDepth(path)).toBe('full');
      // Had that process opened the file itself, it would be a live session, not a crash.
      writeFileSync(marker, '');
      expect(openDepth(path)).toBe('cheap');
    } finally {
      stranger.kill();
    }
  });

  it('checks the whole file when a write-ahead log was left behind with nobody holding it', () => {
    const path = join(dir, 'w.rekey');
    workspaceWithAudit(path, 10);
    // A copy taken while a connection has written but not checkpointed: the state a kill leaves.
    const live = new Database(path);
    live.pragma('wal_autocheckpoint = 0');
    live.prepare("INSERT INTO audit_log (at, actor, action) VALUES ('2026-01-01', 'a', 'late')").run();
    const copy = join(dir, 'copy.rekey');
    copyFileSync(path, copy);
    copyFileSync(`${path}-wal`, `${copy}-wal`);
    live.close();
    expect(openDepth(copy)).toBe('full');
    const ws = openWorkspace(copy);
    expect(ws.audit.list(1)[0]?.action).toBe('late'); // the log was recovered, not lost
    ws.close();
  });

  it('checks the whole file before a migration', async () => {
    const { migrations } = await import('./migrations');
    const path = join(dir, 'old.rekey');
    const raw = new Database(path);
    raw.exec(migrations[0]!);
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    raw.pragma('user_version = 1');
    raw.close();
    expect(openDepth(path)).toBe('full');
  });

  it('still refuses a small damaged file on open, by reading every page', () => {
    const path = join(dir, 'damaged.rekey');
    workspaceWithAudit(path, 400);
    const bytes = readFileSync(path);
    bytes.fill(0x7a, 4096 * 3, 4096 * 3 + 2000);
    writeFileSync(path, bytes);
    expect(refusal(path)).toMatch(/damaged|cannot be read/);
  });

  it('refuses a file cut short on open, whatever its size, from its header alone', () => {
    const path = join(dir, 'cut.rekey');
    workspaceWithAudit(path, 400);
    const size = readFileSync(path).length;
    truncateSync(path, size - 4096 * 2);
    expect(refusal(path)).toMatch(/cut short|malformed/);
  });

  it('leaves damage deep in a large file to the full check: the next open after a crash finds it', () => {
    const path = join(dir, 'large.rekey');
    workspaceWithAudit(path, Math.ceil(QUICK_CHECK_MAX_BYTES / 900) + 500, 800);
    const bytes = readFileSync(path);
    expect(bytes.length).toBeGreaterThan(QUICK_CHECK_MAX_BYTES);
    const middle = Math.floor(bytes.length / 4096 / 2) * 4096;
    bytes.fill(0x7a, middle + 8, middle + 3000); // a leaf page's cells, its header kept
    writeFileSync(path, bytes);
    expect(openDepth(path)).toBe('cheap'); // milliseconds, and blind to this page
    writeFileSync(`${path}.open-${deadPid()}`, '');
    expect(refusal(path)).toMatch(/damaged/);
    expect(existsSync(`${path}.open-${process.pid}`)).toBe(false);
  });
});
