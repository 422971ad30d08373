import type { CommandSpec } from '../command';

export const changesetsListSpec: CommandSpec = {
  path: ['changesets', 'list'],
  summary: 'List the change sets of the workspace, newest first',
};

export const changesetsShowSpec: CommandSpec = {
  path: ['changesets', 'show'],
  summary: 'Show a change set with its plan, rows, reviews and results (every row, or a page of one review or result)',
  usage: 'ID',
  options: {
    review: { type: 'string', description: 'only the rows of this review: pending, approved, rejected' },
    result: { type: 'string', description: 'only the rows with this push result: applied, failed, skipped, none (not pushed)' },
    offset: { type: 'string', description: 'skip this many of those rows' },
    limit: { type: 'string', description: 'show at most this many rows' },
  },
};

export const changesetsSubmitSpec: CommandSpec = {
  path: ['changesets', 'submit'],
  summary: 'Submit a draft change set for review',
  usage: 'ID',
};

export const changesetsApproveSpec: CommandSpec = {
  path: ['changesets', 'approve'],
  summary: 'Approve a change set in review (rows still pending are approved, or rejected when their check fails)',
  usage: 'ID',
};

export const changesetsRejectSpec: CommandSpec = {
  path: ['changesets', 'reject'],
  summary: 'Send a change set in review back to draft',
  usage: 'ID',
  options: { reason: { type: 'string', description: 'why, for the audit log and the author' } },
};

export const changesetsReviewSpec: CommandSpec = {
  path: ['changesets', 'review'],
  summary: 'Approve or reject one row of a change set in review, with an optional comment',
  usage: 'ID',
  options: {
    row: { type: 'string', description: 'the row index (0-based, as `changesets show` lists it)' },
    approve: { type: 'boolean', description: 'approve the row' },
    reject: { type: 'boolean', description: 'reject the row' },
    comment: { type: 'string', description: 'a comment for the author' },
  },
};
