import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../../src-shared/canonical-json';
import { badInput, failed } from '../../src-shared/errors';
import {
  commentInDoc,
  decideManyInDoc,
  readComments,
  readDecisions,
  readMeta,
  readResults,
  readRows,
  stageIntoDoc,
  type SharedVerdict,
} from '../../src-shared/team/change-set-doc';
import { deriveReview, type TeamReviewView } from '../../src-shared/team/derive-review';
import {
  listInIndex,
  readDismissals,
  readIndex,
  readMappings,
  readPolicy,
  setPolicy,
  shareDismissal,
  shareMapping,
  type ApprovalPolicy,
  type SharedChangeSetEntry,
} from '../../src-shared/team/team-doc';
export type { TeamStatus };
import type { TeamChangeSetSummary, TeamStatus } from '../../src-shared/team/team-status';
import type { StoredMapping } from '../store/repos/import-mappings';
import { requireChangeSet, submitChangeSet } from './change-sets';
import type { ServiceContext } from './context';
import { requireMembership, syncOnce, teamDocs } from './team-session';

const MEMBER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function validMemberName(name: string, field = 'member'): string {
  if (!MEMBER_NAME.test(name)) throw badInput('bad_member_name', `${field}: "${name}" is not a member name (letters, digits, . _ -, at most 64)`);
  return name;
}

/**
 * Joins a team. The token is named by an environment variable (CLI, browser mode), or
 * typed into the desktop app, which keeps it in the OS keychain.
 */
export function joinTeam(ctx: ServiceContext, input: { url: string; member: string; tokenEnv?: string | undefined; token?: string | undefined }): void {
  if (!/^wss?:\/\/[^/\s]+\/?$/.test(input.url)) throw badInput('bad_team_url', `URL: "${input.url}" is not a team server address (ws://HOST:PORT or wss://HOST)`);
  validMemberName(input.member);
  if (input.tokenEnv === undefined && input.token === undefined) throw badInput('missing_option', '--token-env: give the environment variable that holds your member token');
  if (input.tokenEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(input.tokenEnv)) throw badInput('bad_token_env', `--token-env: "${input.tokenEnv}" is not an environment variable name`);
  if (input.tokenEnv === undefined && !ctx.secrets.vault) {
    throw badInput('token_needs_env', 'the member token is read from an environment variable here (tokenEnv); only the desktop app keeps typed tokens, in the OS keychain');
  }
  const current = ctx.workspace.team.membership();
  if (current) throw badInput('already_in_team', `this workspace is already a member of ${current.serverUrl} as ${current.member} (rekey team leave first)`);
  let tokenRef: string | null = null;
  if (input.tokenEnv === undefined && input.token !== undefined && ctx.secrets.vault) {
    tokenRef = `team-${randomUUID()}`;
    ctx.secrets.vault.save(tokenRef, input.token);
  }
  ctx.workspace.write({ action: 'team.joined', subject: input.url, detail: { member: input.member } }, () =>
    ctx.workspace.team.join({ serverUrl: input.url.replace(/\/$/, ''), member: input.member, tokenEnv: input.tokenEnv ?? null, tokenRef, joinedAt: new Date().toISOString() }),
  );
  ctx.events.emit('workspace.changed', { topic: 'team' });
}

/**
 * Joins, then takes the first round trip with the server (the app and the CLI alike): a
 * refused token or an unreachable server is known at once and leaves the workspace as it was.
 */
export async function joinAndSync(ctx: ServiceContext, input: Parameters<typeof joinTeam>[1]): Promise<void> {
  joinTeam(ctx, input);
  try {
    mirrorWorkspaceDecisions(ctx);
    await syncOnce(ctx);
    mirrorWorkspaceDecisions(ctx);
  } catch (e) {
    leaveTeam(ctx);
    throw e;
  }
}

