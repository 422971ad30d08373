import type { CommandSpec } from '../command';

export const reviewExportSpec: CommandSpec = {
  path: ['review', 'export'],
  summary: 'Export a change set as a hash-locked review bundle for a reviewer without a shared server',
  usage: 'ID',
  options: { out: { type: 'string', description: 'the bundle file to write' } },
};

export const reviewImportSpec: CommandSpec = {
  path: ['review', 'import'],
  summary: "Import a reviewer's decisions from a review bundle (refused if its rows or plan changed)",
  usage: 'FILE',
};

export const reviewDecideSpec: CommandSpec = {
  path: ['review', 'decide'],
  summary: 'As a reviewer, record a decision for one row inside a review bundle file',
  usage: 'FILE',
  options: {
    row: { type: 'string', description: 'the row index' },
    approve: { type: 'boolean', description: 'approve the row' },
    reject: { type: 'boolean', description: 'reject the row' },
    comment: { type: 'string', description: 'a comment for the author' },
  },
};
