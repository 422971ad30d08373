import { grown } from './grown';
import { present } from './normalise';
import { packArrays, unpackArrays } from './packed-bytes';
import { PackedStringMap, StringHeap } from './packed-string-map';
import { decide, emptyVerdict, type IdentityTarget, type Verdict } from './resolve-rules';
import { TextColumns } from './text-columns';
import type { ResolveMode } from './types';

const HAS_EXTERNAL_ID = 1;
const VERSION = 1;

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

  /** The rows being resolved, and which of their columns hold the external id and the email. */
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

  private holder(map: PackedStringMap, cell: number): number | undefined {
    return none(map.getAt(this.text, this.starts[cell]!, this.lengths[cell]!));
  }

  private addKey(map: PackedStringMap, cell: number, u: number): void {
    map.addAt(this.text, this.starts[cell]!, this.lengths[cell]!, u);
  }

  private readonly target: IdentityTarget<number, number> = {
    primaryHolder: (base) => this.holder(this.byPrimary, base + this.extColumn),
    deprecatedHolder: (base) => (this.byDeprecated.count === 0 ? undefined : this.holder(this.byDeprecated, base + this.extColumn)),
    emailHolder: (base) => this.holder(this.byEmail, base + this.emailColumn),
    hasExternalId: (u) => (this.flags[u]! & HAS_EXTERNAL_ID) !== 0,
    backfill: (u, base) => {
      this.addKey(this.byPrimary, base + this.extColumn, u);
      this.flags[u]! |= HAS_EXTERNAL_ID;
    },
    create: (base, withEmail) => {
      let serial: number;
      do serial = ++this.serial;
      while (this.reserved?.has(`${this.newIdPrefix}${serial}`));
      const u = this.newUser(-serial, 0);
      if (withEmail) this.addKey(this.byEmail, base + this.emailColumn, u);
      if (this.extColumn >= 0 && this.lengths[base + this.extColumn]! > 0) {
        this.addKey(this.byPrimary, base + this.extColumn, u);
        this.flags[u]! |= HAS_EXTERNAL_ID;
      }
      return u;
    },
  };

  /**
   * SPEC §3 for row `row` of `rows` (resolve-rules.ts), whose cells are trimmed; an empty
   * or null cell is absent. `out` is reused by callers resolving many rows.
   */
  resolveRow(rows: KeyedRows, row: number, mode: ResolveMode, out: Verdict<number> = emptyVerdict()): Verdict<number> {
    const chunk = rows.columns.chunkOf(row);
    this.text = chunk.text;
    this.starts = chunk.starts;
    this.lengths = chunk.lengths;
    this.extColumn = rows.externalId ?? -1;
    this.emailColumn = rows.email ?? -1;
    const base = rows.columns.cellOf(row);
    const hasExt = this.extColumn >= 0 && this.lengths[base + this.extColumn]! > 0;
    const hasEmail = this.emailColumn >= 0 && this.lengths[base + this.emailColumn]! > 0;
    return decide(this.target, base, hasExt, hasEmail, mode, out);
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
    const maps = { email: this.byEmail.parts(), primary: this.byPrimary.parts(), deprecated: this.byDeprecated.parts() };
    const arrays: Record<string, Int32Array | Uint16Array | Uint8Array> = {
      heap: this.heap.all(),
      idStarts: this.idStarts.subarray(0, this.users),
      idLengths: this.idLengths.subarray(0, this.users),
      flags: this.flags.subarray(0, this.users),
    };
    for (const [name, p] of Object.entries(maps)) arrays[`${name}.slots`] = p.slots;
    return packArrays({ version: VERSION, users: this.users, serial: this.serial, sizes: { email: maps.email.size, primary: maps.primary.size, deprecated: maps.deprecated.size } }, arrays);
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
