import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recheckCandidate } from '../../../src-shared/merges/candidate-recheck';
import { findDuplicates, type DuplicateCandidate, type MergeRecord } from '../../../src-shared/merges/find-duplicates';
import type { PulledRecord } from '../../../src-shared/model/record';
import { evidenceSentence, type Evidence } from '../../../src-shared/plain-words';
import { openWorkspace } from '../workspace';

const fold = (e: string | null | undefined) => (e ? e.trim().toLowerCase() : undefined);
const said = (evidence: Evidence[]) => ({ evidence: evidence.map(evidenceSentence), evidenceCodes: evidence.map((e) => e.code) });

/**
 * The finder as it was before issue 22 (quadratic: it copied each group for each record),
 * kept as the oracle the linear one must agree with: the same algorithm, its evidence
 * worded through the shared sentences as the finder's is.
 */
function quadraticFindDuplicates(records: readonly MergeRecord[]): DuplicateCandidate[] {
  const out: DuplicateCandidate[] = [];
  const byConnection = new Map<string, MergeRecord[]>();
  for (const r of records) byConnection.set(r.connection, [...(byConnection.get(r.connection) ?? []), r]);
  // Which email each external id goes with, anywhere in the workspace.
  const emailOfExt = new Map<string, string>();
  for (const r of records) for (const x of [r.externalId, ...r.deprecatedExternalIds]) if (x && fold(r.email)) emailOfExt.set(x, fold(r.email)!);

  for (const [connection, list] of byConnection) {
    // M4 lenient leftovers: a user with no email whose external id belongs, elsewhere, to
    // the email of a user here that carries another external id — same company raises it.
    const byEmail = new Map(list.filter((r) => fold(r.email)).map((r) => [fold(r.email)!, r]));
    for (const d of list) {
      if (d.email || !d.externalId) continue;
      const claimedEmail = emailOfExt.get(d.externalId);
      const holder = claimedEmail ? byEmail.get(claimedEmail) : undefined;
      const sameCompany = list.filter((u) => u !== d && u.email && u.company && u.company === d.company && u.externalId !== d.externalId);
      const target = holder ?? (sameCompany.length === 1 ? sameCompany[0] : undefined);
      if (!target) continue;
      const evidence: Evidence[] = [{ code: 'no_email_lenient', user: d.remoteId, externalId: d.externalId }];
      let confidence = 0.5;
      if (holder) {
        evidence.push({ code: 'external_id_goes_with_email', externalId: d.externalId, email: claimedEmail!, holder: holder.remoteId, holderExternalId: holder.externalId });
        confidence += 0.35;
      }
      if (d.company && d.company === target.company) {
        evidence.push({ code: 'same_company', company: d.company });
        confidence += 0.1;
      }
      out.push({ key: `detached_user:${connection}:${target.remoteId}:${d.remoteId}`, kind: 'detached_user', connection, records: [{ connection, remoteId: target.remoteId }, { connection, remoteId: d.remoteId }], confidence: Math.min(1, confidence), ...said(evidence) });
    }

    // SPEC §5: an external user whose email changed stays on its old UserVoice user.
    for (const u of list) {
      for (const ext of u.externalUsers ?? []) {
        const moved = fold(ext.email);
        if (!moved || moved === fold(u.email)) continue;
        const owner = byEmail.get(moved);
        if (!owner || owner === u) continue;
        out.push({
          key: `stale_attachment:${connection}:${u.remoteId}:${ext.id}`,
          kind: 'stale_attachment',
          connection,
          records: [{ connection, remoteId: u.remoteId }, { connection, remoteId: owner.remoteId }],
          confidence: 0.85,
          ...said([{ code: 'external_user_moved', externalUser: ext.id, email: ext.email!, owner: owner.remoteId, user: u.remoteId, userEmail: u.email }]),
        });
      }
    }
  }

  // Emails equal only after trimming and case-folding: two users in one system (a
  // duplicate to merge), or one person spelled differently across systems (to align).
  const groups = new Map<string, MergeRecord[]>();
  for (const r of records) if (fold(r.email)) groups.set(fold(r.email)!, [...(groups.get(fold(r.email)!) ?? []), r]);
  for (const [email, same] of groups) {
    if (same.length < 2 || new Set(same.map((r) => r.email)).size < 2) continue;
    const oneSystem = new Set(same.map((r) => r.connection)).size === 1;
    out.push({
      key: `case_variant_email:${same.map((r) => `${r.connection}/${r.remoteId}`).sort().join(':')}`,
      kind: 'case_variant_email',
      connection: [...new Set(same.map((r) => r.connection))].join('+'),
      records: same.map((r) => ({ connection: r.connection, remoteId: r.remoteId })),
      confidence: oneSystem ? 0.9 : 0.7,
      ...said([{ code: 'same_email_case_folded', spellings: [...new Set(same.map((r) => `${r.email} (${r.connection})`))], email }]),
    });
  }

  // The same person across systems (linked by external id) with diverging names.
  const byExt = new Map<string, MergeRecord[]>();
  for (const r of records) if (r.externalId) byExt.set(r.externalId, [...(byExt.get(r.externalId) ?? []), r]);
  for (const [ext, same] of byExt) {
    const names = new Set(same.map((r) => r.name?.trim()).filter(Boolean));
    if (same.length < 2 || names.size < 2) continue;
    out.push({
      key: `diverging_fields:${ext}`,
      kind: 'diverging_fields',
      connection: same.map((r) => r.connection).join('+'),
      records: same.map((r) => ({ connection: r.connection, remoteId: r.remoteId })),
      confidence: 0.6,
      ...said([{ code: 'names_diverge', externalId: ext, connections: same.map((r) => r.connection), names: [...names] as string[] }]),
    });
  }
  return out.sort((a, b) => b.confidence - a.confidence || a.key.localeCompare(b.key));
}

