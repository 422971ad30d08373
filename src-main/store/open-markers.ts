import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { processAliveSince } from './process-alive';

export interface OpenMarkers {
  /**
   * The last session on this file did not close it: a marker whose process is gone, or
   * a write-ahead log left behind with nobody holding the file open.
   */
  unclean: boolean;
  /** Forgets the markers of dead processes (once a full check has found the file sound). */
  clearStale: () => void;
  /** Removes this process's marker: call after closing the database. */
  release: () => void;
}

/**
 * A clean-close marker per process (`PATH.open-PID`), removed when the workspace is
 * closed. A full integrity check costs about a second per 150 MB, so it runs only where
 * it pays: when a marker outlives its process (a crash, a kill, a power cut), the next
 * open checks the whole file. One marker per process, not one flag in the file: two
 * Rekey processes may hold one workspace, and writing a flag would itself be a change
 * the other process sees.
 */
export function markOpen(path: string): OpenMarkers {
  const held = heldHere.get(path);
  if (held) {
    // This process has the file open already: its marker stands for both.
    held.count++;
    return { unclean: false, clearStale: () => undefined, release: once(() => releaseHeld(path)) };
  }
  const folder = dirname(path);
  const prefix = `${basename(path)}.open-`;
  const stale: string[] = [];
  let liveOther = false;
  for (const name of listFolder(folder)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (!Number.isInteger(pid) || pid <= 0) continue;
    // The marker's time is when its process opened the file: a pid reused since is not it.
    if (pid !== process.pid && processAliveSince(pid, markedAt(join(folder, name)))) liveOther = true;
    else if (pid !== process.pid) stale.push(join(folder, name));
  }
  // A write-ahead log with content is left only by a connection that did not close
  // (the last one to close checkpoints and deletes it) — unless another process holds it.
  const hotWal = !liveOther && walSize(path) > 0;
  const own = join(folder, `${prefix}${process.pid}`);
  try {
    writeFileSync(own, '');
  } catch {
    // A folder that cannot be written: opening for writing fails there anyway, and says
    // so plainly (workspace_readonly); the marker is not what should report it.
  }
  heldHere.set(path, { count: 1, file: own });
  return {
    unclean: stale.length > 0 || hotWal,
    clearStale: () => {
      for (const file of stale) rmSync(file, { force: true });
    },
    release: once(() => releaseHeld(path)),
  };
}

const heldHere = new Map<string, { count: number; file: string }>();

function releaseHeld(path: string): void {
  const held = heldHere.get(path);
  if (!held || --held.count > 0) return;
  heldHere.delete(path);
  rmSync(held.file, { force: true });
}

function listFolder(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

function walSize(path: string): number {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
}

function once(f: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    f();
  };
}

function markedAt(file: string): Date {
  try {
    return statSync(file).mtime;
  } catch {
    return new Date();
  }
}
