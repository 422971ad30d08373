import type { CommandSpec } from '../command';

export const auditExportSpec: CommandSpec = {
  path: ['audit', 'export'],
  summary: 'Export the audit log as CSV',
  options: { out: { type: 'string', description: 'the CSV file to write' } },
};
