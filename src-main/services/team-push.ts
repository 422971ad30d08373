import { failed } from '../../src-shared/errors';
import { publishResultsInDoc } from '../../src-shared/team/change-set-doc';
import { releaseLease, takeLease } from '../team/team-http';
import { approveChangeSet, requireChangeSet, reviewRows } from './change-sets';
import type { ServiceContext } from './context';
import { pushChangeSet, type PushResult, type PushServiceOptions } from './push';
import { teamView } from './team';
import { requireMembership, syncOnce, teamDocs, teamToken } from './team-session';

/**
 * Pushes a shared change set the team has approved, as one pusher: the lease is taken
 * from the server first (another member holding it stops this push with their name and
 * since when), the team's decisions become the local rows' reviews, the push runs from
 * this machine (which holds the connection's token and keeps the journal), and each
 * row's result is published to the team before the lease is released.
 */
export async function pushSharedChangeSet(ctx: ServiceContext, id: number, options: PushServiceOptions = {}): Promise<PushResult & { key: string }> {
  const m = requireMembership(ctx);
  const token = teamToken(ctx, m);
  const key = ctx.workspace.team.linkedKey(id);
  if (!key) throw failed('not_shared', `change set ${id} was not shared with the team (rekey team share ${id})`);
  await syncOnce(ctx);
  const cs = requireChangeSet(ctx, id);
  if (cs.state === 'in_review') {
    const { review } = teamView(ctx, key);
    if (!review.approvable) throw failed('team_not_approved', `the team has not approved change set ${id} yet: ${review.blockers.join('; ')}`);
  }
  const taken = await takeLease(m.serverUrl, token, key);
  if (!taken.granted) throw failed('push_lease_held', `change set ${id} is being pushed by ${taken.lease.member} since ${taken.lease.since}`);
  try {
    if (cs.state === 'in_review') {
      const { review } = teamView(ctx, key);
      ctx.workspace.transaction(() => {
        reviewRows(
          ctx,
          id,
          review.rows.map((r) => ({
            idx: r.idx,
            review: r.status === 'approved' ? 'approved' : 'rejected',
            comment: `${r.status} by ${r.current.map((d) => d.member).join(', ') || 'nobody'} (team)`,
          })),
        );
        approveChangeSet(ctx, id);
      });
    }
    const result = await pushChangeSet(ctx, id, options);
    const at = new Date().toISOString();
    const doc = teamDocs(ctx).changeSet(key);
    const results = ctx.workspace.changeSets
      .rows(id)
      .filter((r) => r.result !== null)
      .map((r) => ({ idx: r.idx, result: r.result!, detail: r.resultDetail, by: m.member, at }));
    ctx.workspace.write({ action: 'team.results_published', subject: key, detail: { rows: results.length } }, () => publishResultsInDoc(doc, results));
    await syncOnce(ctx);
    return { ...result, key };
  } finally {
    await releaseLease(m.serverUrl, token, key).catch(() => undefined);
  }
}
