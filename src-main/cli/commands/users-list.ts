import type { UserRecord } from '../../../src-shared/model/record';
import { defineCommand } from '../command';

/** SPEC §9: the fields of `rekey users list`. */
type ListedUser = Omit<UserRecord, 'company'>;

/** `rekey users list` — one object per record pulled into the workspace. */
export const usersListCommand = defineCommand<ListedUser[]>({
  path: ['users', 'list'],
  summary: 'List the user records pulled into the workspace',
  options: { connection: { type: 'string', description: 'only the records of this connection' } },
  async run({ workspace, options }) {
    const connection = options.connection as string | undefined;
    return workspace()
      .records.list(connection ? { connection } : {})
      .map(({ connection, remoteId, email, externalId, deprecatedExternalIds, name, status }) => ({
        connection,
        remoteId,
        email,
        externalId,
        deprecatedExternalIds,
        name,
        status,
      }));
  },
  human(records) {
    if (records.length === 0) return 'No records yet. Add a connection and pull it (rekey connections add --help).\n';
    return records
      .map((r) => [r.connection, r.remoteId, r.email ?? '-', r.externalId ?? '-', r.status].join('\t'))
      .join('\n')
      .concat('\n');
  },
});
