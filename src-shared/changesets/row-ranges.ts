/**
 * Row numbers of a change set written compactly for the audit log: "0-9,12,15-20".
 * An "approve all pending rows" on 250,000 rows is one audit entry, and these ranges are
 * how it still says exactly which rows were decided (issue 22).
 */
export class RowRanges {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private n = 0;

  /** Adds a row number; numbers must come in increasing order. */
  add(idx: number): void {
    const last = this.ends.length - 1;
    if (last >= 0 && idx <= this.ends[last]!) throw new Error(`row ${idx} came after row ${this.ends[last]}`);
    if (last >= 0 && idx === this.ends[last]! + 1) this.ends[last] = idx;
    else {
      this.starts.push(idx);
      this.ends.push(idx);
    }
    this.n++;
  }

  get count(): number {
    return this.n;
  }

  toString(): string {
    return this.starts.map((s, i) => (s === this.ends[i] ? String(s) : `${s}-${this.ends[i]}`)).join(',');
  }
}

/** The row numbers a ranges text names, in order ("" names none). */
export function expandRowRanges(text: string): number[] {
  if (text === '') return [];
  return text.split(',').flatMap((part) => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new Error(`not a row range: "${part}"`);
    const first = Number(m[1]);
    const last = m[2] === undefined ? first : Number(m[2]);
    return Array.from({ length: last - first + 1 }, (_, k) => first + k);
  });
}
