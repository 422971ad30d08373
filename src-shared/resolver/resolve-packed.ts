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

/**
 * The users of `rekey resolve` in a PackedIdentityIndex, checked as IdentityIndex checks
 * them: throws (in IdentityIndex's words) on a duplicate id, a shared email or external id.
 */
export function packUsers(users: readonly IdentityUser[]): PackedIdentityIndex {
  const index = new PackedIdentityIndex(users.length);
  for (const u of users) index.insert(u.id, u.email, u.externalId, u.deprecatedExternalIds ?? []);
  // Created users are u-1, u-2…, skipping ids in use, as IdentityIndex's default newId does.
  return index.withNewIds('u-');
}

const trimmedList = (values: readonly string[] | undefined): string[] => {
  const out: string[] = [];
  for (const v of values ?? []) {
    const t = present(v);
    if (t !== undefined) out.push(t);
  }
  return out;
};

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
export function resolvePacked(index: PackedIdentityIndex, users: readonly IdentityUser[], rows: readonly IncomingIdentity[], mode: ResolveMode, sink: ResolveSink): void {
  const n = users.length;
  const backfilled = new Array<string | undefined>(n);
  const createdEmail: (string | undefined)[] = [];
  const createdExternalId: (string | undefined)[] = [];
  const createdCompany: (string | undefined)[] = [];
  const companyOf = (u: number) => (u < n ? users[u]!.companyId : createdCompany[u - n]);
  const verdict = emptyVerdict<number>();
  const builder = new TextChunkBuilder(2);

  // A chunk of rows at a time: their trimmed keys as one TextColumns, the index's input.
  for (let from = 0; from < rows.length; from += CHUNK_ROWS) {
    const to = Math.min(rows.length, from + CHUNK_ROWS);
    for (let i = from; i < to; i++) {
      builder.push(present(rows[i]!.externalId) ?? null);
      builder.push(present(rows[i]!.email) ?? null);
    }
    const columns = new TextColumns(2);
    columns.append(builder.take());
    const keyed = { columns, externalId: 0, email: 1 };
    for (let i = from; i < to; i++) {
      const v = index.resolveRow(keyed, i - from, mode, verdict);
      const decision: Decision = { index: i, action: v.action };
      if (v.user !== undefined) decision.userId = index.idOf(v.user);
      if (v.matchedBy !== undefined) decision.matchedBy = v.matchedBy;
      if (v.reason !== undefined) decision.reason = v.reason;
      if (v.action === 'backfill') {
        const ext = present(rows[i]!.externalId);
        if (v.user! < n) backfilled[v.user!] = ext;
        else createdExternalId[v.user! - n] = ext;
      } else if (v.action === 'create' || v.action === 'create-detached') {
        // Created users are numbered after the input's, in the order they are created.
        if (v.user !== n + createdExternalId.length) throw new Error(`resolve: created user ${v.user} out of order`);
        createdExternalId.push(present(rows[i]!.externalId));
        if (v.action === 'create') {
          createdEmail.push(present(rows[i]!.email));
          createdCompany.push(undefined);
        } else {
          createdEmail.push(undefined);
          createdCompany.push(companyOf(index.createdBeside!));
        }
      }
      sink.decision(decision);
    }
  }

  for (let u = 0; u < n; u++) {
    const given = users[u]!;
    // Field by field in USERS.json's key order, as IdentityIndex copies a user.
    const user = { id: given.id } as IdentityUser;
    const email = present(given.email);
    if (email !== undefined) user.email = email;
    const ext = backfilled[u] ?? present(given.externalId);
    if (ext !== undefined) user.externalId = ext;
    user.deprecatedExternalIds = trimmedList(given.deprecatedExternalIds);
    if (given.companyId !== undefined) user.companyId = given.companyId;
    sink.user(user);
  }
  for (let k = 0; k < createdExternalId.length; k++) {
    const user = { id: index.idOf(n + k) } as IdentityUser;
    if (createdEmail[k] !== undefined) user.email = createdEmail[k];
    if (createdExternalId[k] !== undefined) user.externalId = createdExternalId[k];
    user.deprecatedExternalIds = [];
    if (createdCompany[k] !== undefined) user.companyId = createdCompany[k];
    sink.user(user);
  }
}

/** resolvePacked collected into arrays: resolveRows' result (tests, small callers). */
export function resolveRowsPacked(users: readonly IdentityUser[], rows: readonly IncomingIdentity[], mode: ResolveMode): { decisions: Decision[]; users: IdentityUser[] } {
  const out = { decisions: [] as Decision[], users: [] as IdentityUser[] };
  resolvePacked(packUsers(users), users, rows, mode, { decision: (d) => out.decisions.push(d), user: (u) => out.users.push(u) });
  return out;
}
