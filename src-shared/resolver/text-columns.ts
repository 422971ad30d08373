/**
 * A table of short strings without a string per cell: rows come in chunks, and each
 * chunk keeps its cells end to end in one string with their starts and lengths in an
 * Int32Array. A million imported rows of four cells would otherwise be four million
 * strings the garbage collector walks again and again; here a cell becomes a string only
 * when it is shown (issue 7). Chunks are also what a parsing worker hands over: one
 * string and two arrays, cheap to pass between threads.
 */

/**
 * Rows per chunk: a power of two, so a row's chunk is a shift away; and small, so the
 * cells a builder holds until it takes a chunk die young instead of being copied by
 * the garbage collector (1,024 rows previewed a million rows about 0.03 s faster than
 * 4,096; 512 was no faster).
 */
const SHIFT = 10;
export const CHUNK_ROWS = 1 << SHIFT;

export interface TextChunk {
  rows: number;
  /** Every cell of the chunk, end to end. */
  text: string;
  /** Per cell (row-major): where it starts in `text`, and its length (-1 for null). */
  starts: Int32Array;
  lengths: Int32Array;
}

/** Builds chunks cell by cell (the parser's side). */
export class TextChunkBuilder {
  /**
   * The cells so far, end to end. Appended to one by one rather than joined from an
   * array at the end: V8 keeps the appends as a rope and copies it flat once (when
   * the chunk is sent to another thread, or first read), which cost a million-row
   * import 0.02 s less than join('').
   */
  private text = '';
  private lengths: Int32Array;
  private cells = 0;

  constructor(readonly width: number) {
    this.lengths = new Int32Array(CHUNK_ROWS * width);
  }

  get rows(): number {
    return this.cells / this.width;
  }

  /** Appends the next cell (rows fill left to right); a chunk holds at most CHUNK_ROWS rows. */
  push(value: string | null): void {
    if (this.cells === this.lengths.length) throw new Error('text chunk builder: take() the full chunk first');
    if (value === null) this.lengths[this.cells++] = -1;
    else {
      this.text += value;
      this.lengths[this.cells++] = value.length;
    }
  }

  /** The rows so far as a chunk; the builder starts over. */
  take(): TextChunk {
    const lengths = this.lengths.slice(0, this.cells);
    const starts = new Int32Array(this.cells);
    let at = 0;
    for (let i = 0; i < lengths.length; i++) {
      starts[i] = at;
      if (lengths[i]! > 0) at += lengths[i]!;
    }
    const chunk = { rows: this.rows, text: this.text, starts, lengths };
    this.text = '';
    this.cells = 0;
    return chunk;
  }
}

/** The table: full chunks of CHUNK_ROWS rows, the last one possibly shorter. */
export class TextColumns {
  private readonly chunks: TextChunk[] = [];
  private count = 0;

  constructor(readonly width: number) {}

  get rows(): number {
    return this.count;
  }

  /** Adds a chunk; every chunk but the last must hold exactly CHUNK_ROWS rows. */
  append(chunk: TextChunk): void {
    if (this.count % CHUNK_ROWS !== 0) throw new Error('text columns: only the last chunk may be short');
    this.chunks.push(chunk);
    this.count += chunk.rows;
  }

  /** The chunk holding a row; with cellOf, where its cells are in the chunk's arrays. */
  chunkOf(row: number): TextChunk {
    return this.chunks[row >>> SHIFT]!;
  }

  /** Where a row's first cell is in its chunk's starts and lengths. */
  cellOf(row: number): number {
    return (row & (CHUNK_ROWS - 1)) * this.width;
  }

  get(row: number, column: number): string | null {
    const chunk = this.chunkOf(row);
    const cell = this.cellOf(row) + column;
    const length = chunk.lengths[cell]!;
    return length < 0 ? null : chunk.text.substring(chunk.starts[cell]!, chunk.starts[cell]! + length);
  }

  /** One table from rows given as strings (tests, small callers). */
  static of(width: number, rows: readonly (readonly (string | null)[])[]): TextColumns {
    const columns = new TextColumns(width);
    const builder = new TextChunkBuilder(width);
    for (const row of rows) {
      for (let c = 0; c < width; c++) builder.push(row[c] ?? null);
      if (builder.rows === CHUNK_ROWS) columns.append(builder.take());
    }
    if (builder.rows > 0) columns.append(builder.take());
    return columns;
  }
}
