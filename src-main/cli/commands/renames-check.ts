import { badInput } from '../../../src-shared/errors';
import { checkRenames, type RenameCheck } from '../../../src-shared/resolver';
import { readCsvFile, requireColumns } from '../../csv/read-csv';
import { requiredOption } from '../args';
import { defineCommand } from '../command';
import { readUsersFile } from '../identity-files';

/** `rekey renames check` (SPEC §9, §4): a batch of any size, in order, as a push would send it. */
export const renamesCheckCommand = defineCommand<Omit<RenameCheck, 'analysis'> & { analysis: RenameCheck['analysis'] }>({
  async run({ options }) {
    const users = readUsersFile(requiredOption(options.users, '--users USERS.json', 'renames check'));
    const file = requiredOption(options.renames, '--renames RENAMES.csv', 'renames check');
    const table = readCsvFile(file, { required: ['current_external_id', 'new_external_id'], ...(options.sheet !== undefined ? { sheet: String(options.sheet) } : {}) });
    const [current, next] = requireColumns(table, ['current_external_id', 'new_external_id']) as [number, number];
    if (table.rows.length === 0) throw badInput('empty_batch', `${file}: the batch has no renames (only a header)`);
    const renames = table.rows.map((r) => ({ current_external_id: r.cells[current]!, new_external_id: r.cells[next]! }));
    return checkRenames(users, renames);
  },
});
