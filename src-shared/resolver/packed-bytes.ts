/**
 * Typed arrays to one byte string and back: a small JSON header (the shape), then
 * each array's bytes at a 4-byte boundary, so loading makes views, not copies.
 */

type Packable = Int32Array<ArrayBufferLike> | Uint16Array<ArrayBufferLike> | Uint8Array<ArrayBufferLike>;
const KINDS = { Int32Array, Uint16Array, Uint8Array } as const;
type Kind = keyof typeof KINDS;

const MAGIC = 0x52454b31; // "REK1"
const pad4 = (n: number) => (n + 3) & ~3;

/** The header is names and numbers: ASCII, one byte a character. */
function ascii(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) throw new Error('packed arrays: the header must be ASCII');
    bytes[i] = c;
  }
  return bytes;
}

export function packArrays(meta: Record<string, unknown>, arrays: Record<string, Packable>): Uint8Array {
  const parts = packArrayParts(meta, arrays);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/**
 * packArrays' bytes as consecutive parts — the header, then views on the arrays themselves
 * with their padding — for a file written as they stand (writev) without copying tens of MB.
 */
export function packArrayParts(meta: Record<string, unknown>, arrays: Record<string, Packable>): Uint8Array[] {
  const layout: { name: string; kind: Kind; length: number; offset: number }[] = [];
  let offset = 0;
  for (const [name, array] of Object.entries(arrays)) {
    layout.push({ name, kind: array.constructor.name as Kind, length: array.length, offset });
    offset = pad4(offset + array.byteLength);
  }
  const header = ascii(JSON.stringify({ meta, layout }));
  const head = new Uint8Array(8 + pad4(header.length));
  const view = new DataView(head.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, header.length, true);
  head.set(header, 8);
  const parts: Uint8Array[] = [head];
  for (const { name } of layout) {
    const array = arrays[name]!;
    parts.push(new Uint8Array(array.buffer as ArrayBuffer, array.byteOffset, array.byteLength));
    const padding = pad4(array.byteLength) - array.byteLength;
    if (padding) parts.push(new Uint8Array(padding));
  }
  return parts;
}

/** The arrays back, as views on `bytes` (copied once if `bytes` is not 4-byte aligned). */
export function unpackArrays(input: Uint8Array): { meta: Record<string, unknown>; arrays: Record<string, Packable> } {
  const bytes = input.byteOffset % 4 === 0 ? input : input.slice();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 8 || view.getUint32(0, true) !== MAGIC) throw new Error('not a packed identity index');
  const headerLength = view.getUint32(4, true);
  const { meta, layout } = JSON.parse(String.fromCharCode(...bytes.subarray(8, 8 + headerLength))) as {
    meta: Record<string, unknown>;
    layout: { name: string; kind: Kind; length: number; offset: number }[];
  };
  const body = bytes.byteOffset + 8 + pad4(headerLength);
  const arrays: Record<string, Packable> = {};
  for (const { name, kind, length, offset } of layout) {
    const Type = KINDS[kind];
    if (!Type || body + offset + length * Type.BYTES_PER_ELEMENT > bytes.byteOffset + bytes.byteLength) throw new Error(`packed identity index: array ${name} is cut short`);
    arrays[name] = new Type(bytes.buffer as ArrayBuffer, body + offset, length);
  }
  return { meta, arrays };
}
