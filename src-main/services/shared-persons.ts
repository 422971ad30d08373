import { PersonLinks } from '../../src-shared/persons/person-links';
import type { ScannedRecord } from '../store/repos/records';
import type { Workspace } from '../store/workspace';

/** Records read a slice at a time: a few milliseconds, so a page's answer never waits long behind one. */
const SLICE = 1_000;

/**
 * Persons over every record of the workspace, kept by the pulls this process runs side by
 * side — a "Pull all", or pulls started one after another in the app — so that each pull's
 * end writes only the person keys that changed instead of reading and linking every record
 * (pull-persons.ts holds what is one pull's own). The records are read once, a slice at a
 * time between pages, and every pull adds each page it stores as it commits; one pull's
 * writes are then no surprise to the others.
 *
 * It is only trusted while nothing but these pulls wrote records since it first read one:
 * another caller in this process (the repo counts every write), another process (SQLite's
 * data_version) or a removed connection (the count of records) sends the next end back to
 * reading them all. It then forgets what it knew and starts again from the next page
 * stored, so one push in the middle of a "Pull all" costs one whole relink, not one per pull.
 */
export class SharedPersons {
  private links = new PersonLinks();
  /** Every record read or stored, live or vanished, by id. */
  private known = new Map<number, ScannedRecord>();
  /** The repo's write count and data_version when the first record was read or taken; undefined: none yet. */
  private baseline: { writes: number; dataVersion: number } | undefined;
  /** Record writes made through this since the baseline. */
  private ownWrites = 0;
  private lastScanned = 0;
  private scanned = false;
  private reading = false;
  /** A turn of the event loop read slices since the last page was stored. */
  private turned = false;
  private broken = false;
  /** Moves on each forget(): a slice loop of what was forgotten stops. */
  private epoch = 0;
  private closed = false;

  constructor(
    private readonly workspace: Workspace,
    private readonly slice = SLICE,
  ) {}

  /** A page a pull stored (what upsertPage returned), inside the page's transaction. */
  stored(records: readonly ScannedRecord[]): void {
    if (this.broken) return;
    // The page's own write came before the baseline when it is the first thing taken: counted on neither side.
    if (this.baseline) this.ownWrites++;
    else this.begin();
    if (records.length) this.readOn();
    for (const r of records) this.take(r);
    // Pages that come back to back (no rate limit to wait for) can leave the event loop no
    // turn to read in between: a page that finds no slice read since the last reads one itself.
    if (this.reading && !this.scanned && !this.turned) this.scanSliceOrBreak();
    this.turned = false;
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
    if (changed.length) this.writeKeys(changed);
  }

  /**
   * Inside a pull's closing transaction: marks the pulled connection's records its run did
   * not see as vanished (when `vanishUnseen`) and writes every person key that changed
   * since the last end. Returns undefined, having written nothing and forgotten what it
   * knew, when the records may have changed behind its back: the caller reads them all.
   */
  finish(connectionId: number, runId: string, vanishUnseen: boolean, now: string): { vanished: number; pulled: number } | undefined {
    if (this.broken) return this.forgotten();
    while (!this.scanned) this.scanSlice();
    const { records } = this.workspace;
    const untouched =
      records.writes === this.baseline!.writes + this.ownWrites && this.workspace.dataVersion() === this.baseline!.dataVersion && records.count() === this.known.size;
    if (!untouched) return this.forgotten();
    let vanished = 0;
    if (vanishUnseen) {
      const gone: number[] = [];
      for (const r of this.known.values()) if (r.connectionId === connectionId && r.live && r.seenRun !== runId) gone.push(r.id);
      if (gone.length) {
        vanished = records.vanish(gone, now);
        this.ownWrites++;
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
      if (r.connectionId === connectionId) pulled++;
    });
    for (const r of this.known.values()) if (!r.live && r.personKey !== null) changed.push([r.id, null]);
    if (changed.length) this.writeKeys(changed);
    return { vanished, pulled };
  }

  /** After finish(): a connection's live users, as the workspace now holds them. */
  usersOf(connectionId: number): ScannedRecord[] {
    const users: ScannedRecord[] = [];
    for (const r of this.known.values()) if (r.connectionId === connectionId && r.live && r.identity) users.push(r);
    return users;
  }

  /**
   * Drops what it knows; the next page stored reads the records again. A pull calls it when
   * a transaction that went through here rolled back: what was taken is not in the file.
   */
  forget(): void {
    this.epoch++;
    this.links = new PersonLinks();
    this.known = new Map();
    this.baseline = undefined;
    this.ownWrites = 0;
    this.lastScanned = 0;
    this.scanned = false;
    this.reading = false;
    this.turned = false;
    this.broken = false;
  }

  /** No pull holds it any more: the slices stop. */
  close(): void {
    this.closed = true;
  }

  private forgotten(): undefined {
    this.forget();
    return undefined;
  }

  private begin(): void {
    this.baseline = { writes: this.workspace.records.writes, dataVersion: this.workspace.dataVersion() };
  }

  private writeKeys(changes: readonly (readonly [number, number | null])[]): void {
    this.workspace.records.writePersonKeys(changes);
    this.ownWrites++;
    for (const [id, key] of changes) this.known.get(id)!.personKey = key;
  }

  /**
   * Reads the workspace's records in slices between other work, until read, forgotten or
   * closed — from the first page that stores records: a re-pull that finds nothing changed reads nothing.
   */
  private readOn(): void {
    if (this.reading || this.scanned || this.closed) return;
    this.reading = true;
    const epoch = this.epoch;
    const next = () => {
      if (this.epoch !== epoch) return;
      if (this.closed || this.scanned || this.broken) {
        this.reading = false;
        return;
      }
      this.scanSliceOrBreak();
      this.turned = true;
      setImmediate(next);
    };
    setImmediate(next);
  }

  private scanSliceOrBreak(): void {
    try {
      this.scanSlice();
    } catch {
      // Read again at the end, whole, as a pull without this does.
      this.broken = true;
    }
  }

  private scanSlice(): void {
    if (!this.baseline) this.begin();
    const slice = this.workspace.records.scanAfter(this.lastScanned, this.slice);
    for (const r of slice) this.take(r);
    if (slice.length) this.lastScanned = slice[slice.length - 1]!.id;
    if (slice.length < this.slice) this.scanned = true;
  }

  /** A record as it now stands in the workspace (read, stored, or vanished by a pull). */
  private take(r: ScannedRecord): void {
    this.known.set(r.id, r);
    if (r.live) this.links.set(r);
    else this.links.remove(r.id);
  }
}

const byWorkspace = new WeakMap<Workspace, { persons: SharedPersons; holders: number }>();

/**
 * The persons the pulls of this process share for a workspace, held until release() (once
 * is enough): a pull holds them while it pages, "Pull all" for its whole run, so the stage
 * of lookup kinds finds what the listing kinds read. The last release drops them.
 */
export function holdSharedPersons(workspace: Workspace, slice?: number): { persons: SharedPersons; release: () => void } {
  let held = byWorkspace.get(workspace);
  if (!held) byWorkspace.set(workspace, (held = { persons: new SharedPersons(workspace, slice), holders: 0 }));
  held.holders++;
  const entry = held;
  let released = false;
  return {
    persons: entry.persons,
    release: () => {
      if (released) return;
      released = true;
      if (--entry.holders > 0) return;
      entry.persons.close();
      if (byWorkspace.get(workspace) === entry) byWorkspace.delete(workspace);
    },
  };
}
