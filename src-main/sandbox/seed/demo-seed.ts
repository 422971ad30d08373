import { seededRandom } from '../random';
import type { BrazeState } from '../systems/braze';
import type { ProductboardState } from '../systems/productboard';
import type { ScimState } from '../systems/scim';
import type { UserVoiceState } from '../systems/uservoice';
import { importExternalUser, ensureUser } from '../../../src-shared/uservoice/uservoice-state';
import { COMPANIES, FIRST_NAMES, LAST_NAMES } from './names';

/** A situation the product exists for, planted on purpose so tests can find each kind. */
export interface Planted {
  kind:
    | 'backfill_waiting'
    | 'email_taken_by_other_external_id'
    | 'detached_user'
    | 'deprecated_id_in_window'
    | 'diverging_fields'
    | 'case_variant_email'
    | 'uservoice_stale_attachment';
  system: 'productboard' | 'scim' | 'uservoice' | 'braze' | 'all';
  person: number;
  detail: Record<string, string>;
}

export interface SeedSystems {
  productboard: ProductboardState;
  scim: ScimState;
  uservoice: UserVoiceState;
  braze: BrazeState;
}

interface Person {
  n: number;
  first: string;
  last: string;
  email: string;
  ext: string;
  company: number;
}

function person(n: number): Person {
  const first = FIRST_NAMES[n % FIRST_NAMES.length]!;
  const last = LAST_NAMES[Math.floor(n / FIRST_NAMES.length) % LAST_NAMES.length]!;
  const company = (n * 7) % COMPANIES.length;
  return { n, first, last, email: `${first}.${last}${n}@${COMPANIES[company]!.domain}`.toLowerCase(), ext: `usr_${10000 + n}`, company };
}

const every = (n: number, k: number, offset = 0) => n % k === offset;

/**
 * `--seed demo` (issue 5): the same people across the four systems, deterministic for
 * a given count, with every planted situation at fixed intervals so that even a
 * small sandbox holds each kind. Returns the list of what was planted.
 */
