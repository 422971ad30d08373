import { grown } from './grown';
import { present } from './normalise';
import { packArrayParts, packArrays, unpackArrays } from './packed-bytes';
import { PackedStringMap, StringHeap } from './packed-string-map';
import { decide, emptyVerdict, type IdentityTarget, type Verdict } from './resolve-rules';
import { TextColumns } from './text-columns';
import type { ResolveMode } from './types';

const HAS_EXTERNAL_ID = 1;
/** 2: hashes are 31 bits (packed-string-map.ts); a version-1 file is rebuilt. */
const VERSION = 2;
/** Rows hashed and touched ahead of resolving them (see prefetch). */
const BATCH = 64;
/** The hash of a cell that is empty, or of a column the rows do not have. */
const NO_KEY = -2;

/**
 * The users of one system, indexed for resolving a million incoming rows (issue 7):
 * the same rules as IdentityIndex (resolve-rules.ts), but users are numbers (0, 1, 2…
 * in insertion order) and every id, email and external id sits in typed arrays. So it
 * holds a million users in flat buffers the garbage collector never walks, and it can
 * be saved as bytes after a pull and loaded in milliseconds before a preview.
 *
 * It answers what a plan needs (match, backfill, create) and nothing else: no renames,
 * no deletes, no companies. Users it creates get ids `PREFIX1`, `PREFIX2`… that skip
 * ids already in use, like IdentityIndex's `newId`.
 */
export class PackedIdentityIndex {
  private heap: StringHeap;
  private byEmail: PackedStringMap;
  private byPrimary: PackedStringMap;
  private byDeprecated: PackedStringMap;
  /** Where each user's id starts in the heap; for a user this index created, -serial. */
  private idStarts: Int32Array;
  private idLengths: Int32Array;
  private flags: Uint8Array;
  private users = 0;
  private serial = 0;
  private reserved: Set<string> | undefined;
  private newIdPrefix = 'u-';
  /** Ids of the users insert() added, for its duplicate check (made on first use). */
  private byId: PackedStringMap | undefined;
  /** See createdBeside. */
  private beside: number | undefined;

  constructor(expectedUsers = 0) {
    this.heap = new StringHeap();
    this.byEmail = new PackedStringMap(this.heap, { fold: true, expected: expectedUsers });
    this.byPrimary = new PackedStringMap(this.heap, { expected: expectedUsers });
    this.byDeprecated = new PackedStringMap(this.heap);
    const capacity = Math.max(1024, expectedUsers);
    this.idStarts = new Int32Array(capacity);
    this.idLengths = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
  }

  get size(): number {
    return this.users;
  }

  /** The prefix of ids for users a plan creates ("new-" in import plans). */
  withNewIds(prefix: string): this {
    this.newIdPrefix = prefix;
    this.reserved = new Set();
    for (let u = 0; u < this.users; u++) {
      const start = this.idStarts[u]!;
      if (start < 0 || this.idLengths[u]! <= prefix.length) continue;
      if (this.heap.equals(start, prefix, 0, prefix.length, false)) this.reserved.add(this.idOf(u));
    }
    return this;
  }

  /**
   * Says that up to `rows` more rows may be resolved: each can add at most one email and
   * one external id (a create, or a backfill), so the two maps make room for that many
   * when they first have to grow (PackedStringMap.expectMore). Decisions do not change.
   */
  expectRows(rows: number): void {
    this.byEmail.expectMore(rows);
    this.byPrimary.expectMore(rows);
  }

  /**
   * Adds a user from a local copy (IdentityIndex.insertKeepingFirst): an email or external
   * id already indexed stays with its first holder and is left off this user. Ids are not
   * checked: a connection's records are unique by remote id (UNIQUE in the store).
   */
  insertKeepingFirst(id: string, email: string | null, externalId: string | null, deprecatedExternalIds: readonly string[]): void {
    const u = this.newUser(this.heap.add(id), id.length);
    const e = present(email);
    if (e !== undefined && !this.byEmail.has(e)) this.byEmail.add(e, u);
    const ext = present(externalId);
    if (ext !== undefined && !this.isExternalIdInUse(ext)) {
      this.byPrimary.add(ext, u);
      this.flags[u]! |= HAS_EXTERNAL_ID;
    }
    for (const d of deprecatedExternalIds) {
      const value = present(d);
      if (value !== undefined && !this.isExternalIdInUse(value)) this.byDeprecated.add(value, u);
    }
  }

