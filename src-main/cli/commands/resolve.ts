import { badInput } from '../../../src-shared/errors';
import { resolveRows, type Decision, type IdentityUser, type ResolveMode } from '../../../src-shared/resolver';
import { requiredOption } from '../args';
import { defineCommand } from '../command';
import { readIncomingFile, readUsersFile } from '../identity-files';

export function modeOption(value: unknown, command: string): ResolveMode {
  const mode = requiredOption(value, '--mode strict|lenient', command);
  if (mode !== 'strict' && mode !== 'lenient') throw badInput('bad_option', `${command}: --mode must be strict or lenient, not "${mode}"`);
  return mode;
}

/** `rekey resolve` (SPEC §9): what the remote would do with each incoming row. */
export const resolveCommand = defineCommand<{ decisions: Decision[]; users: IdentityUser[] }>({
  path: ['resolve'],
  summary: 'Resolve incoming identities against users with the matching rules the app uses (strict or lenient)',
  alwaysJson: true,
  options: {
    users: { type: 'string', description: 'USERS.json: [{"id","email"?,"externalId"?,"deprecatedExternalIds"?,"companyId"?}]' },
    incoming: { type: 'string', description: 'INCOMING.json: [{"externalId"?,"email"?}]' },
    mode: { type: 'string', description: 'strict (Users and Notes APIs) or lenient (Insights integrations)' },
  },
  async run({ options }) {
    const mode = modeOption(options.mode, 'resolve');
    const users = readUsersFile(requiredOption(options.users, '--users USERS.json', 'resolve'));
    const incoming = readIncomingFile(requiredOption(options.incoming, '--incoming INCOMING.json', 'resolve'));
    return resolveRows(users, incoming, mode);
  },
});
