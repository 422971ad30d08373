import type { TeamLiveState } from '../../src-shared/team/team-status';
import { SyncRoom } from '../team/sync-room';
import { activeLeases, teamMembers } from '../team/team-http';
import type { ServiceContext } from './context';
import { teamDocs, teamToken } from './team-session';

/** How often the app asks the server for leases and members (they are not in the CRDT). */
const POLL_MS = 1000;

class TeamLive {
  readonly state: TeamLiveState = { connected: false, problem: null, presence: [], members: [], leases: [] };
  private room: SyncRoom | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: ServiceContext) {}

  start(): void {
    const m = this.ctx.workspace.team.membership();
    if (!m || this.room) return;
    let token: string;
    try {
      token = teamToken(this.ctx, m);
    } catch (e) {
      this.state.problem = (e as Error).message;
      return;
    }
    const changed = () => this.ctx.events.emit('workspace.changed', { topic: 'team' });
    this.room = new SyncRoom(this.ctx.workspace, teamDocs(this.ctx), {
      serverUrl: m.serverUrl,
      token,
      member: m.member,
      presence: true,
      onPresence: (presence) => {
        this.state.presence = presence;
        changed();
      },
      onStatus: (connected) => {
        this.state.connected = connected;
        if (connected) this.ctx.workspace.transaction(() => this.ctx.workspace.team.markSynced(new Date().toISOString()));
        changed();
      },
    });
    const poll = async () => {
      try {
        const [leases, members] = await Promise.all([activeLeases(m.serverUrl, token), teamMembers(m.serverUrl, token)]);
        const before = JSON.stringify([this.state.leases, this.state.members, this.state.problem]);
        Object.assign(this.state, { leases, members, problem: null });
        if (JSON.stringify([leases, members, null]) !== before) changed();
      } catch (e) {
        if (this.state.problem !== (e as Error).message) {
          this.state.problem = (e as Error).message;
          changed();
        }
      }
      if (this.room) this.timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
  }

  look(changeSet: string | null, rows: number[]): void {
    this.room?.look(changeSet, rows);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.room?.close();
    this.room = undefined;
    Object.assign(this.state, { connected: false, presence: [], leases: [], members: [] });
  }
}

const live = new WeakMap<ServiceContext, TeamLive>();

/**
 * The app syncs continuously: one live room per open workspace, started when the Team
 * page (or anything else) first asks, and after a join.
 */
export function teamLive(ctx: ServiceContext): TeamLive {
  let l = live.get(ctx);
  if (!l) live.set(ctx, (l = new TeamLive(ctx)));
  l.start();
  return l;
}

/** Closes the live room (leaving the team, or the app shutting down). */
export function stopTeamLive(ctx: ServiceContext): void {
  live.get(ctx)?.stop();
}
