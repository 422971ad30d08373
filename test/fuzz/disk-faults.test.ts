import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runRekey } from '../support/cli';

/**
 * Issue 10: a full disk and a file that cannot be written fail cleanly, with nothing
 * half-written. Both need root tricks (a tiny tmpfs; an immutable file, which even root
 * cannot write); where the machine does not allow them the tests say so and skip.
 */
const can = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'rekey-disk-'));
const mnt = join(dir, 'small');
mkdirSync(mnt);
const tmpfs = process.platform === 'linux' && can('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', mnt]);
const probe = join(dir, 'probe');
writeFileSync(probe, '');
const immutable = process.platform === 'linux' && can('chattr', ['+i', probe]) && (can('chattr', ['-i', probe]) || true);
afterAll(() => {
  if (tmpfs) spawnSync('umount', [mnt]);
});
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('storage failures', () => {
  it.skipIf(!tmpfs)('a full disk fails the command with one clear line and leaves the workspace as it was', () => {
    const db = join(mnt, 'w.rekey');
    expect(runRekey(['--db', db, 'connections', 'add', 'braze', '--kind', 'braze', '--url', 'http://127.0.0.1:9', '--token-env', 'T']).code).toBe(0);
    const csv = join(dir, 'big.csv');
    writeFileSync(csv, 'current_external_id,new_external_id\n' + Array.from({ length: 40_000 }, (_, i) => `legacy-${i}-${'x'.repeat(20)},usr_${i}`).join('\n') + '\n');
    // Leave room to open the workspace (its -shm and -wal) but not for the batch.
    const { bavail, bsize } = statfsSync(mnt);
    writeFileSync(join(mnt, 'filler'), Buffer.alloc(Math.max(0, bavail * bsize - 160 * 1024)));
    const before = sha(db);
    const r = runRekey(['--db', db, 'changesets', 'create', '--kind', 'rename', '--connection', 'braze', '--file', csv]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/disk is full/)]);
    expect(sha(db)).toBe(before);
  });

  it.skipIf(!immutable)('a workspace that cannot be written is refused with one clear line, untouched', () => {
    const db = join(dir, 'ro.rekey');
    expect(runRekey(['--db', db, 'users', 'list']).code).toBe(0);
    const before = sha(db);
    execFileSync('chattr', ['+i', db]);
    try {
      const r = runRekey(['--db', db, 'connections', 'add', 'pb', '--kind', 'productboard', '--url', 'http://127.0.0.1:9', '--token-env', 'T']);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining(`${db}: the workspace cannot be written`)]);
    } finally {
      execFileSync('chattr', ['-i', db]);
    }
    expect(sha(db)).toBe(before);
  });
});
