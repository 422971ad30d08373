import type { CommandSpec, OptionSpec } from '../command';

const RATE: OptionSpec = { type: 'string', description: "requests per second when the API plan's limit differs from the kind's (0: no pacing, e.g. a sandbox with limits off)" };

export const connectionsAddSpec: CommandSpec = {
  path: ['connections', 'add'],
  summary: 'Add a connection to a remote system (the token is read from --token-env VAR)',
  usage: 'NAME',
  options: {
    kind: { type: 'string', description: 'productboard | productboard-scim | uservoice | braze' },
    url: { type: 'string', description: "the API's base URL (for the sandbox: the url its ready line prints)" },
    'token-env': { type: 'string', description: 'the environment variable that holds the token (never the token itself)' },
    rate: RATE,
  },
};

export const connectionsListSpec: CommandSpec = {
  path: ['connections', 'list'],
  summary: 'List the connections of the workspace',
};

export const connectionsEditSpec: CommandSpec = {
  path: ['connections', 'edit'],
  summary: "Change a connection's name, base URL or token variable",
  usage: 'NAME',
  options: {
    name: { type: 'string', description: 'a new name' },
    url: { type: 'string', description: 'a new base URL' },
    'token-env': { type: 'string', description: 'a new environment variable for the token' },
    rate: RATE,
  },
};

export const connectionsRemoveSpec: CommandSpec = {
  path: ['connections', 'remove'],
  summary: 'Remove a connection and the records pulled from it',
  usage: 'NAME',
};
