import { badInput } from '../../../src-shared/errors';
import type { TeamReviewView } from '../../../src-shared/team/derive-review';
import type { ApprovalPolicy, SharedChangeSetEntry } from '../../../src-shared/team/team-doc';
import { commentInTeam, decideInTeam, joinAndSync, leaveTeam, mirrorWorkspaceDecisions, setTeamPolicy, shareChangeSet, teamStatus, teamView, type TeamStatus } from '../../services/team';
import { pushSharedChangeSet } from '../../services/team-push';
import { syncOnce } from '../../services/team-session';
import { idArgument, intOption, requiredOption } from '../args';
import { defineCommand } from '../command';

const statusLines = (s: TeamStatus) =>
  [
    `Team server ${s.server}, member ${s.member}; last sync ${s.lastSyncAt ?? 'never'}; ${s.pendingUpdates} local change${s.pendingUpdates === 1 ? '' : 's'} not sent yet`,
    `Policy: ${s.policy.approvals} approval${s.policy.approvals === 1 ? '' : 's'} per row${s.policy.authorMayApprove ? ', the author may approve' : ', not by the author'}`,
    ...s.changeSets.map(
      (cs) =>
        `${cs.key}\t${cs.kind}\t${cs.rows} rows: ${cs.counts.approved} approved, ${cs.counts.rejected} rejected, ${cs.counts.pending} pending, ${cs.counts.conflict} in conflict${cs.counts.stale ? `, ${cs.counts.stale} with stale decisions` : ''}\t${cs.approvable ? 'ready to push' : cs.blockers.join('; ')}\t${cs.title}`,
    ),
    ...s.conflicts.map((c) => `Conflict in ${c.changeSet} row ${c.idx}: approved by ${c.approvedBy.join(', ')}, rejected by ${c.rejectedBy.join(', ')}`),
  ].join('\n') + '\n';

export const teamJoinCommand = defineCommand<TeamStatus>({
  async run({ args, options, services }) {
    if (args.length !== 1) throw badInput('missing_argument', 'team join: give the server URL (ws://HOST:PORT)');
    const ctx = services();
    await joinAndSync(ctx, { url: args[0]!, member: requiredOption(options.member, '--member NAME', 'team join'), tokenEnv: requiredOption(options['token-env'], '--token-env VAR', 'team join') });
    return teamStatus(ctx);
  },
  human: statusLines,
});

export const teamStatusCommand = defineCommand<TeamStatus>({
  async run({ services }) {
    return teamStatus(services());
  },
  human: statusLines,
});

export const teamSyncCommand = defineCommand<TeamStatus>({
  async run({ services }) {
    const ctx = services();
    mirrorWorkspaceDecisions(ctx);
    await syncOnce(ctx);
    mirrorWorkspaceDecisions(ctx);
    await syncOnce(ctx);
    return teamStatus(ctx);
  },
  human: statusLines,
});

export const teamLeaveCommand = defineCommand<{ left: string }>({
  async run({ services }) {
    return leaveTeam(services());
  },
  human: (r) => `Left the team at ${r.left}.\n`,
});

export const teamShareCommand = defineCommand<SharedChangeSetEntry>({
  async run({ args, services }) {
    const ctx = services();
    const entry = shareChangeSet(ctx, idArgument(args, 'team share'));
    await syncOnce(ctx).catch(() => undefined);
    return entry;
  },
  human: (e) => `Shared as ${e.key}: ${e.rows} rows for review (rekey team sync sends it if the server was not reachable).\n`,
});

export const teamReviewCommand = defineCommand<TeamReviewView['counts'] & { key: string }>({
  async run({ args, options, services }) {
    if (args.length !== 1) throw badInput('missing_argument', 'team review: give the shared change set KEY (rekey team status lists them)');
    if (Boolean(options.approve) === Boolean(options.reject)) throw badInput('bad_option', 'team review: give exactly one of --approve or --reject');
    const ctx = services();
    const key = args[0]!;
    const rows = options.all
      ? teamView(ctx, key).review.rows.map((r) => r.idx)
      : ((options.row as string[] | undefined) ?? []).map((r) => intOption(r, '--row', 'team review')!);
    if (rows.length === 0) throw badInput('missing_option', 'team review: give --row N or --all');
    const comment = (options.comment as string | undefined) ?? null;
    const view = decideInTeam(ctx, key, rows.map((idx) => ({ idx, verdict: options.approve ? 'approve' : 'reject', comment })));
    return { key, ...view.counts };
  },
  human: (c) => `${c.key}: ${c.approved} approved, ${c.rejected} rejected, ${c.pending} pending, ${c.conflict} in conflict (rekey team sync shares it)\n`,
});

export const teamCommentCommand = defineCommand<{ key: string; row: number }>({
  async run({ args, options, services }) {
    if (args.length !== 1) throw badInput('missing_argument', 'team comment: give the shared change set KEY');
    const row = intOption(options.row, '--row', 'team comment');
    if (row === undefined) throw badInput('missing_option', 'team comment: --row N is required');
    commentInTeam(services(), args[0]!, row, requiredOption(options.text, '--text', 'team comment'));
    return { key: args[0]!, row };
  },
  human: (r) => `Commented on ${r.key} row ${r.row}.\n`,
});

export const teamPolicyCommand = defineCommand<ApprovalPolicy>({
  async run({ options, services }) {
    const ctx = services();
    const current = teamStatus(ctx).policy;
    if (options['author-may-approve'] && options['author-may-not-approve']) throw badInput('bad_option', 'team policy: give one of --author-may-approve or --author-may-not-approve');
    return setTeamPolicy(ctx, {
      approvals: intOption(options.approvals, '--approvals', 'team policy', 1) ?? current.approvals,
      authorMayApprove: options['author-may-approve'] ? true : options['author-may-not-approve'] ? false : current.authorMayApprove,
    });
  },
  human: (p) => `Policy: ${p.approvals} approval${p.approvals === 1 ? '' : 's'} per row, ${p.authorMayApprove ? 'the author may approve' : 'not by the author'}.\n`,
});

export const teamPushCommand = defineCommand<{ key: string; id: number; applied: number; failed: number }>({
  async run({ args, services, signal }) {
    const r = await pushSharedChangeSet(services(), idArgument(args, 'team push'), { signal });
    return { key: r.key, id: r.id, applied: r.applied, failed: r.failed };
  },
  human: (r) => `Pushed ${r.key}: ${r.applied} applied, ${r.failed} failed; the results are shared with the team.\n`,
});
