import { dirname } from 'node:path';
import { existsSync } from 'node:fs';
import { badInput } from '../../../src-shared/errors';
import { exportAuditCsv } from '../../services/audit-export';
import { defineCommand } from '../command';

/** `rekey audit export --out FILE.csv` (SPEC §7.6). */
export const auditExportCommand = defineCommand<{ path: string; entries: number }>({
  async run({ options, workspace }) {
    const out = options.out as string | undefined;
    if (!out) throw badInput('missing_option', 'audit export: --out FILE.csv is required');
    if (!existsSync(dirname(out))) throw badInput('bad_path', `--out ${out}: folder ${dirname(out)} does not exist`);
    return exportAuditCsv(workspace(), out);
  },
  human: ({ path, entries }) => `Wrote ${entries} audit entries to ${path}\n`,
});
