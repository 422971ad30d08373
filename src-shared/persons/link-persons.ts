import { emailKey as normaliseEmail, externalIdKey as normaliseExternalId } from '../resolver/normalise';

/** What linking needs of a record. */
export interface LinkableRecord {
  id: number;
  email: string | null;
  externalId: string | null;
  deprecatedExternalIds: readonly string[];
}

/**
 * SPEC §2 "Person": the records, across all connections, that are the same human,
 * linked by external id (primary or deprecated) or by email (trimmed, case-folded).
 * Linking is transitive (union-find), and each person is keyed by the smallest record
 * id in it, so the key is stable while that record lives.
 */
export function linkPersons(records: Iterable<LinkableRecord>): Map<number, number> {
  const parent = new Map<number, number>();
  // One map per kind of key, so a key needs no prefix (no new string per record).
  const externalIdOwner = new Map<string, number>();
  const emailOwner = new Map<string, number>();

  const find = (id: number): number => {
    let root = id;
    while (parent.get(root)! !== root) root = parent.get(root)!;
    // Path compression keeps later finds near-constant on 1M records.
    let node = id;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  };
  const claim = (owner: Map<string, number>, key: string, id: number) => {
    const first = owner.get(key);
    if (first === undefined) owner.set(key, id);
    else union(first, id);
  };

  for (const record of records) {
    parent.set(record.id, record.id);
    const primary = normaliseExternalId(record.externalId);
    if (primary !== undefined) claim(externalIdOwner, primary, record.id);
    for (const id of record.deprecatedExternalIds) {
      const ext = normaliseExternalId(id);
      if (ext !== undefined) claim(externalIdOwner, ext, record.id);
    }
    const email = normaliseEmail(record.email);
    if (email !== undefined) claim(emailOwner, email, record.id);
  }

  const keys = new Map<number, number>();
  for (const id of parent.keys()) keys.set(id, find(id));
  return keys;
}
