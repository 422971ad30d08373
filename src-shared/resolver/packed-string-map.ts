/**
 * A string → int map held in typed arrays, for a million keys without a million heap
 * objects: keys live as UTF-16 code units in one StringHeap, slots in one Int32Array
 * (open addressing, linear probing, four ints a slot). Holding it costs a few flat
 * buffers that the garbage collector never walks, and it can be saved and loaded as
 * bytes (packed-bytes.ts).
 *
 * `fold` maps compare case-insensitively as JavaScript's toLowerCase() does: stored keys
 * are lower-cased on the way in; a query of plain ASCII is folded while it is hashed (no
 * new string), anything else is lower-cased first.
 *
 * Callers that look up many keys in a row can split a lookup in three (hashAt, touch,
 * getHashed), so that the cache misses of many keys are waited for together.
 */

/** A free slot holds 0; values are stored plus one so that 0 can mean free and new arrays need no filling. */
const FREE = 0;
const EMPTY = -1;
/** Linear probing stays short up to about this load; above it the slots double. */
const MAX_LOAD = 0.7;

/**
 * Strings end to end: a fixed base (as loaded, possibly a view on saved bytes) and a
 * growing tail for what is added after. Positions past the base are in the tail, so
 * adding a few keys to a loaded index never copies its hundred megabytes.
 */
export class StringHeap {
  readonly base: Uint16Array;
  readonly baseLength: number;
  private tail = new Uint16Array(1 << 12);
  private tailLength = 0;

  constructor(base: Uint16Array = new Uint16Array(0), baseLength = base.length) {
    this.base = base;
    this.baseLength = baseLength;
  }

  /** Units in use, base and tail (what toBytes saves). */
  get length(): number {
    return this.baseLength + this.tailLength;
  }

  /** Base and tail as one array (for saving). */
  all(): Uint16Array {
    const out = new Uint16Array(this.length);
    out.set(this.base.subarray(0, this.baseLength));
    out.set(this.tail.subarray(0, this.tailLength), this.baseLength);
    return out;
  }

  add(s: string): number {
    return this.addPart(s, 0, s.length, false);
  }

  /** Appends `text[start, start + length)`, with A–Z as a–z if `fold`; returns where it starts. */
  addPart(text: string, start: number, length: number, fold: boolean): number {
    if (this.tailLength + length > this.tail.length) {
      let size = this.tail.length * 2;
      while (size < this.tailLength + length) size *= 2;
      const grown = new Uint16Array(size);
      grown.set(this.tail.subarray(0, this.tailLength));
      this.tail = grown;
    }
    const at = this.tailLength;
    const tail = this.tail;
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(start + i);
      tail[at + i] = fold && c >= 65 && c <= 90 ? c + 32 : c;
    }
    this.tailLength += length;
    return this.baseLength + at;
  }

  /** Whether the units at `from` are `text[start, start + length)` (A–Z as a–z in `text` if `fold`). */
  equals(from: number, text: string, start: number, length: number, fold: boolean): boolean {
    let units = this.base;
    if (from >= this.baseLength) {
      units = this.tail;
      from -= this.baseLength;
    }
    for (let i = 0; i < length; i++) {
      let c = text.charCodeAt(start + i);
      if (fold && c >= 65 && c <= 90) c += 32;
      if (units[from + i] !== c) return false;
    }
    return true;
  }

  /**
   * Reads the first unit of each key at `starts` (-1: none) in the base, for the
   * reason PackedStringMap.touch gives; the sum only keeps the reads from being dropped.
   */
  touch(starts: Int32Array, n: number): number {
    const base = this.base;
    const end = this.baseLength;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const at = starts[k]!;
      if (at >= 0 && at < end) sum += base[at]!;
    }
    return sum;
  }

  read(from: number, length: number): string {
    let units = this.base;
    if (from >= this.baseLength) {
      units = this.tail;
      from -= this.baseLength;
    }
    let out = '';
    // In chunks: spreading a very long value into one call would overflow the stack.
    for (let at = from; at < from + length; at += 4096) out += String.fromCharCode(...units.subarray(at, Math.min(from + length, at + 4096)));
    return out;
  }
}

/**
 * murmur3's finaliser (FNV-1a alone leaves the low bits, the slot, poorly mixed), cut to
 * 31 bits: a hash is never negative, so negative numbers can flag what is not a hash.
 */
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) & 0x7fffffff;
}

/** What hashOf gives for a key a fold map must lower-case first (it has non-ASCII units). */
const NOT_ASCII = -1;

/** FNV-1a over code units. With `fold`, A–Z count as a–z, and a non-ASCII key is NOT_ASCII. */
function hashOf(text: string, start: number, length: number, fold: boolean): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < start + length; i++) {
    let c = text.charCodeAt(i);
    if (fold) {
      if (c >= 128) return NOT_ASCII;
      if (c >= 65 && c <= 90) c += 32;
    }
    h = Math.imul(h ^ c, 16777619);
  }
  return finish(h);
}

/** A key lower-cased as toLowerCase() does (for keys with non-ASCII units). */
const lowerCase = (text: string, start: number, length: number) => text.substring(start, start + length).toLowerCase();

export interface PackedStringMapParts {
  fold: boolean;
  size: number;
  slots: Int32Array;
}

/** Slot layout: four Int32s per slot, side by side, so a probe touches one cache line. */
const HASH = 0;
const VALUE = 1;
const START = 2;
const LENGTH = 3;
const STRIDE = 4;

export class PackedStringMap {
  readonly fold: boolean;
  private size = 0;
  private slots: Int32Array;
  /** Keys that may still come (see expectMore); a grow makes room for them at once. */
  private more = 0;

