import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, type TestContext } from 'vitest';
import { runRekey } from '../support/cli';

/**
 * Issue 10: a full disk and a file that cannot be written fail cleanly, with nothing
 * half-written. Both need root tricks (a tiny tmpfs; an immutable file, which even root
 * cannot write); where the machine does not allow them the tests say why and skip.
 * CI runs as root, and .ci/run sets REKEY_DISK_TESTS=required: there a test that
 * cannot run fails with the reason instead of skipping unseen.
 */
const required = process.env.REKEY_DISK_TESTS === 'required';

/** Runs a command; undefined when it worked, else why not, in words. */
function unavailable(cmd: string, args: string[]): string | undefined {
  if (process.platform !== 'linux') return `${cmd} needs Linux (this is ${process.platform})`;
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) return `${cmd} could not be run (${r.error.message})`;
  if (r.status === 0) return undefined;
  const root = process.getuid?.() === 0 ? '' : ', and this needs root';
  return `\`${cmd} ${args.join(' ')}\` failed (${r.stderr.trim().replace(/\s+/g, ' ') || `exit ${r.status}`})${root}`;
}

/** Skips the test, saying why where the run is read, unless the run requires it. */
function needs(why: string | undefined, ctx: TestContext): void {
  if (why === undefined) return;
  if (required) throw new Error(`REKEY_DISK_TESTS=required, but ${why}`);
  console.warn(`skipped: ${why}`);
  ctx.skip(why);
}

const dir = mkdtempSync(join(tmpdir(), 'rekey-disk-'));
const mnt = join(dir, 'small');
mkdirSync(mnt);
const noTmpfs = unavailable('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', mnt]);
const probe = join(dir, 'probe');
writeFileSync(probe, '');
const noImmutable = unavailable('chattr', ['+i', probe]);
if (noImmutable === undefined) unavailable('chattr', ['-i', probe]);
afterAll(() => {
  if (noTmpfs === undefined) spawnSync('umount', [mnt]);
});
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('storage failures', () => {
  it('a full disk fails the command with one clear line and leaves the workspace as it was', (ctx) => {
    needs(noTmpfs && `no 512 KiB tmpfs to fill: ${noTmpfs}`, ctx);
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

  it('a workspace that cannot be written is refused with one clear line, untouched', (ctx) => {
    needs(noImmutable && `no immutable file: ${noImmutable}`, ctx);
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
