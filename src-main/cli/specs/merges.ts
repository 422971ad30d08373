import type { CommandSpec, OptionSpec } from '../command';

/** Who survives a merge and which values win, as the side-by-side view chooses them. */
const choiceOptions: Record<string, OptionSpec> = {
  survivor: { type: 'string', description: 'the survivor as CONNECTION/REMOTE_ID (default: the first record of each system)' },
  email: { type: 'string', description: "the survivor's email after the merge (default: its own)" },
  'external-id': { type: 'string', description: "the survivor's external id after the merge" },
  name: { type: 'string', description: "the survivor's name after the merge" },
};

export const mergesFindSpec: CommandSpec = {
  path: ['merges', 'find'],
  summary: 'Find duplicate candidates among pulled users, highest confidence first, with their evidence',
  options: {
    'min-confidence': { type: 'string', description: 'show candidates at or above this confidence (0–1, default 0.6)' },
    offset: { type: 'string', description: 'skip this many candidates (of the list, highest confidence first)' },
    limit: { type: 'string', description: 'show at most this many candidates' },
  },
};

export const mergesDismissSpec: CommandSpec = {
  path: ['merges', 'dismiss'],
  summary: 'Mark a candidate "not a duplicate"; it stays dismissed on later pulls',
  usage: 'KEY',
  options: { reason: { type: 'string', description: 'why, for the audit log' } },
};

export const mergesPlanSpec: CommandSpec = {
  path: ['merges', 'plan'],
  summary: "Show a candidate's merge per system: the requests Rekey would push and the checklist of steps by hand",
  usage: 'KEY',
  options: { ...choiceOptions, checklist: { type: 'string', description: 'write the checklist (Markdown) to this file' } },
};

export const mergesStageSpec: CommandSpec = {
  path: ['merges', 'stage'],
  summary: "Stage a candidate's merge as merge change sets (one per system with something to push), as drafts for review",
  usage: 'KEY',
  options: choiceOptions,
};

export const mergesUndoSpec: CommandSpec = {
  path: ['merges', 'undo'],
  summary: "Stage the way back from an applied merge change set: each step's stored undo, in reverse, as a draft",
  usage: 'ID',
};
