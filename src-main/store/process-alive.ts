import { readFileSync } from 'node:fs';

/** Is a process with this pid alive on this machine? (signal 0 checks without signalling.) */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, it is just not ours to signal.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Is the process that left a mark at `markedAt` (a lease, a clean-close marker) still
 * running? Pids are reused: after a reboot or a long uptime another process can have the
 * same pid, and counting it as the holder would keep a lease or hide a crash for ever. Where
 * the system tells when a process started (Linux's /proc), a process that started after
 * the mark was made is not the one that made it.
 */
export function processAliveSince(pid: number, markedAt: Date): boolean {
  if (!processAlive(pid)) return false;
  if (pid === process.pid) return true;
  const started = processStartMs(pid);
  // The boot time is in whole seconds and a tick is 10 ms: allow for both.
  return started === undefined || started <= markedAt.getTime() + 2000;
}

/** Linux's clock ticks per second for /proc times (USER_HZ, 100 on every Linux ABI). */
const USER_HZ = 100;

/** When the process started, in ms since the epoch; undefined where /proc cannot tell. */
export function processStartMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTicks = Number(fields[19]);
    const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    if (!btime || !Number.isFinite(startTicks)) return undefined;
    return Number(btime[1]) * 1000 + (startTicks / USER_HZ) * 1000;
  } catch {
    return undefined;
  }
}
