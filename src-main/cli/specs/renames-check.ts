import type { CommandSpec } from '../command';

export const renamesCheckSpec: CommandSpec = {
  path: ['renames', 'check'],
  summary: 'Check a rename batch (CSV: current_external_id,new_external_id) against users: errors, chains, collisions, swaps',
  alwaysJson: true,
  options: {
    users: { type: 'string', description: 'USERS.json, as for rekey resolve' },
    renames: { type: 'string', description: 'RENAMES.csv (or .xlsx) with the columns current_external_id,new_external_id' },
    sheet: { type: 'string', description: 'an .xlsx file: the sheet to read, by name (default: the first)' },
  },
};
