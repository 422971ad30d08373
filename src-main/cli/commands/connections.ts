import { addConnectionInput, updateConnectionInput } from '../../../src-shared/contract/connection-schemas';
import { badInput } from '../../../src-shared/errors';
import type { Connection } from '../../../src-shared/model/connection';
import { addConnection, removeConnection, updateConnection } from '../../services/connections';
import { defineCommand } from '../command';
import { parseCliInput } from '../validate';
import { connectionLine } from './connections-list';

const FLAGS = { name: 'NAME', newName: '--name', kind: '--kind', baseUrl: '--url', tokenEnv: '--token-env', ratePerSecond: '--rate' };

const rate = (value: unknown) => (value === undefined ? undefined : Number(value));

function oneName(args: string[], command: string): string {
  if (args.length !== 1) throw badInput('missing_argument', `${command}: give exactly one connection NAME`);
  return args[0]!;
}

export const connectionsAddCommand = defineCommand<Connection>({
  async run({ args, options, services }) {
    const input = parseCliInput(
      addConnectionInput,
      { name: oneName(args, 'connections add'), kind: options.kind, baseUrl: options.url, tokenEnv: options['token-env'], ratePerSecond: rate(options.rate) },
      FLAGS,
      'connections add',
    );
    return addConnection(services(), input);
  },
  human: (c) => `Added ${connectionLine(c)}\n`,
});

export const connectionsEditCommand = defineCommand<Connection>({
  async run({ args, options, services }) {
    const input = parseCliInput(
      updateConnectionInput,
      { name: oneName(args, 'connections edit'), newName: options.name, baseUrl: options.url, tokenEnv: options['token-env'], ratePerSecond: rate(options.rate) },
      FLAGS,
      'connections edit',
    );
    return updateConnection(services(), input);
  },
  human: (c) => `Updated ${connectionLine(c)}\n`,
});

export const connectionsRemoveCommand = defineCommand<{ removed: string; records: number }>({
  async run({ args, services }) {
    return removeConnection(services(), oneName(args, 'connections remove'));
  },
  human: (r) => `Removed ${r.removed} and its ${r.records} records\n`,
});
