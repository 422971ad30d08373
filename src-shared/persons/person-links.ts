import { emailKey, externalIdKey } from '../resolver/normalise';
import { linkPersons, type LinkableRecord } from './link-persons';

/**
 * Persons kept up to date record by record, giving at any moment the keys linkPersons
 * would give over the live records: a pull links each page as it stores it, in the time
 * it waits for the rate limit, instead of linking every record after its last page.
 *
 * Links only ever join here. A record whose keys changed, or that is gone, may have been
 * what held its person together, so its group is marked; keys() links a marked group
 * again from its own members. That is exact because a group is never smaller than a
 * person: every holder of a key was joined with the key's first claimer, so two live
 * records sharing a key are always in one group — a group can only be too big, and only
 * through a record that was marked.
 */
export class PersonLinks {
  private readonly parent = new Map<number, number>();
  /** The live records, as last set. */
  private readonly records = new Map<number, LinkableRecord>();
  private readonly externalIdOwner = new Map<string, number>();
  private readonly emailOwner = new Map<string, number>();
  /** Records whose group may hold more than one person. */
  private readonly marked: number[] = [];

  get size(): number {
    return this.records.size;
  }

  /** A record as it now is: added, or its keys replaced. */
  set(record: LinkableRecord): void {
    const before = this.records.get(record.id);
    if (before && sameKeys(before, record)) {
      this.records.set(record.id, record);
      return;
    }
    if (!this.parent.has(record.id)) this.parent.set(record.id, record.id);
    else this.marked.push(record.id); // changed, or back after it was gone
    this.records.set(record.id, record);
    const primary = externalIdKey(record.externalId);
    if (primary !== undefined) this.claim(this.externalIdOwner, primary, record.id);
    for (const id of record.deprecatedExternalIds) {
      const ext = externalIdKey(id);
      if (ext !== undefined) this.claim(this.externalIdOwner, ext, record.id);
    }
    const email = emailKey(record.email);
    if (email !== undefined) this.claim(this.emailOwner, email, record.id);
  }

  /** A record that is no longer live (vanished): it links nothing any more. */
  remove(id: number): void {
    if (!this.records.delete(id)) return;
    this.marked.push(id);
  }

  has(id: number): boolean {
    return this.records.has(id);
  }

  get(id: number): LinkableRecord | undefined {
    return this.records.get(id);
  }

  /**
   * A live record's person key as keys() would give it, while no record has changed or gone
   * (undefined otherwise, or for a record that is not live): then every group is a person.
   */
  settledKey(id: number): number | undefined {
    return this.marked.length || !this.records.has(id) ? undefined : this.find(id);
  }

  /** Every live record's person key (its person's smallest record id), as linkPersons gives them. */
  keys(): Map<number, number> {
    const keys = new Map<number, number>();
    this.forEachKey((record, key) => keys.set(record.id, key));
    return keys;
  }

  /** keys() one record at a time, without a map of every record (a pull's end compares each with the stored key). */
  forEachKey(visit: (record: LinkableRecord, key: number) => void): void {
    const markedRoots = new Set(this.marked.map((id) => this.find(id)));
    const relink = new Map<number, LinkableRecord[]>();
    for (const [id, record] of this.records) {
      const root = this.find(id);
      if (!markedRoots.has(root)) {
        // Unmarked: every member is live with the keys it joined by, and a join keeps the
        // smaller root, so the root is the person's smallest id.
        visit(record, root);
        continue;
      }
      const group = relink.get(root);
      if (group) group.push(record);
      else relink.set(root, [record]);
    }
    for (const group of relink.values()) {
      const keys = linkPersons(group);
      for (const record of group) visit(record, keys.get(record.id)!);
    }
  }

  private claim(owner: Map<string, number>, key: string, id: number): void {
    const first = owner.get(key);
    if (first === undefined) owner.set(key, id);
    else this.union(first, id);
  }

  private find(id: number): number {
    let root = id;
    while (this.parent.get(root)! !== root) root = this.parent.get(root)!;
    let node = id;
    while (node !== root) {
      const next = this.parent.get(node)!;
      this.parent.set(node, root);
      node = next;
    }
    return root;
  }

  private union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
}

/** Whether two versions of a record link by the same keys (as linkPersons compares them). */
function sameKeys(a: LinkableRecord, b: LinkableRecord): boolean {
  if (emailKey(a.email) !== emailKey(b.email) || externalIdKey(a.externalId) !== externalIdKey(b.externalId)) return false;
  const da = a.deprecatedExternalIds;
  const db = b.deprecatedExternalIds;
  if (da === db) return true;
  if (da.length !== db.length) return false;
  return da.every((d, i) => externalIdKey(d) === externalIdKey(db[i]));
}
