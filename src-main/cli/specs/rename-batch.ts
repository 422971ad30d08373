import type { CommandSpec } from '../command';

export const changesetsBatchSpec: CommandSpec = {
  path: ['changesets', 'batch'],
  summary: 'Show a rename batch side by side: each person in every system, what keeps working, what is left by hand',
  usage: 'KEY',
};

export const changesetsPushBatchSpec: CommandSpec = {
  path: ['changesets', 'push-batch'],
  summary: 'Push every approved change set of a rename batch side by side, each system under its own rate limit',
  usage: 'KEY',
};
