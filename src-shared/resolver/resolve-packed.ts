import { grown } from './grown';
import { present } from './normalise';
import { PackedIdentityIndex } from './packed-identity-index';
import { emptyVerdict } from './resolve-rules';
import { CHUNK_ROWS, TextChunkBuilder, TextColumns } from './text-columns';
import type { Decision, IdentityUser, IncomingIdentity, ResolveMode } from './types';

/** Where `resolvePacked` hands each decision, then each final user, as soon as it is known. */
export interface ResolveSink {
  decision(decision: Decision): void;
  user(user: IdentityUser): void;
}

/** Builds a TextColumns row by row (a chunk taken whenever one is full). */
export class ColumnsBuilder {
  private readonly builder: TextChunkBuilder;
  private readonly columns: TextColumns;

  constructor(width: number) {
    this.builder = new TextChunkBuilder(width);
    this.columns = new TextColumns(width);
  }

  /** One row's cells, left to right. */
  row(...cells: (string | null)[]): void {
    for (const cell of cells) this.builder.push(cell);
    if (this.builder.rows === CHUNK_ROWS) this.columns.append(this.builder.take());
  }

  finish(): TextColumns {
    if (this.builder.rows > 0) this.columns.append(this.builder.take());
    return this.columns;
  }
}

/**
 * USERS.json of `rekey resolve` as columns rather than a million objects: id, email and
 * external id (trimmed; null when absent), the deprecated ids (the trimmed list as JSON;
 * null when none) and the company id.
 */
export const USER_CELLS = 5;

export function addUserRow(table: ColumnsBuilder, u: { id: string; email?: string | null; externalId?: string | null; deprecatedExternalIds?: readonly string[]; companyId?: string | null }): void {
  const deprecated: string[] = [];
  for (const d of u.deprecatedExternalIds ?? []) {
    const t = present(d);
    if (t !== undefined) deprecated.push(t);
  }
  table.row(u.id, present(u.email) ?? null, present(u.externalId) ?? null, deprecated.length ? JSON.stringify(deprecated) : null, u.companyId ?? null);
}

/** Incoming rows as columns: external id and email, trimmed (null when absent). */
export const ROW_CELLS = 2;

export function addIncomingRow(table: ColumnsBuilder, row: IncomingIdentity): void {
  table.row(present(row.externalId) ?? null, present(row.email) ?? null);
}

const deprecatedOf = (users: TextColumns, u: number): string[] => {
  const json = users.get(u, 3);
  return json === null ? [] : (JSON.parse(json) as string[]);
};

/**
 * The users of `rekey resolve` in a PackedIdentityIndex, checked as IdentityIndex checks
 * them: throws (in IdentityIndex's words) on a duplicate id, a shared email or external id.
 */
export function packUsers(users: TextColumns): PackedIdentityIndex {
  const index = new PackedIdentityIndex(users.rows);
  for (let u = 0; u < users.rows; u++) index.insert(users.get(u, 0)!, users.get(u, 1), users.get(u, 2), deprecatedOf(users, u));
  // Created users are u-1, u-2…, skipping ids in use, as IdentityIndex's default newId does.
  return index.withNewIds('u-');
}

/**
 * `rekey resolve` on the packed index (issue 22): the same decisions and final users as
 * resolveRows (IdentityIndex), for a million rows against a million users in linear time
 * and without a million user objects built and copied. The index holds who has which email
 * and external id; what the verdicts change is kept beside it — the external id each
 * backfill gave, and each created user's email, external id and company — and the final
 * users are rebuilt from the input and those, in IdentityIndex's order and key order.
 * Decisions go to the sink as rows are resolved, so a caller can write them out at once.
 * `index` is packUsers(users), untouched since.
 */
