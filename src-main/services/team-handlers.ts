import type { TeamPageState } from '../../src-shared/team/team-status';
import type { teamApi } from '../../src-shared/contract/team-api';
import type { ServiceContext } from './context';
import type { Handler } from './handlers';
import { commentInTeam, decideInTeam, joinAndSync, leaveTeam, setTeamPolicy, shareChangeSet, teamStatus, teamView } from './team';
import { teamLive, stopTeamLive } from './team-live';
import { pushSharedChangeSet } from './team-push';

function pageState(ctx: ServiceContext): TeamPageState {
  if (!ctx.workspace.team.membership()) return { joined: false };
  return { joined: true, live: { ...teamLive(ctx).state }, ...teamStatus(ctx) };
}

/** The handlers of the team calls (contract/team-api.ts). */
export const teamHandlers: { [C in keyof typeof teamApi]: Handler<C> } = {
  'team.status': (_input, ctx) => pageState(ctx),
  'team.join': async (input, ctx) => {
    await joinAndSync(ctx, input);
    return pageState(ctx);
  },
  'team.leave': (_input, ctx) => {
    stopTeamLive(ctx);
    return leaveTeam(ctx);
  },
  'team.share': ({ id }, ctx) => {
    teamLive(ctx);
    return shareChangeSet(ctx, id);
  },
  'team.view': ({ key }, ctx) => teamView(ctx, key),
  'team.decide': ({ key, decisions }, ctx) => decideInTeam(ctx, key, decisions),
  'team.comment': ({ key, idx, text }, ctx) => {
    commentInTeam(ctx, key, idx, text);
    return { ok: true };
  },
  'team.look': ({ key, rows }, ctx) => {
    teamLive(ctx).look(key, rows);
    return { ok: true };
  },
  'team.policy': (policy, ctx) => setTeamPolicy(ctx, policy),
  'team.push': async ({ id }, ctx) => {
    // The live room stays open; the push's own sync rounds use a second connection.
    return pushSharedChangeSet(ctx, id, { onProgress: (p) => ctx.events.emit('push.progress', p) });
  },
};
