import { badInput, failed } from '../../src-shared/errors';
import type { TeamMembership } from '../store/repos/team';
import type { Workspace } from '../store/workspace';
import { LocalTeamDocs } from '../team/local-docs';
import { SyncRoom } from '../team/sync-room';
import type { ServiceContext } from './context';

const open = new WeakMap<Workspace, LocalTeamDocs>();

/** The workspace's shared docs, loaded once per open workspace. */
export function teamDocs(ctx: ServiceContext): LocalTeamDocs {
  let docs = open.get(ctx.workspace);
  if (!docs) {
    docs = new LocalTeamDocs(ctx.workspace);
    docs.onChange = () => ctx.events.emit('workspace.changed', { topic: 'team' });
    open.set(ctx.workspace, docs);
  }
  return docs;
}

export function requireMembership(ctx: ServiceContext): TeamMembership {
  const m = ctx.workspace.team.membership();
  if (!m) throw badInput('not_in_team', 'this workspace has not joined a team (rekey team join URL --member NAME --token-env VAR)');
  return m;
}

/**
 * The member token: from the environment variable named at join, or in the desktop app
 * from the OS keychain. Never from the workspace.
 */
export function teamToken(ctx: ServiceContext, m: TeamMembership, env: NodeJS.ProcessEnv = process.env): string {
  if (m.tokenEnv) {
    const token = env[m.tokenEnv];
    if (!token) throw failed('token_missing', `team member token: environment variable ${m.tokenEnv} is not set`);
    return token;
  }
  const token = m.tokenRef ? ctx.secrets.vault?.read(m.tokenRef) : undefined;
  if (!token) throw failed('token_missing', 'team member token: it is no longer in the keychain; leave the team and join again');
  return token;
}

/** One round trip with the server: send what is pending, receive what is new, then close. */
export async function syncOnce(ctx: ServiceContext, timeoutMs = 15_000): Promise<void> {
  const m = requireMembership(ctx);
  const docs = teamDocs(ctx);
  const room = new SyncRoom(ctx.workspace, docs, { serverUrl: m.serverUrl, token: teamToken(ctx, m), member: m.member });
  try {
    await room.whenSettled(timeoutMs);
    // Change sets listed by the index just received are attached by now; wait for them too.
    await room.whenSettled(timeoutMs);
  } finally {
    room.close();
  }
  ctx.workspace.transaction(() => ctx.workspace.team.markSynced(new Date().toISOString()));
  docs.compact();
}
