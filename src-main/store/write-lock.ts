import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { failed } from '../../src-shared/errors';

/** Is a process with this pid alive? (signal 0 checks without signalling.) */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One writer per workspace file (issue 10): a `PATH.lock` file created exclusively,
 * holding the owner's pid. A second process gets a clear error instead of interleaving
 * its writes; a lock left by a process that died (a killed CLI, a crash) is taken over.
 */
export function acquireWriteLock(path: string): () => void {
  const lockPath = `${path}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
        throw failed('workspace_busy', `${path}: the workspace is open for writing in another Rekey process (pid ${owner}); close it there first`);
      }
      rmSync(lockPath, { force: true }); // stale: its owner is gone
    }
  }
  throw failed('workspace_busy', `${path}: could not take the workspace's write lock`);
}