export function resolvePacked(index: PackedIdentityIndex, users: TextColumns, rows: TextColumns, mode: ResolveMode, sink: ResolveSink): void {
  const n = users.rows;
  // What the verdicts change, as row numbers (+1; 0: none) rather than strings: a million
  // strings kept to the end would be walked by every garbage collection until then.
  const backfilledRow = new Int32Array(n);
  let created = 0;
  /** Per created user: the row that created it, the row that backfilled it, the holder it was created beside (-1: none). */
  let createdRow = new Int32Array(1024);
  let createdBackfillRow = new Int32Array(1024);
  let createdBeside = new Int32Array(1024);
  const verdict = emptyVerdict<number>();
  const keyed = { columns: rows, externalId: 0, email: 1 };
  for (let i = 0; i < rows.rows; i++) {
    const v = index.resolveRow(keyed, i, mode, verdict);
    const decision: Decision = { index: i, action: v.action };
    if (v.user !== undefined) decision.userId = index.idOf(v.user);
    if (v.matchedBy !== undefined) decision.matchedBy = v.matchedBy;
    if (v.reason !== undefined) decision.reason = v.reason;
    if (v.action === 'backfill') {
      if (v.user! < n) backfilledRow[v.user!] = i + 1;
      else createdBackfillRow[v.user! - n] = i + 1;
    } else if (v.action === 'create' || v.action === 'create-detached') {
      // Created users are numbered after the input's, in the order they are created.
      if (v.user !== n + created) throw new Error(`resolve: created user ${v.user} out of order`);
      createdRow = grown(createdRow, created + 1);
      createdBackfillRow = grown(createdBackfillRow, created + 1);
      createdBeside = grown(createdBeside, created + 1);
      createdRow[created] = i;
      createdBeside[created] = v.action === 'create-detached' ? index.createdBeside! : -1;
      created++;
    }
    sink.decision(decision);
  }

  // A created-detached user joins the company of the user it was created beside.
  const companyOf = (u: number): string | null => (u < n ? users.get(u, 4) : createdBeside[u - n]! < 0 ? null : companyOf(createdBeside[u - n]!));
  for (let u = 0; u < n; u++) {
    // Field by field in USERS.json's key order, as IdentityIndex copies a user.
    const user = { id: users.get(u, 0)! } as IdentityUser;
    const email = users.get(u, 1);
    if (email !== null) user.email = email;
    const ext = backfilledRow[u] ? rows.get(backfilledRow[u]! - 1, 0) : users.get(u, 2);
    if (ext !== null) user.externalId = ext;
    user.deprecatedExternalIds = deprecatedOf(users, u);
    const company = users.get(u, 4);
    if (company !== null) user.companyId = company;
    sink.user(user);
  }
  for (let k = 0; k < created; k++) {
    const row = createdRow[k]!;
    const user = { id: index.idOf(n + k) } as IdentityUser;
    // A plain create took the row's email; a create-detached user was created without it.
    const email = createdBeside[k]! < 0 ? rows.get(row, 1) : null;
    if (email !== null) user.email = email;
    const ext = createdBackfillRow[k] ? rows.get(createdBackfillRow[k]! - 1, 0) : rows.get(row, 0);
    if (ext !== null) user.externalId = ext;
    user.deprecatedExternalIds = [];
    const company = createdBeside[k]! < 0 ? null : companyOf(createdBeside[k]!);
    if (company !== null) user.companyId = company;
    sink.user(user);
  }
}

/** resolvePacked collected into arrays: resolveRows' result (tests, small callers). */
export function resolveRowsPacked(users: readonly IdentityUser[], rows: readonly IncomingIdentity[], mode: ResolveMode): { decisions: Decision[]; users: IdentityUser[] } {
  const out = { decisions: [] as Decision[], users: [] as IdentityUser[] };
  const userTable = new ColumnsBuilder(USER_CELLS);
  for (const u of users) addUserRow(userTable, u);
  const rowTable = new ColumnsBuilder(ROW_CELLS);
  for (const r of rows) addIncomingRow(rowTable, r);
  const table = userTable.finish();
  resolvePacked(packUsers(table), table, rowTable.finish(), mode, { decision: (d) => out.decisions.push(d), user: (u) => out.users.push(u) });
  return out;
}
