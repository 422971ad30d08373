/** One request as the sandbox saw it, with the operations it applied. */
export interface LoggedRequest {
  seq: number;
  at: string;
  system: SystemName;
  method: string;
  path: string;
  status: number;
  /** What the request changed, each as a stable identity ("rename legacy-1->usr_1"). */
  applied: string[];
  fault?: string;
}

export type SystemName = 'productboard' | 'scim' | 'uservoice' | 'braze';

/**
 * The sandbox's request log (issue 5): lets a test prove an operation was applied
 * exactly once, whatever retries and reconciliations happened on the client side.
 * Bounded: the oldest entries go first past `limit`, but applied counts are kept whole.
 */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;
  private readonly appliedCounts = new Map<string, number>();

  constructor(private readonly limit = 200_000) {}

  add(entry: Omit<LoggedRequest, 'seq' | 'at'>): void {
    this.entries.push({ ...entry, seq: ++this.seq, at: new Date().toISOString() });
    for (const op of entry.applied) this.appliedCounts.set(`${entry.system} ${op}`, (this.appliedCounts.get(`${entry.system} ${op}`) ?? 0) + 1);
    if (this.entries.length > this.limit) this.entries = this.entries.slice(-this.limit / 2);
  }

  list(filter: { system?: SystemName; since?: number } = {}): LoggedRequest[] {
    return this.entries.filter((e) => (!filter.system || e.system === filter.system) && (!filter.since || e.seq > filter.since));
  }

  /** How many times each operation was applied, keyed "system operation". */
  applied(): Map<string, number> {
    return new Map(this.appliedCounts);
  }

  get size(): number {
    return this.seq;
  }
}