  /**
   * Adds a user as given, trimmed, as IdentityIndex.insert does, and throws as it does (in
   * the same words) when the user breaks uniqueness: the input data is wrong (`rekey resolve`).
   */
  insert(id: string, email: string | null | undefined, externalId: string | null | undefined, deprecatedExternalIds: readonly string[]): number {
    this.byId ??= new PackedStringMap(this.heap, { expected: this.idStarts.length });
    if (this.byId.has(id)) throw new Error(`duplicate user id ${id}`);
    const e = present(email);
    const ext = present(externalId);
    const deprecated: string[] = [];
    for (const d of deprecatedExternalIds) {
      const value = present(d);
      if (value !== undefined) deprecated.push(value);
    }
    const holder = e === undefined ? -1 : this.byEmail.get(e);
    if (holder >= 0) throw new Error(`users ${this.idOf(holder)} and ${id} share the email ${e}`);
    if (ext !== undefined && this.isExternalIdInUse(ext)) throw new Error(`external id ${ext} is used twice (user ${id})`);
    for (const x of deprecated) if (this.isExternalIdInUse(x)) throw new Error(`external id ${x} is used twice (user ${id})`);
    const u = this.newUser(this.heap.add(id), id.length);
    this.byId.add(id, u);
    if (e !== undefined) this.byEmail.add(e, u);
    if (ext !== undefined) {
      this.byPrimary.add(ext, u);
      this.flags[u]! |= HAS_EXTERNAL_ID;
    }
    // A value listed twice by the same user is indexed once (IdentityIndex's Map keeps one entry).
    for (const x of deprecated) if (this.byDeprecated.get(x) !== u) this.byDeprecated.add(x, u);
    return u;
  }

  /**
   * After a row that created a user: the user whose email the row carried when the row's
   * external id could not take it (create-detached, SPEC §3 M4 lenient) — the new user
   * joins that user's company. Undefined after any other create.
   */
  get createdBeside(): number | undefined {
    return this.beside;
  }

  isExternalIdInUse(value: string): boolean {
    return this.byPrimary.has(value) || this.byDeprecated.has(value);
  }

  /** The id of user `u` (as pulled, or the one this index gave it). */
  idOf(u: number): string {
    const start = this.idStarts[u]!;
    return start >= 0 ? this.heap.read(start, this.idLengths[u]!) : `${this.newIdPrefix}${-start}`;
  }

  /** True for users this index created (planned, not yet on the remote). */
  isCreated(u: number): boolean {
    return this.idStarts[u]! < 0;
  }

  /**
   * The chunk of the row being resolved, and the columns of its external id and email
   * (-1: none): the rules name a row by where its cells start in the chunk, so each
   * lookup reads the chunk's arrays directly.
   */
  private text = '';
  private starts: Int32Array = new Int32Array(0);
  private lengths: Int32Array = new Int32Array(0);
  private extColumn = -1;
  private emailColumn = -1;
  /** The row's place in the prefetched batch: its keys' hashes are extHashes[k], emailHashes[k]. */
  private k = 0;

  /** The rows [batchFrom, batchTo) of batchRows, hashed and touched by prefetch. */
  private batchRows: KeyedRows | undefined;
  private batchFrom = 0;
  private batchTo = 0;
  private readonly extHashes = new Int32Array(BATCH);
  private readonly emailHashes = new Int32Array(BATCH);
  private readonly keyStarts = new Int32Array(BATCH);
  /** Only so that the touching reads are not optimised away. */
  private touched = 0;

  private holder(map: PackedStringMap, cell: number, h: number): number | undefined {
    return none(map.getHashed(h, this.text, this.starts[cell]!, this.lengths[cell]!));
  }

