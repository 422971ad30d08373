/**
 * Loads a long list a page at a time, for the virtualised tables: a page already asked
 * for is not asked again while its answer is on the way, and answers that arrive after
 * the list was started over (another filter, a reload, a change) are dropped.
 */
export class PageLoader<T> {
  private generation = 0;
  private readonly inFlight = new Set<string>();

  constructor(
    /** Asks main for a page; undefined when there is nothing to ask about. */
    private readonly fetch: (page: number) => Promise<T> | undefined,
    private readonly loaded: (page: number, answer: T) => void,
    private readonly failed: (message: string) => void,
  ) {}

  /** The list starts over: answers to earlier asks are dropped. */
  restart(): void {
    this.generation++;
  }

  async load(page: number): Promise<void> {
    const gen = this.generation;
    const key = `${gen}:${page}`;
    if (this.inFlight.has(key)) return;
    const asked = this.fetch(page);
    if (!asked) return;
    this.inFlight.add(key);
    try {
      const answer = await asked;
      if (gen === this.generation) this.loaded(page, answer);
    } catch (e) {
      this.failed((e as Error).message);
    } finally {
      this.inFlight.delete(key);
    }
  }
}

/** The page an index falls in. */
export const pageOf = (index: number, pageSize: number): number => Math.floor(index / pageSize);

/** The item at an index of a paged list, if its page has arrived. */
export function itemAt<T>(pages: Record<number, T[]>, pageSize: number, index: number): T | undefined {
  return pages[pageOf(index, pageSize)]?.[index % pageSize];
}
