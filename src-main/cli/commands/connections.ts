import { addConnectionInput, updateConnectionInput } from '../../../src-shared/contract/connection-schemas';
import { badInput } from '../../../src-shared/errors';
import type { Connection } from '../../../src-shared/model/connection';
import { addConnection, removeConnection, updateConnection } from '../../services/connections';
import { defineCommand } from '../command';
import { parseCliInput } from '../validate';

const FLAGS = { name: 'NAME', newName: '--name', kind: '--kind', baseUrl: '--url', tokenEnv: '--token-env', ratePerSecond: '--rate' };

const RATE = { type: 'string' as const, description: "requests per second when the API plan's limit differs from the kind's (0: no pacing, e.g. a sandbox with limits off)" };
const rate = (value: unknown) => (value === undefined ? undefined : Number(value));

function oneName(args: string[], command: string): string {
  if (args.length !== 1) throw badInput('missing_argument', `${command}: give exactly one connection NAME`);
  return args[0]!;
}

const describe = (c: Connection) => `${c.name}\t${c.kind}\t${c.baseUrl}\t${c.tokenEnv ? `$${c.tokenEnv}` : 'keychain'}`;

export const connectionsAddCommand = defineCommand<Connection>({
  path: ['connections', 'add'],
  summary: 'Add a connection to a remote system (the token is read from --token-env VAR)',
  usage: 'NAME',
  options: {
    kind: { type: 'string', description: 'productboard | productboard-scim | uservoice | braze' },
    url: { type: 'string', description: "the API's base URL (for the sandbox: the url its ready line prints)" },
    'token-env': { type: 'string', description: 'the environment variable that holds the token (never the token itself)' },
    rate: RATE,
  },
  async run({ args, options, services }) {
    const input = parseCliInput(
      addConnectionInput,
      { name: oneName(args, 'connections add'), kind: options.kind, baseUrl: options.url, tokenEnv: options['token-env'], ratePerSecond: rate(options.rate) },
      FLAGS,
      'connections add',
    );
    return addConnection(services(), input);
  },
  human: (c) => `Added ${describe(c)}\n`,
});

export const connectionsListCommand = defineCommand<Connection[]>({
  path: ['connections', 'list'],
  summary: 'List the connections of the workspace',
  async run({ workspace }) {
    return workspace().connections.list();
  },
  human: (list) => (list.length ? list.map(describe).join('\n') + '\n' : 'No connections yet (rekey connections add --help).\n'),
});

export const connectionsEditCommand = defineCommand<Connection>({
  path: ['connections', 'edit'],
  summary: "Change a connection's name, base URL or token variable",
  usage: 'NAME',
  options: {
    name: { type: 'string', description: 'a new name' },
    url: { type: 'string', description: 'a new base URL' },
    'token-env': { type: 'string', description: 'a new environment variable for the token' },
    rate: RATE,
  },
  async run({ args, options, services }) {
    const input = parseCliInput(
      updateConnectionInput,
      { name: oneName(args, 'connections edit'), newName: options.name, baseUrl: options.url, tokenEnv: options['token-env'], ratePerSecond: rate(options.rate) },
      FLAGS,
      'connections edit',
    );
    return updateConnection(services(), input);
  },
  human: (c) => `Updated ${describe(c)}\n`,
});

export const connectionsRemoveCommand = defineCommand<{ removed: string; records: number }>({
  path: ['connections', 'remove'],
  summary: 'Remove a connection and the records pulled from it',
  usage: 'NAME',
  async run({ args, services }) {
    return removeConnection(services(), oneName(args, 'connections remove'));
  },
  human: (r) => `Removed ${r.removed} and its ${r.records} records\n`,
});
