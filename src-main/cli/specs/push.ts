import type { CommandSpec } from '../command';

export const pushSpec: CommandSpec = {
  path: ['push'],
  summary: 'Push an approved change set (resumes an interrupted push; a finished one prints its report again; --dry-run lists the exact requests)',
  usage: 'ID',
  options: { 'dry-run': { type: 'boolean', description: 'list the requests that would be sent, send nothing' } },
};

export const changesetsRetrySpec: CommandSpec = {
  path: ['changesets', 'retry'],
  summary: 'Stage the failed rows of a pushed change set as a new draft',
  usage: 'ID',
};