  constructor(
    private readonly heap: StringHeap,
    options: { fold?: boolean; expected?: number } | PackedStringMapParts = {},
  ) {
    if ('slots' in options) {
      this.fold = options.fold;
      this.size = options.size;
      this.slots = options.slots;
      return;
    }
    this.fold = options.fold ?? false;
    let capacity = 16;
    while (capacity * MAX_LOAD < (options.expected ?? 0) * 1.25) capacity *= 2; // room for a quarter more (rows a plan creates)
    this.slots = emptySlots(capacity);
  }

  get count(): number {
    return this.size;
  }

  private get capacity(): number {
    return this.slots.length / STRIDE;
  }

  /**
   * Says that up to `keys` more keys may be added. Nothing is allocated now: a map that
   * never fills keeps its size (a plan that mostly matches adds few keys to a loaded
   * index, and a bigger table would cost it). But once it must grow, it grows to hold
   * them all in one step, instead of doubling a dozen times on the way from a small
   * target's few users to a million planned ones, rehashing every key each time.
   */
  expectMore(keys: number): void {
    this.more = Math.max(0, keys);
  }

  /** The arrays to save (packed-identity-index.ts). */
  parts(): PackedStringMapParts {
    return { fold: this.fold, size: this.size, slots: this.slots };
  }

  /** The value of `key`, or -1. */
  get(key: string): number {
    return this.lookup(key, 0, key.length, this.fold);
  }

  has(key: string): boolean {
    return this.get(key) !== EMPTY;
  }

  /** Adds a key that is not in the map yet (callers check: the index keeps first holders). */
  add(key: string, value: number): void {
    this.insert(key, 0, key.length, value, this.fold);
  }

  /**
   * `fold`: hash and compare with A–Z as a–z. A key with non-ASCII units in a fold map is
   * lower-cased as toLowerCase() does (which may change its length) and then compared
   * exactly; stored keys are lower case, so both routes meet.
   */
  private lookup(text: string, start: number, length: number, fold: boolean): number {
    return this.find(hashOf(text, start, length, fold), text, start, length, fold);
  }

  /** The hash of the key `text[start, start + length)` (for getHashed, addHashed, touch). */
  hashAt(text: string, start: number, length: number): number {
    return hashOf(text, start, length, this.fold);
  }

  /** The value of the key `text[start, start + length)` whose hashAt() is `h`, or -1: no substring is made. */
  getHashed(h: number, text: string, start: number, length: number): number {
    return this.find(h, text, start, length, this.fold);
  }

  /** Adds the key `text[start, start + length)` whose hashAt() is `h`; it must not be in the map yet. */
  addHashed(h: number, text: string, start: number, length: number, value: number): void {
    this.insertHashed(h, text, start, length, value, this.fold);
  }

  /**
   * Reads the first slot of each hash (a negative one is skipped) and gives where the key
   * it holds starts in the heap (-1 when free). A loop this short keeps many of its
   * cache misses in flight at once; see PackedIdentityIndex.prefetch.
   */
  touch(hashes: Int32Array, n: number, keyStarts: Int32Array): void {
    const slots = this.slots;
    const mask = this.capacity - 1;
    for (let k = 0; k < n; k++) {
      const h = hashes[k]!;
      keyStarts[k] = h < 0 ? -1 : slots[(h & mask) * STRIDE + VALUE] === FREE ? -1 : slots[(h & mask) * STRIDE + START]!;
    }
  }

  private find(h: number, text: string, start: number, length: number, fold: boolean): number {
    if (h === NOT_ASCII) {
      const key = lowerCase(text, start, length);
      return this.lookup(key, 0, key.length, false);
    }
    const slots = this.slots;
    const mask = this.capacity - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const at = slot * STRIDE;
      if (slots[at + VALUE] === FREE) return EMPTY;
      if (slots[at + HASH] === h && slots[at + LENGTH] === length && this.heap.equals(slots[at + START]!, text, start, length, fold)) return slots[at + VALUE]! - 1;
    }
  }

  private insert(text: string, start: number, length: number, value: number, fold: boolean): void {
    this.insertHashed(hashOf(text, start, length, fold), text, start, length, value, fold);
  }

  private insertHashed(h: number, text: string, start: number, length: number, value: number, fold: boolean): void {
    if (h === NOT_ASCII) {
      const key = lowerCase(text, start, length);
      return this.insert(key, 0, key.length, value, false);
    }
    if (this.size + 1 > this.capacity * MAX_LOAD) this.grow();
    if (this.more > 0) this.more--;
    const from = this.heap.addPart(text, start, length, fold);
    this.place(h, value, from, length);
    this.size++;
  }

  private place(h: number, value: number, from: number, length: number): void {
    const mask = this.capacity - 1;
    let slot = h & mask;
    while (this.slots[slot * STRIDE + VALUE] !== FREE) slot = (slot + 1) & mask;
    const at = slot * STRIDE;
    this.slots[at + HASH] = h;
    this.slots[at + VALUE] = value + 1;
    this.slots[at + START] = from;
    this.slots[at + LENGTH] = length;
  }

  private grow(): void {
    const old = this.slots;
    let capacity = this.capacity * 2;
    while (capacity * MAX_LOAD < this.size + 1 + this.more) capacity *= 2;
    this.slots = emptySlots(capacity);
    for (let at = 0; at < old.length; at += STRIDE) {
      if (old[at + VALUE] !== FREE) this.place(old[at + HASH]!, old[at + VALUE]! - 1, old[at + START]!, old[at + LENGTH]!);
    }
  }
}

const emptySlots = (capacity: number) => new Int32Array(capacity * STRIDE);
