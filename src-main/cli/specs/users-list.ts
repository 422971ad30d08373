import type { CommandSpec } from '../command';

export const usersListSpec: CommandSpec = {
  path: ['users', 'list'],
  summary: 'List the user records pulled into the workspace',
  options: {
    connection: { type: 'string', description: 'only the records of this connection' },
    search: { type: 'string', description: 'only the records with a word of their email, ids or name starting so (as the Users page searches)' },
  },
};
