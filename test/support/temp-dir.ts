import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A folder for everything temporary one run makes (workspaces, CSVs, the CLI children
 * it starts, which inherit TMPDIR), removed when the run ends: runs used to leave a few
 * hundred workspaces each in the system's temp folder.
 */
export function runTempDir(name: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `rekey-${name}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Vitest global setup: the test run's temporary files go under one folder. */
export default function setup(): () => void {
  const run = runTempDir('tests');
  const before = process.env.TMPDIR;
  process.env.TMPDIR = run.dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    run.remove();
  };
}