const CONNECTIONS = [
  { name: 'pb', kind: 'productboard' },
  { name: 'scim', kind: 'productboard-scim' },
  { name: 'uv', kind: 'uservoice' },
] as const;

/** Small pools of values, so that collisions (the interesting cases) are frequent. */
const email = fc.constantFrom(null, 'ann@x.io', 'Ann@x.io', 'ANN@X.IO', 'bob@x.io', 'Bob@X.io', 'cy@x.io', 'dee@x.io');
const ext = fc.constantFrom(null, 'e1', 'e2', 'e3', 'e4');
const record = fc.record({
  connection: fc.constantFrom(0, 1, 2),
  email,
  externalId: ext,
  deprecated: fc.array(fc.constantFrom('e1', 'e2', 'e3', 'old1'), { maxLength: 2 }),
  name: fc.constantFrom(null, 'Ann', 'Ann ', 'Bob', 'Cy'),
  company: fc.constantFrom(null, 'acme', 'globex'),
  externalUsers: fc.array(fc.record({ id: fc.constantFrom('x1', 'x2'), email }), { maxLength: 2 }),
});

const byKey = (list: DuplicateCandidate[]) => [...list].sort((a, b) => a.key.localeCompare(b.key));

describe('duplicate finding streamed from the workspace (issue 22)', () => {
  it('finds what the quadratic finder found, from a list and streamed from a workspace, and each candidate alone by its key', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 30 }), (generated) => {
        const ws = openWorkspace(join(mkdtempSync(join(tmpdir(), 'rekey-dups-')), 'w.rekey'));
        try {
          const now = '2026-11-24T10:00:00.000Z';
          const ids = CONNECTIONS.map((c) => ws.connections.add({ name: c.name, kind: c.kind, baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, now).id);
          const records: MergeRecord[] = generated.map((g, i) => {
            const c = CONNECTIONS[g.connection]!;
            return {
              connection: c.name,
              kind: c.kind,
              // Some remote ids hold ":", as candidate keys do: a key is read every way it can be.
              remoteId: i % 3 === 0 ? `r:${i}` : `r${i}`,
              email: g.email,
              externalId: g.externalId,
              deprecatedExternalIds: g.deprecated,
              name: g.name,
              company: g.company,
              ...(c.kind === 'uservoice' ? { externalUsers: g.externalUsers } : {}),
            };
          });
          ws.transaction(() => {
            for (const r of records) {
              const pulled: PulledRecord = {
                remoteId: r.remoteId,
                email: r.email,
                externalId: r.externalId,
                deprecatedExternalIds: [...r.deprecatedExternalIds],
                name: r.name,
                company: r.company,
                status: 'active',
                raw: { external_users: r.externalUsers ?? [] },
              };
              ws.records.upsertPage(ids[CONNECTIONS.findIndex((c) => c.name === r.connection)]!, 'run', [pulled], now);
            }
          });
          const expected = quadraticFindDuplicates(records);
          expect(findDuplicates(records)).toEqual(expected);
          // The workspace streams in its own group order; the candidates are the same.
          expect(byKey(findDuplicates(ws.records.mergeSource()))).toEqual(byKey(expected));
          // One candidate re-checked by its key over only its own records is the one the
          // whole find gives; a key the find does not give is not found either.
          const probes = [
            ...expected.map((c) => c.key),
            ...records.flatMap((r) => [
              `detached_user:${r.connection}:r1:${r.remoteId}`,
              `stale_attachment:${r.connection}:${r.remoteId}:x1`,
              `case_variant_email:${r.connection}/${r.remoteId}`,
              `diverging_fields:${r.externalId}`,
            ]),
          ];
          for (const key of probes) expect(recheckCandidate(key, (focus) => ws.records.mergeSource(focus))).toEqual(expected.find((c) => c.key === key));
        } finally {
          ws.close();
        }
      }),
      { numRuns: 150 },
    );
  });
});
