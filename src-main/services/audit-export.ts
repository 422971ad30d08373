import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { csvLine } from '../../src-shared/csv/write';
import type { Workspace } from '../store/workspace';

const HEADER = ['id', 'at', 'actor', 'action', 'subject', 'detail'];

/**
 * Writes the whole audit log as CSV. It goes to a temporary file renamed into place,
 * so a crash never leaves a half-written export under the asked-for name.
 */
export function exportAuditCsv(workspace: Workspace, outPath: string): { path: string; entries: number } {
  const tmp = `${outPath}.partial`;
  const fd = openSync(tmp, 'w');
  let entries = 0;
  try {
    writeSync(fd, csvLine(HEADER));
    for (const e of workspace.audit.iterate()) {
      writeSync(fd, csvLine([String(e.id), e.at, e.actor, e.action, e.subject ?? '', JSON.stringify(e.detail)]));
      entries++;
    }
    closeSync(fd);
    renameSync(tmp, outPath);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
    rmSync(tmp, { force: true });
    throw e;
  }
  workspace.write({ action: 'audit.exported', subject: outPath, detail: { entries } }, () => undefined);
  return { path: outPath, entries };
}