  private addKey(map: PackedStringMap, cell: number, h: number, u: number): void {
    map.addHashed(h, this.text, this.starts[cell]!, this.lengths[cell]!, u);
  }

  private readonly target: IdentityTarget<number, number> = {
    primaryHolder: (base) => this.holder(this.byPrimary, base + this.extColumn, this.extHashes[this.k]!),
    // Primary and deprecated ids are hashed alike (no folding).
    deprecatedHolder: (base) => (this.byDeprecated.count === 0 ? undefined : this.holder(this.byDeprecated, base + this.extColumn, this.extHashes[this.k]!)),
    emailHolder: (base) => this.holder(this.byEmail, base + this.emailColumn, this.emailHashes[this.k]!),
    hasExternalId: (u) => (this.flags[u]! & HAS_EXTERNAL_ID) !== 0,
    backfill: (u, base) => {
      this.addKey(this.byPrimary, base + this.extColumn, this.extHashes[this.k]!, u);
      this.flags[u]! |= HAS_EXTERNAL_ID;
    },
    create: (base, withEmail, companyOf) => {
      this.beside = companyOf;
      let serial: number;
      do serial = ++this.serial;
      while (this.reserved !== undefined && this.reserved.size > 0 && this.reserved.has(`${this.newIdPrefix}${serial}`));
      const u = this.newUser(-serial, 0);
      if (withEmail) this.addKey(this.byEmail, base + this.emailColumn, this.emailHashes[this.k]!, u);
      if (this.extHashes[this.k] !== NO_KEY) {
        this.addKey(this.byPrimary, base + this.extColumn, this.extHashes[this.k]!, u);
        this.flags[u]! |= HAS_EXTERNAL_ID;
      }
      return u;
    },
  };

  /**
   * SPEC §3 for row `row` of `rows` (resolve-rules.ts), whose cells are trimmed; an empty
   * or null cell is absent. `out` is reused by callers resolving many rows; resolving
   * rows in order is fastest (see prefetch).
   */
  resolveRow(rows: KeyedRows, row: number, mode: ResolveMode, out: Verdict<number> = emptyVerdict()): Verdict<number> {
    if (rows !== this.batchRows || row < this.batchFrom || row >= this.batchTo) this.prefetch(rows, row);
    const chunk = rows.columns.chunkOf(row);
    this.text = chunk.text;
    this.starts = chunk.starts;
    this.lengths = chunk.lengths;
    this.extColumn = rows.externalId ?? -1;
    this.emailColumn = rows.email ?? -1;
    this.k = row - this.batchFrom;
    const hasExt = this.extHashes[this.k] !== NO_KEY;
    const hasEmail = this.emailHashes[this.k] !== NO_KEY;
    return decide(this.target, rows.columns.cellOf(row), hasExt, hasEmail, mode, out);
  }

  /**
   * Hashes the keys of up to BATCH rows from `from` and reads the first slot and key
   * of each before any is resolved. Resolving a million rows against a million users
   * waits mostly on memory (tables of 32 MB, keys of 60 MB, a cache of 32 MB); read one
   * lookup at a time, each waits for its own misses, while here a batch's misses are in
   * flight together (issue 7: the plan of 1M × 1M went from 0.56 s to 0.48 s; passing
   * the hashes on to lookups and inserts took it to 0.39 s). Hashing comes first, on
   * its own: with a hash computed between two reads, the processor cannot get far
   * enough ahead to start the next read early.
   */
  private prefetch(rows: KeyedRows, from: number): void {
    const ext = rows.externalId ?? -1;
    const email = rows.email ?? -1;
    const to = Math.min(rows.columns.rows, from + BATCH);
    for (let row = from; row < to; row++) {
      const { text, starts, lengths } = rows.columns.chunkOf(row);
      const base = rows.columns.cellOf(row);
      const k = row - from;
      this.extHashes[k] = ext >= 0 && lengths[base + ext]! > 0 ? this.byPrimary.hashAt(text, starts[base + ext]!, lengths[base + ext]!) : NO_KEY;
      this.emailHashes[k] = email >= 0 && lengths[base + email]! > 0 ? this.byEmail.hashAt(text, starts[base + email]!, lengths[base + email]!) : NO_KEY;
    }
    const n = to - from;
    this.byPrimary.touch(this.extHashes, n, this.keyStarts);
    this.touched += this.heap.touch(this.keyStarts, n);
    this.byEmail.touch(this.emailHashes, n, this.keyStarts);
    this.touched += this.heap.touch(this.keyStarts, n);
    this.batchRows = rows;
    this.batchFrom = from;
    this.batchTo = to;
  }

