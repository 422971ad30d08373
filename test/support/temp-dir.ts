import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup: every temporary folder a test makes (workspaces, CSVs, the CLI
 * children it starts) goes under one folder of this run, removed when the run ends —
 * a run used to leave a few hundred workspaces in the system's temp folder.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'rekey-tests-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(dir, { recursive: true, force: true });
  };
}