export function leaveTeam(ctx: ServiceContext): { left: string } {
  const m = requireMembership(ctx);
  teamDocs(ctx).destroy();
  ctx.workspace.write({ action: 'team.left', subject: m.serverUrl, detail: { member: m.member } }, () => ctx.workspace.team.leave());
  if (m.tokenRef) ctx.secrets.vault?.forget(m.tokenRef);
  ctx.events.emit('workspace.changed', { topic: 'team' });
  return { left: m.serverUrl };
}

export function teamView(ctx: ServiceContext, key: string): { entry: SharedChangeSetEntry; review: TeamReviewView; policy: ApprovalPolicy } {
  const docs = teamDocs(ctx);
  const entry = readIndex(docs.team()).find((e) => e.key === key);
  if (!entry) throw badInput('unknown_team_change_set', `no shared change set "${key}" (rekey team status lists them)`);
  const doc = docs.changeSet(key);
  const policy = readPolicy(docs.team());
  const author = readMeta(doc)?.author ?? entry.author;
  return { entry, policy, review: deriveReview(author, readRows(doc), readDecisions(doc), readComments(doc), readResults(doc), policy) };
}

export function teamStatus(ctx: ServiceContext): TeamStatus {
  const m = requireMembership(ctx);
  const docs = teamDocs(ctx);
  const changeSets = readIndex(docs.team()).map((entry): TeamChangeSetSummary => {
    const { review } = teamView(ctx, entry.key);
    return {
      ...entry,
      localId: ctx.workspace.team.linkedChangeSet(entry.key) ?? null,
      counts: review.counts,
      approvable: review.approvable,
      blockers: review.blockers,
      results: review.rows.filter((r) => r.result).length,
    };
  });
  const conflicts = changeSets.flatMap((cs) => teamView(ctx, cs.key).review.conflicts.map((c) => ({ changeSet: cs.key, ...c })));
  return {
    server: m.serverUrl,
    member: m.member,
    joinedAt: m.joinedAt,
    lastSyncAt: m.lastSyncAt,
    pendingUpdates: ctx.workspace.team.pendingCount(),
    stateHash: docs.stateHash(),
    policy: readPolicy(docs.team()),
    changeSets,
    conflicts,
  };
}

/** A row's plan hash: what a decision is bound to. */
export function planHash(payload: unknown, plan: unknown): string {
  return createHash('sha256').update(canonicalJson({ payload, plan })).digest('hex').slice(0, 32);
}

/**
 * Shares a local change set with the team (submitting a draft for review first). Sharing
 * it again after a restage rewrites only the rows whose plan changed.
 */
export function shareChangeSet(ctx: ServiceContext, id: number): SharedChangeSetEntry {
  const m = requireMembership(ctx);
  let cs = requireChangeSet(ctx, id);
  if (cs.state === 'draft') cs = submitChangeSet(ctx, id);
  if (cs.state !== 'in_review') throw failed('not_in_review', `change set ${id} is ${cs.state}; only a change set in review can be shared for review`);
  const key = ctx.workspace.team.linkedKey(id) ?? `${m.member}-${id}`;
  const rows = ctx.workspace.changeSets.rows(id).map((r) => ({ idx: r.idx, payload: r.payload, plan: r.plan, planHash: planHash(r.payload, r.plan) }));
  const stagedAt = new Date().toISOString();
  const entry: SharedChangeSetEntry = { key, title: cs.title, kind: cs.kind, author: m.member, rows: rows.length, stagedAt };
  const docs = teamDocs(ctx);
  ctx.workspace.write({ action: 'team.shared', subject: String(id), detail: { key, rows: rows.length } }, () => {
    ctx.workspace.team.link(id, key);
    stageIntoDoc(docs.changeSet(key), { key, kind: cs.kind, title: cs.title, connection: cs.connection, author: m.member, stagedAt, rowCount: rows.length }, rows);
    listInIndex(docs.team(), entry);
  });
  return entry;
}

export interface TeamDecisionInput {
  idx: number;
  verdict: SharedVerdict;
  comment?: string | null;
}

