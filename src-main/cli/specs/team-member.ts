import type { CommandSpec } from '../command';

export const teamJoinSpec: CommandSpec = {
  path: ['team', 'join'],
  summary: 'Join a team server with this workspace (the member token is read from --token-env, never stored)',
  usage: 'URL',
  options: {
    member: { type: 'string', description: 'your member name, as the server’s operator invited you' },
    'token-env': { type: 'string', description: 'the environment variable holding your member token' },
  },
};

export const teamStatusSpec: CommandSpec = {
  path: ['team', 'status'],
  summary: 'The team: server, member, last sync, local changes not sent yet, shared change sets and their conflicts',
};

export const teamSyncSpec: CommandSpec = {
  path: ['team', 'sync'],
  summary: 'Exchange changes with the team server once: send what was decided here, receive what the others decided',
};

export const teamLeaveSpec: CommandSpec = {
  path: ['team', 'leave'],
  summary: 'Leave the team: forget the server and the shared documents (local change sets stay)',
};

export const teamShareSpec: CommandSpec = {
  path: ['team', 'share'],
  summary: 'Share a change set with the team for review (a draft is submitted first); again after restaging it',
  usage: 'ID',
};

export const teamReviewSpec: CommandSpec = {
  path: ['team', 'review'],
  summary: 'Decide rows of a shared change set as yourself: --row N (or --all) with --approve or --reject',
  usage: 'KEY',
  options: {
    row: { type: 'string', multiple: true, description: 'a row index (repeat for several)' },
    all: { type: 'boolean', description: 'every row' },
    approve: { type: 'boolean', description: 'approve the rows' },
    reject: { type: 'boolean', description: 'reject the rows' },
    comment: { type: 'string', description: 'a comment on each row decided' },
  },
};

export const teamCommentSpec: CommandSpec = {
  path: ['team', 'comment'],
  summary: 'Comment on a row of a shared change set',
  usage: 'KEY',
  options: { row: { type: 'string', description: 'the row index' }, text: { type: 'string', description: 'the comment' } },
};

export const teamPolicySpec: CommandSpec = {
  path: ['team', 'policy'],
  summary: "Set the team's approval policy: --approvals N, --author-may-approve or --author-may-not-approve",
  options: {
    approvals: { type: 'string', description: 'approvals each row needs (default 1)' },
    'author-may-approve': { type: 'boolean', description: 'the author’s own approval counts' },
    'author-may-not-approve': { type: 'boolean', description: 'only others’ approvals count (the default)' },
  },
};

export const teamPushSpec: CommandSpec = {
  path: ['team', 'push'],
  summary: 'Push a shared change set the team approved, holding the team’s push lease; results are published to the team',
  usage: 'ID',
};