export function seedDemo(systems: SeedSystems, count: number): Planted[] {
  const planted: Planted[] = [];
  const { productboard: pb, scim, uservoice: uv, braze } = systems;
  const random = seededRandom(20261124);

  const companyIds = COMPANIES.map((c) => {
    const id = pb.newUuid();
    pb.companies.set(id, { id, name: c.name, domain: c.domain });
    return id;
  });
  for (let m = 0; m < Math.min(8, Math.max(1, count)); m++) {
    const p = person(90_000 + m);
    pb.members.push({ id: pb.newUuid(), email: p.email.replace(/@.*/, '@rekey-demo.com'), name: `${p.first} ${p.last}`, role: m === 0 ? 'admin' : 'maker' });
  }

  for (let n = 0; n < count; n++) {
    const p = person(n);
    const name = `${p.first} ${p.last}`;
    const companyId = companyIds[p.company]!;

    // Productboard REST
    if (every(n, 17, 3)) {
      const u = pb.users.insert({ id: pb.newUuid(), email: p.email, companyId, deprecatedExternalIds: [] });
      pb.names.set(u.id, name);
      planted.push({ kind: 'backfill_waiting', system: 'productboard', person: n, detail: { email: p.email, externalId: p.ext } });
    } else if (every(n, 23, 5)) {
      const other = `old-${n}`;
      const u = pb.users.insert({ id: pb.newUuid(), email: p.email, externalId: other, companyId, deprecatedExternalIds: [] });
      pb.names.set(u.id, name);
      planted.push({ kind: 'email_taken_by_other_external_id', system: 'productboard', person: n, detail: { email: p.email, holderExternalId: other, incomingExternalId: p.ext } });
      if (every(Math.floor(n / 23), 2)) {
        // What lenient ingestion left behind (SPEC §3 M4): no email, the same company.
        const d = pb.users.insert({ id: pb.newUuid(), externalId: p.ext, companyId, deprecatedExternalIds: [] });
        // Lenient ingestion created it for an insight: the note a merge must carry over.
        const createdAt = new Date(Date.UTC(2026, 0, 1 + (n % 300))).toISOString();
        pb.notes.push({ id: pb.newUuid(), title: `Insight ${n}`, content: `${p.first} asked about SSO.`, userId: d.id, companyId, createdAt, updatedAt: createdAt });
        planted.push({ kind: 'detached_user', system: 'productboard', person: n, detail: { userId: d.id, externalId: p.ext, sameCompanyAs: u.id } });
      }
    } else {
      const u = pb.users.insert({ id: pb.newUuid(), email: p.email, externalId: p.ext, companyId, deprecatedExternalIds: [] });
      pb.names.set(u.id, name);
      const notes = Math.floor(random() * 3);
      for (let k = 0; k < notes; k++) {
        const createdAt = new Date(Date.UTC(2026, 0, 1 + (n % 300))).toISOString();
        pb.notes.push({ id: pb.newUuid(), title: `Feedback ${n}.${k}`, content: `${p.first} would like better exports (${k}).`, userId: u.id, companyId, createdAt, updatedAt: createdAt });
      }
    }

    // SCIM: everyone, a few deprovisioned; diverging names every 11th person.
    const diverging = every(n, 11, 2);
    // Created days ago, so that an incremental pull of an untouched directory finds nothing new.
    const at = new Date(Date.now() - (1 + (n % 300)) * 86_400_000).toISOString();
    scim.add({ userName: p.email, externalId: p.ext, givenName: p.first, familyName: diverging ? `${p.last}-Smith` : p.last, active: !every(n, 31, 4), at });

    // UserVoice: a user per person; some with a case-variant email; stale attachments.
    const uvEmail = every(n, 13, 6) ? p.email.replace(/^(.)/, (c) => c.toUpperCase()).replace(/@(.*)$/, (_, d: string) => `@${d.toUpperCase()}`) : p.email;
    if (every(n, 13, 6)) planted.push({ kind: 'case_variant_email', system: 'uservoice', person: n, detail: { email: uvEmail, elsewhere: p.email } });
    if (every(n, 19, 7)) {
      const oldEmail = p.email.replace('@', '.old@');
      importExternalUser(uv.uv, { id: p.ext, email: oldEmail, name });
      ensureUser(uv.uv, uvEmail, name);
      // The external user's email changed; SPEC §5: it stays on the old UserVoice user.
      importExternalUser(uv.uv, { id: p.ext, email: uvEmail, name });
      planted.push({ kind: 'uservoice_stale_attachment', system: 'uservoice', person: n, detail: { externalUserId: p.ext, attachedToEmail: oldEmail, currentEmail: uvEmail } });
    } else {
      importExternalUser(uv.uv, { id: p.ext, email: uvEmail, name, account: { id: `acct-${p.company}`, name: COMPANIES[p.company]!.name, mrr: 500 + p.company * 100 } });
    }

    // Braze: primary ids, some with a deprecated legacy id inside its migration window.
    if (every(n, 7, 1)) {
      braze.users.insert({ id: braze.newId(() => false), externalId: p.ext, email: p.email, deprecatedExternalIds: [`legacy-${n}`] });
      planted.push({ kind: 'deprecated_id_in_window', system: 'braze', person: n, detail: { deprecated: `legacy-${n}`, primary: p.ext } });
    } else {
      const u = braze.users.insert({ id: braze.newId(() => false), externalId: p.ext, email: p.email, deprecatedExternalIds: [] });
      braze.attributes.set(u.id, { first_name: diverging ? `${p.first.slice(0, 3)}.` : p.first, last_name: p.last });
    }
    if (diverging) planted.push({ kind: 'diverging_fields', system: 'all', person: n, detail: { externalId: p.ext, email: p.email } });
  }
  return planted;
}