  /** One row given as strings (tests, small callers). */
  resolve(externalId: string | null | undefined, email: string | null | undefined, mode: ResolveMode): Verdict<number> {
    const columns = TextColumns.of(2, [[present(externalId) ?? null, present(email) ?? null]]);
    return this.resolveRow({ columns, externalId: 0, email: 1 }, 0, mode);
  }

  private newUser(idStart: number, idLength: number): number {
    this.idStarts = grown(this.idStarts, this.users + 1);
    this.idLengths = grown(this.idLengths, this.users + 1);
    this.flags = grown(this.flags, this.users + 1);
    const u = this.users++;
    this.idStarts[u] = idStart;
    this.idLengths[u] = idLength;
    return u;
  }

  /** The index as bytes, to save beside the workspace (src-main/services/identity-snapshot.ts). */
  toBytes(): Uint8Array {
    return packArrays(...this.packed());
  }

  /** toBytes() as parts to write one after another, without copying the arrays (they must not change meanwhile). */
  toByteParts(): Uint8Array[] {
    return packArrayParts(...this.packed());
  }

  private packed(): [Record<string, unknown>, Record<string, Int32Array | Uint16Array | Uint8Array>] {
    const maps = { email: this.byEmail.parts(), primary: this.byPrimary.parts(), deprecated: this.byDeprecated.parts() };
    const arrays: Record<string, Int32Array | Uint16Array | Uint8Array> = {
      heap: this.heap.all(),
      idStarts: this.idStarts.subarray(0, this.users),
      idLengths: this.idLengths.subarray(0, this.users),
      flags: this.flags.subarray(0, this.users),
    };
    for (const [name, p] of Object.entries(maps)) arrays[`${name}.slots`] = p.slots;
    return [{ version: VERSION, users: this.users, serial: this.serial, sizes: { email: maps.email.size, primary: maps.primary.size, deprecated: maps.deprecated.size } }, arrays];
  }

  /** An index saved by toBytes(). Throws on bytes of another shape or version. */
  static fromBytes(bytes: Uint8Array): PackedIdentityIndex {
    const { meta, arrays } = unpackArrays(bytes);
    if (meta.version !== VERSION) throw new Error(`packed identity index version ${String(meta.version)} is not ${VERSION}`);
    const index = new PackedIdentityIndex();
    const sizes = meta.sizes as Record<'email' | 'primary' | 'deprecated', number>;
    const heap = arrays.heap as Uint16Array;
    // Every array is a view on the bytes (this reader's own copy of the file), written in
    // place as a plan adds keys; added key text goes to the heap's tail, so the 60 MB
    // base is never copied.
    index.heap = new StringHeap(heap, heap.length);
    const map = (name: 'email' | 'primary' | 'deprecated', fold: boolean) =>
      new PackedStringMap(index.heap, {
        fold,
        size: sizes[name],
        slots: arrays[`${name}.slots`] as Int32Array,
      });
    index.byEmail = map('email', true);
    index.byPrimary = map('primary', false);
    index.byDeprecated = map('deprecated', false);
    index.users = meta.users as number;
    index.serial = meta.serial as number;
    index.idStarts = arrays.idStarts as Int32Array;
    index.idLengths = arrays.idLengths as Int32Array;
    index.flags = arrays.flags as Uint8Array;
    return index;
  }
}

const none = (value: number): number | undefined => (value < 0 ? undefined : value);

/** Rows to resolve: trimmed cells, and the columns (if any) of the external id and the email. */
export interface KeyedRows {
  columns: TextColumns;
  externalId: number | undefined;
  email: number | undefined;
}
