import type { Connection } from '../../../src-shared/model/connection';
import { defineCommand } from '../command';

/** One connection as the connections commands print it: name, kind, URL, where its token is. */
export const connectionLine = (c: Connection) => `${c.name}\t${c.kind}\t${c.baseUrl}\t${c.tokenEnv ? `$${c.tokenEnv}` : 'keychain'}`;

/**
 * `rekey connections list`: a module of its own, without the contract's schemas (zod) that
 * adding and editing a connection validate with, since it times how fast a workspace opens
 * (issue 22).
 */
export const connectionsListCommand = defineCommand<Connection[]>({
  async run({ workspace }) {
    return workspace().connections.list();
  },
  human: (list) => (list.length ? list.map(connectionLine).join('\n') + '\n' : 'No connections yet (rekey connections add --help).\n'),
});
