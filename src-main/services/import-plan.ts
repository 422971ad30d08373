import type { ResolveMode } from '../../src-shared/resolver';
import type { KeyedRows, PackedIdentityIndex } from '../../src-shared/resolver/packed-identity-index';
import { grown } from '../../src-shared/resolver/grown';
import { emptyVerdict } from '../../src-shared/resolver/resolve-rules';
import { TextColumns } from '../../src-shared/resolver/text-columns';
import { requireConnection } from './connections';
import type { ServiceContext } from './context';
import { packedIdentityIndex } from './identity-snapshot';
import type { IncomingRow } from './import-columns';

/** The columns of incoming rows as the planners read them (see rowsAsColumns). */
export const EMAIL = 0;
export const EXTERNAL_ID = 1;
export const NAME = 2;
export const COMPANY = 3;

/** One mode's plan of every row: what the target will do with row i. */
export interface ModePlan {
  actionOf(i: number): string;
  /** Rows per action. */
  counts(): Record<string, number>;
  /** The plan as stored with a change row: action, userId, matchedBy, reason (and error on a fail). */
  planOf(i: number): Record<string, unknown>;
}

const ACTIONS = ['match', 'backfill', 'create', 'create-detached', 'fail'] as const;
const DETAILS = [undefined, 'external_id', 'deprecated_external_id', 'email', 'no_identity', 'email_taken_by_other_external_id'] as const;
const code = <T>(list: readonly T[], value: T) => list.indexOf(value);

/**
 * The shared resolver's verdicts in typed arrays: a million rows, no objects until one
 * is shown. It plans incrementally: `extend()` resolves the rows appended since the last
 * call, so planning keeps pace with a reader still parsing the file.
 */
class ResolvedPlan implements ModePlan, Planner {
  private actions = new Uint8Array(1024);
  private users = new Int32Array(1024);
  private matchedBy = new Uint8Array(1024);
  private reasons = new Uint8Array(1024);
  private done = 0;
  private readonly out = emptyVerdict<number>();
  private readonly tally = new Array<number>(ACTIONS.length).fill(0);

  constructor(
    private readonly index: PackedIdentityIndex,
    private readonly rows: KeyedRows,
    private readonly mode: ResolveMode,
  ) {}

  extend(): void {
    const n = this.rows.columns.rows;
    this.actions = grown(this.actions, n);
    this.users = grown(this.users, n);
    this.matchedBy = grown(this.matchedBy, n);
    this.reasons = grown(this.reasons, n);
    const out = this.out;
    for (let i = this.done; i < n; i++) {
      this.index.resolveRow(this.rows, i, this.mode, out);
      const action = code(ACTIONS, out.action);
      this.actions[i] = action;
      this.tally[action]!++;
      this.users[i] = out.user ?? -1;
      this.matchedBy[i] = code(DETAILS, out.matchedBy);
      this.reasons[i] = code(DETAILS, out.reason);
    }
    this.done = n;
  }

  expect(rows: number): void {
    this.index.expectRows(rows - this.done);
  }

  finish(): ModePlan {
    this.extend();
    return this;
  }

  actionOf(i: number): string {
    return ACTIONS[this.actions[i]!]!;
  }

  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    ACTIONS.forEach((action, k) => {
      if (this.tally[k]) counts[action] = this.tally[k]!;
    });
    return counts;
  }

  planOf(i: number): Record<string, unknown> {
    const plan: Record<string, unknown> = { action: this.actionOf(i) };
    if (this.users[i]! >= 0) plan.userId = this.index.idOf(this.users[i]!);
    if (this.matchedBy[i]) plan.matchedBy = DETAILS[this.matchedBy[i]!];
    if (this.reasons[i]) plan.reason = DETAILS[this.reasons[i]!];
    if (plan.action === 'fail') plan.error = plan.reason;
    return plan;
  }
}

/** Plans made as objects (UserVoice's rules, small files). */
class ObjectPlan implements ModePlan {
  constructor(private readonly plans: Record<string, unknown>[]) {}
  actionOf(i: number): string {
    return String(this.plans[i]!.action);
  }
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const plan of this.plans) counts[String(plan.action)] = (counts[String(plan.action)] ?? 0) + 1;
    return counts;
  }
  planOf(i: number): Record<string, unknown> {
    return this.plans[i]!;
  }
}

