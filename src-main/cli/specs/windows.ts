import type { CommandSpec } from '../command';

export const windowsListSpec: CommandSpec = {
  path: ['windows', 'list'],
  summary: 'List open migration windows (deprecated ids that still work), soonest to close first',
  options: { connection: { type: 'string', description: 'only this connection' } },
};

export const windowsCloseSpec: CommandSpec = {
  path: ['windows', 'close'],
  summary: 'Stage a removal batch that closes migration windows (reviewed and pushed like any change set)',
  usage: 'WINDOW_ID…',
  options: { due: { type: 'boolean', description: 'every open window whose closing date has passed' } },
};
