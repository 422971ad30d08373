import { PersonLinks } from '../../src-shared/persons/person-links';
import { PackedIdentityIndex } from '../../src-shared/resolver/packed-identity-index';
import type { ScannedRecord } from '../store/repos/records';
import type { Workspace } from '../store/workspace';

/** Records read a slice at a time: a few milliseconds, so a page's answer never waits long behind one. */
const SLICE = 1_000;

/**
 * What the end of a pull needs of the workspace's records — persons linked over every
 * record, the pulled connection's records it did not see, its users' identity index —
 * kept while the pull pages, in the time it waits for the rate limit: the records the
 * workspace held are read a slice at a time between pages, and each stored page is added
 * as it commits. The end then writes only what changed instead of reading and linking
 * every record after the last page (100,000 users: 0.5 s).
 *
 * It is only trusted when nothing but this pull wrote records meanwhile: another caller
 * in this process (the repo counts every write), another process (SQLite's data_version)
 * or a removed connection (the count of records) sends the end back to reading them all.
 */
export class PullPersons {
  private readonly links = new PersonLinks();
  /** Every record read or stored, live or vanished, by id. */
  private readonly known = new Map<number, ScannedRecord>();
  private readonly writesAtStart: number;
  private readonly dataVersionAtStart: number;
  private ownWrites = 0;
  private lastScanned = 0;
  private scanned = false;
  private started = false;
  private stopped = false;
  private broken = false;
  /**
   * The connection's users in the order this run stored them. It is their index when the
   * run stored each record once, in id order, and they are all the users there are (a
   * first pull): no stored user can have changed or gone since it was added.
   */
  private index: PackedIdentityIndex | undefined;
  private indexed = 0;
  private lastStored = 0;

  constructor(
    private readonly workspace: Workspace,
    private readonly connectionId: number,
    private readonly runId: string,
    /** How many users to size the index for; undefined: the connection keeps no index (UserVoice). */
    expectedUsers: number | undefined = 0,
    private readonly slice = SLICE,
  ) {
    this.writesAtStart = workspace.records.writes;
    this.dataVersionAtStart = workspace.dataVersion();
    this.index = expectedUsers === undefined ? undefined : new PackedIdentityIndex(expectedUsers);
  }

  /**
   * Reads the workspace's records in slices between other work, until stopped or read —
   * from the first page that stores records: a re-pull that finds nothing changed reads nothing.
   */
  private start(): void {
    this.started = true;
    const next = () => {
      if (this.stopped || this.scanned) return;
      try {
        this.scanSlice();
      } catch {
        // Read again at the end, whole, as a pull without this does.
        this.broken = true;
        return;
      }
      setImmediate(next);
    };
    setImmediate(next);
  }

  stop(): void {
    this.stopped = true;
  }

  /** A page this run stored (what upsertPage returned), inside the page's transaction. */
  stored(records: readonly ScannedRecord[]): void {
    this.ownWrites++;
    if (records.length && !this.started) this.start();
    for (const r of records) this.take(r);
    // The page's person keys as they now stand, written with it (a first pull of a second
    // system links most of its users to another's): the end writes only what later pages
    // changed. Before every record is read, or once one changed or went, keys wait for the end.
    const changed: [number, number | null][] = [];
    for (const r of this.scanned ? records : []) {
      const key = this.links.settledKey(r.id);
      if (key === undefined) continue;
      const after = key === r.id ? null : key;
      if (after === r.personKey) continue;
      changed.push([r.id, after]);
      r.personKey = after;
    }
    if (changed.length) {
      this.workspace.records.writePersonKeys(changed);
      this.ownWrites++;
    }
    for (const r of records) {
      if (!this.index) continue;
      if (r.id <= this.lastStored) {
        this.index = undefined; // out of id order, or stored twice: built at the end instead
        continue;
      }
      this.lastStored = r.id;
      if (!r.identity) continue;
      this.index.insertKeepingFirst(r.remoteId, r.email, r.externalId, r.deprecatedExternalIds);
      this.indexed++;
    }
  }

  /**
   * Inside the pull's closing transaction: marks the connection's records this run did not
   * see as vanished (when `vanishUnseen`) and writes the person keys that changed. Returns
   * undefined, having written nothing, when the records may have changed behind its back.
   */
  finish(vanishUnseen: boolean, now: string): { vanished: number; pulled: number } | undefined {
    this.stopped = true;
    if (this.broken) return undefined;
    while (!this.scanned) this.scanSlice();
    const { records } = this.workspace;
    const untouched =
      records.writes === this.writesAtStart + this.ownWrites && this.workspace.dataVersion() === this.dataVersionAtStart && records.count() === this.known.size;
    if (!untouched) return undefined;
    let vanished = 0;
    if (vanishUnseen) {
      const gone: number[] = [];
      for (const r of this.known.values()) if (r.connectionId === this.connectionId && r.live && r.seenRun !== this.runId) gone.push(r.id);
      if (gone.length) {
        vanished = records.vanish(gone, now);
        for (const id of gone) this.take({ ...this.known.get(id)!, live: false, identity: false });
      }
    }
    // The keys that changed; a record that is its own person's key, or gone, stores NULL (setPersonKeys).
    const changed: [number, number | null][] = [];
    let pulled = 0;
    this.links.forEachKey((record, key) => {
      const r = this.known.get(record.id)!;
      const after = key === r.id ? null : key;
      if (after !== r.personKey) changed.push([r.id, after]);
      if (r.connectionId === this.connectionId) pulled++;
    });
    for (const r of this.known.values()) if (!r.live && r.personKey !== null) changed.push([r.id, null]);
    records.writePersonKeys(changed);
    return { vanished, pulled };
  }

  /** The index of the users this run stored, while it may still be theirs (identityIndex() decides, after finish()). */
  storedUsersIndex(): PackedIdentityIndex | undefined {
    return this.index;
  }

  /** After finish(): the pulled connection's users as an identity index, without reading them again. */
  identityIndex(): PackedIdentityIndex {
    const users: ScannedRecord[] = [];
    for (const r of this.known.values()) if (r.connectionId === this.connectionId && r.live && r.identity) users.push(r);
    if (this.index && this.indexed === users.length) return this.index;
    users.sort((a, b) => a.id - b.id);
    const index = new PackedIdentityIndex(users.length);
    for (const r of users) index.insertKeepingFirst(r.remoteId, r.email, r.externalId, r.deprecatedExternalIds);
    return index;
  }

  private scanSlice(): void {
    const slice = this.workspace.records.scanAfter(this.lastScanned, this.slice);
    for (const r of slice) this.take(r);
    if (slice.length) this.lastScanned = slice[slice.length - 1]!.id;
    if (slice.length < this.slice) this.scanned = true;
  }

  /** A record as it now stands in the workspace (read, stored, or vanished by this run). */
  private take(r: ScannedRecord): void {
    this.known.set(r.id, r);
    if (r.live) this.links.set(r);
    else this.links.remove(r.id);
  }
}
