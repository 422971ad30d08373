import { createServiceContext } from '../../src-main/services/context';
import { commentInTeam, decideInTeam } from '../../src-main/services/team';
import { teamDocs } from '../../src-main/services/team-session';
import { openWorkspace } from '../../src-main/store/workspace';
import { SyncRoom } from '../../src-main/team/sync-room';

/**
 * One member of the team soak, in its own process: random decisions and comments on a
 * shared change set for `seconds`, connected most of the time, and now and then
 * disconnected (the room closed) while it keeps deciding. Prints what it decided last
 * per row and how many comments it wrote, for the parent to look for everywhere.
 */
const [workspacePath, serverUrl, member, key, secondsText, seedText] = process.argv.slice(2);
const token = process.env.SOAK_TEAM_TOKEN!;
let seed = Number(seedText);
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

const ctx = createServiceContext(openWorkspace(workspacePath!), 'cli');
const rows = 2_000;
const deadline = Date.now() + Number(secondsText) * 1000;
const decided: Record<number, 'approve' | 'reject'> = {};
let comments = 0;
let disconnects = 0;
let room: SyncRoom | undefined = new SyncRoom(ctx.workspace, teamDocs(ctx), { serverUrl: serverUrl!, token, member: member! });

// Bounded in time (the deadline) and in actions (at most 20,000).
for (let step = 0; step < 20_000 && Date.now() < deadline; step++) {
  const r = random();
  if (r < 0.02) {
    if (room) {
      room.close();
      room = undefined;
      disconnects++;
    } else room = new SyncRoom(ctx.workspace, teamDocs(ctx), { serverUrl: serverUrl!, token, member: member! });
  } else if (r < 0.15) {
    commentInTeam(ctx, key!, Math.floor(random() * rows), `note ${step} from ${member}`);
    comments++;
  } else {
    const idx = Math.floor(random() * rows);
    const verdict = random() < 0.8 ? 'approve' : 'reject';
    decideInTeam(ctx, key!, [{ idx, verdict }]);
    decided[idx] = verdict;
  }
  await new Promise((resolve) => setTimeout(resolve, 5 + random() * 30));
}
room?.close();
ctx.workspace.close();
process.stdout.write(JSON.stringify({ member, decided, comments, disconnects }) + '\n');