/** Plans rows as they are read: `extend()` after rows were appended, `finish()` at the end. */
export interface Planner {
  extend(): void;
  /**
   * About how many rows the whole file holds (a guess is fine: decisions never depend on
   * it): lets the users' index make room for the users a plan of mostly new rows adds.
   */
  expect(rows: number): void;
  finish(): ModePlan;
}

/**
 * The plan of an import (SPEC §3, §5): for each row, in order, what the target will do.
 * UserVoice follows its own rules: attach by email, create when missing, keep a sticky
 * attachment; every other kind follows the shared resolver in the chosen mode, against
 * the saved index of the pulled users. Users a plan creates get placeholder ids (new-1,
 * new-2…) until the remote assigns real ones.
 */
export function planner(ctx: ServiceContext, connectionName: string, rows: TextColumns, mode: ResolveMode): Planner {
  const connection = requireConnection(ctx, connectionName);
  if (connection.kind === 'uservoice') {
    // UserVoice files are planned whole at the end (they are small: one row per external user).
    return { extend: () => undefined, expect: () => undefined, finish: () => new ObjectPlan(planUserVoice(ctx, connectionName, columnsAsRows(rows))) };
  }
  const index = packedIdentityIndex(ctx, connectionName).withNewIds('new-');
  return new ResolvedPlan(index, { columns: rows, externalId: EXTERNAL_ID, email: EMAIL }, mode);
}

/** Whether planning can start without building the users' index (UserVoice needs none). */
export function hasSavedIndex(ctx: ServiceContext, connectionName: string): boolean {
  const connection = requireConnection(ctx, connectionName);
  return connection.kind === 'uservoice' || ctx.workspace.identitySnapshots.has(connection.id);
}

export function planRows(ctx: ServiceContext, connectionName: string, rows: TextColumns, mode: ResolveMode): ModePlan {
  const plan = planner(ctx, connectionName, rows, mode);
  plan.expect(rows.rows); // every row is here: the index knows how many users a plan could add
  return plan.finish();
}

/** planRows for rows given as objects (staging), each plan as an object. */
export function planImport(ctx: ServiceContext, connectionName: string, rows: readonly IncomingRow[], mode: ResolveMode): Record<string, unknown>[] {
  const plan = planRows(ctx, connectionName, rowsAsColumns(rows), mode);
  return rows.map((_, i) => plan.planOf(i));
}

export function rowsAsColumns(rows: readonly IncomingRow[]): TextColumns {
  return TextColumns.of(4, rows.map((r) => [r.email, r.externalId, r.name, r.company]));
}

/** Rows back as objects; `lines` gives each row's line in its file. */
export function columnsAsRows(columns: TextColumns, lines?: Int32Array): IncomingRow[] {
  const out: IncomingRow[] = [];
  for (let i = 0; i < columns.rows; i++) {
    out.push({ line: lines ? lines[i]! : i + 2, email: columns.get(i, EMAIL), externalId: columns.get(i, EXTERNAL_ID), name: columns.get(i, NAME), company: columns.get(i, COMPANY) });
  }
  return out;
}

function planUserVoice(ctx: ServiceContext, connection: string, rows: readonly IncomingRow[]): Record<string, unknown>[] {
  const byEmail = new Map<string, string>();
  const externalOwner = new Map<string, string>();
  for (const r of ctx.workspace.records.list({ connection })) {
    if (r.vanishedAt) continue;
    if (r.email) byEmail.set(r.email.toLowerCase(), r.remoteId);
    if (r.externalId) externalOwner.set(r.externalId, r.remoteId);
  }
  return rows.map((row) => {
    const id = row.externalId ?? row.email;
    if (!id) return { action: 'fail', error: 'missing_identity', reason: 'an external user needs an id or an email' };
    const owner = externalOwner.get(id);
    const emailUser = row.email ? byEmail.get(row.email.toLowerCase()) : undefined;
    if (owner) {
      // SPEC §5: a changed email does not move the external user.
      if (emailUser && emailUser !== owner) return { action: 'kept_attachment', userId: owner, reason: 'sticky: the email now belongs to another UserVoice user; re-attach explicitly to move it' };
      return { action: 'update', userId: owner };
    }
    if (!row.email) return { action: 'fail', error: 'missing_identity', reason: `external user ${id} is new and has no email to attach it by` };
    externalOwner.set(id, emailUser ?? `new:${row.email.toLowerCase()}`);
    if (emailUser) return { action: 'attach', userId: emailUser };
    byEmail.set(row.email.toLowerCase(), `new:${row.email.toLowerCase()}`);
    return { action: 'create', userId: null };
  });
}

