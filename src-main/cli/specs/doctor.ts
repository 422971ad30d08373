import type { CommandSpec } from '../command';

export const doctorSpec: CommandSpec = {
  path: ['doctor'],
  summary: 'Check every page and index of the workspace file, and say whether it is sound',
};
