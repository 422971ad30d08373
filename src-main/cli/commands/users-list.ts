import type { UserRecord, UserRecordRow } from '../../../src-shared/model/record';
import type { RecordsRepo } from '../../store/repos/records';
import { defineCommand } from '../command';

/** SPEC §9: the fields of `rekey users list`. */
type ListedUser = Omit<UserRecord, 'company'>;

/** Every record a search finds, through the search index the Users page uses. */
function searched(records: RecordsRepo, filter: { connection: string | undefined; search: string }): UserRecordRow[] {
  return records.query({ ...(filter.connection ? { connection: filter.connection } : {}), search: filter.search, offset: 0, limit: Number.MAX_SAFE_INTEGER }).rows;
}

/** `rekey users list` — one object per record pulled into the workspace. */
export const usersListCommand = defineCommand<ListedUser[]>({
  async run({ workspace, options }) {
    const connection = options.connection as string | undefined;
    const search = options.search as string | undefined;
    return (search === undefined ? workspace().records.list(connection ? { connection } : {}) : searched(workspace().records, { connection, search }))
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