/** This member's decisions on rows of a shared change set, bound to each row's current plan. */
export function decideInTeam(ctx: ServiceContext, key: string, decisions: readonly TeamDecisionInput[]): TeamReviewView {
  const m = requireMembership(ctx);
  teamView(ctx, key);
  const doc = teamDocs(ctx).changeSet(key);
  const rows = new Map(readRows(doc).map((r) => [r.idx, r]));
  const at = new Date().toISOString();
  for (const d of decisions) if (!rows.has(d.idx)) throw badInput('unknown_row', `shared change set ${key} has no row ${d.idx}`);
  ctx.workspace.write({ action: 'team.decided', subject: key, detail: { rows: decisions.length } }, () => {
    doc.transact(() => {
      decideManyInDoc(
        doc,
        decisions.map((d) => ({ idx: d.idx, member: m.member, verdict: d.verdict, planHash: rows.get(d.idx)!.planHash, at })),
      );
      for (const d of decisions) {
        if (d.comment) commentInDoc(doc, { idx: d.idx, member: m.member, text: d.comment, planHash: rows.get(d.idx)!.planHash, at });
      }
    });
  });
  return teamView(ctx, key).review;
}

export function commentInTeam(ctx: ServiceContext, key: string, idx: number, text: string): void {
  const m = requireMembership(ctx);
  teamView(ctx, key);
  const doc = teamDocs(ctx).changeSet(key);
  const row = readRows(doc).find((r) => r.idx === idx);
  if (!row) throw badInput('unknown_row', `shared change set ${key} has no row ${idx}`);
  if (!text.trim()) throw badInput('empty_comment', 'comment: empty');
  ctx.workspace.write({ action: 'team.commented', subject: `${key}#${idx}`, detail: {} }, () =>
    commentInDoc(doc, { idx, member: m.member, text, planHash: row.planHash, at: new Date().toISOString() }),
  );
}

export function setTeamPolicy(ctx: ServiceContext, policy: ApprovalPolicy): ApprovalPolicy {
  requireMembership(ctx);
  if (!Number.isInteger(policy.approvals) || policy.approvals < 1 || policy.approvals > 20) {
    throw badInput('bad_policy', `--approvals: ${policy.approvals} is not a number of approvals from 1 to 20`);
  }
  ctx.workspace.write({ action: 'team.policy_set', subject: null, detail: { ...policy } }, () => setPolicy(teamDocs(ctx).team(), policy));
  return readPolicy(teamDocs(ctx).team());
}

/**
 * Merge dismissals and import mappings are workspace decisions the whole team shares:
 * each side gets what the other lacks. A dismissal is for good, so the union is right;
 * a mapping is keyed by file shape, and a member's own mapping for a shape stays theirs.
 */
export function mirrorWorkspaceDecisions(ctx: ServiceContext): void {
  const team = teamDocs(ctx).team();
  const now = new Date().toISOString();
  const shared = new Map(readDismissals(team).map((d) => [d.key, d]));
  const sharedMappings = new Map(readMappings(team).map((mp) => [mp.signature, mp]));
  const local = ctx.workspace.mergeDismissals.all();
  const localMappings = ctx.workspace.importMappings.all();
  ctx.workspace.transaction(() => {
    team.transact(() => {
      for (const d of local) if (!shared.has(d.key)) shareDismissal(team, d);
      for (const [signature, mapping] of Object.entries(localMappings)) {
        if (!sharedMappings.has(signature)) shareMapping(team, { signature, mapping, by: ctx.workspace.actor, at: now });
      }
    });
    const known = new Set(local.map((d) => d.key));
    for (const d of shared.values()) if (!known.has(d.key)) ctx.workspace.mergeDismissals.dismiss(d.key, d.by, d.reason, d.at);
    for (const mp of sharedMappings.values()) {
      if (!(mp.signature in localMappings)) ctx.workspace.importMappings.save(mp.signature, mp.mapping as StoredMapping, mp.at);
    }
  });
}
