import { existsSync } from 'node:fs';
import { badInput, failed } from '../../../src-shared/errors';
import { describeCheck, type WorkspaceCheck } from '../../../src-shared/model/workspace-check';
import { checkWorkspaceFile } from '../../store/integrity';
import { defineCommand } from '../command';

/**
 * `rekey doctor`: the full check open skips after a clean close (issue 22). It reads the
 * file without opening it as a workspace, so it also speaks about a file open refuses.
 */
export const doctorCommand = defineCommand<WorkspaceCheck>({
  async run({ dbPath, json, io }) {
    if (!existsSync(dbPath)) throw badInput('no_workspace', `${dbPath}: there is no workspace file here`);
    const { ok, problems, pages, bytes, ms } = checkWorkspaceFile(dbPath);
    const check: WorkspaceCheck = { path: dbPath, ok, problems, pages, bytes, ms };
    if (ok) return check;
    // Damaged: the report on stdout, and exit 1 with one line on stderr.
    io.stdout(json ? `${JSON.stringify(check, null, 2)}\n` : `${dbPath}\n${describeCheck(check)}\n`);
    throw failed('workspace_damaged', `${dbPath}: the workspace file is damaged; restore it from a backup`);
  },
  human: (check) => `${check.path}\n${describeCheck(check)}\n`,
});
