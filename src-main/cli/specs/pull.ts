import type { CommandSpec } from '../command';

export const pullSpec: CommandSpec = {
  path: ['pull'],
  summary: "Pull a connection's users into the workspace (only what changed, where the API allows; resumes an interrupted pull); --all pulls every connection",
  usage: 'NAME | --all',
  options: {
    all: { type: 'boolean', description: 'pull every connection: those that list their users side by side, then Braze-style ones' },
    full: { type: 'boolean', description: 'read every user even where only the changes could be read (also finds users deleted on the remote)' },
  },
};

export const connectionsTestSpec: CommandSpec = {
  path: ['connections', 'test'],
  summary: 'Check a connection: token, reachability, auth, version header, a first page',
  usage: 'NAME',
};
