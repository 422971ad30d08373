import { badInput } from '../../../src-shared/errors';
import type { ResolveMode } from '../../../src-shared/resolver';
import { packUsers, resolvePacked } from '../../../src-shared/resolver/resolve-packed';
import { requiredOption } from '../args';
import { defineCommand } from '../command';
import { checkUsers, readIncomingTable, readUsersTable } from '../identity-files';
import { PrettyJsonArrays } from '../pretty-json-stream';

export function modeOption(value: unknown, command: string): ResolveMode {
  const mode = requiredOption(value, '--mode strict|lenient', command);
  if (mode !== 'strict' && mode !== 'lenient') throw badInput('bad_option', `${command}: --mode must be strict or lenient, not "${mode}"`);
  return mode;
}

/**
 * `rekey resolve` (SPEC §9): what the remote would do with each incoming row, and the users
 * after. On the packed index (issue 22), the same output as IdentityIndex's, written as the
 * rows are resolved: a million rows against a million users in linear time and bounded memory.
 */
export const resolveCommand = defineCommand<undefined>({
  async run({ options, io }) {
    const mode = modeOption(options.mode, 'resolve');
    const usersFile = requiredOption(options.users, '--users USERS.json', 'resolve');
    const users = readUsersTable(usersFile);
    const incoming = readIncomingTable(requiredOption(options.incoming, '--incoming INCOMING.json', 'resolve'));
    const index = checkUsers(usersFile, () => packUsers(users));
    // Nothing is written before every input is read and checked: bad input leaves stdout empty.
    const out = new PrettyJsonArrays(io.stdout);
    out.open('decisions');
    let usersOpen = false;
    const openUsers = () => {
      out.close();
      out.open('users');
      usersOpen = true;
    };
    resolvePacked(index, users, incoming, mode, {
      decision: (d) => out.item(d),
      user: (u) => {
        if (!usersOpen) openUsers();
        out.item(u);
      },
    });
    if (!usersOpen) openUsers();
    out.close();
    out.end();
    return undefined;
  },
});
