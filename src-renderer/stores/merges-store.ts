import { create } from 'zustand';
import type { CandidateKind, DuplicateCandidate } from '../../src-shared/merges/find-duplicates';
import { call } from '../bridge/client';

export const CANDIDATES_PAGE = 100;

interface MergesState {
  total: number | undefined;
  counts: Partial<Record<CandidateKind, number>>;
  /** Loaded windows of candidates, by page number; the list asks for what it shows. */
  pages: Record<number, DuplicateCandidate[]>;
  error: string | undefined;
  reload: () => Promise<void>;
  ensureRow: (index: number) => void;
}

const inFlight = new Set<string>();
/** Bumped on every reload so late answers for an old list are dropped. */
let generation = 0;

/**
 * The Merges page's candidates, a page at a time (issue 22): main runs the find once and
 * keeps it until the workspace changes, so scrolling costs a slice, not a find.
 */
export const useMerges = create<MergesState>((set, get) => {
  const loadPage = async (page: number) => {
    const gen = generation;
    const key = `${gen}:${page}`;
    if (inFlight.has(key)) return;
    inFlight.add(key);
    try {
      const result = await call('merges.page', { offset: page * CANDIDATES_PAGE, limit: CANDIDATES_PAGE });
      if (gen !== generation) return;
      set((s) => ({ total: result.total, counts: result.counts, pages: { ...s.pages, [page]: result.candidates }, error: undefined }));
    } catch (e) {
      set({ error: (e as Error).message });
    } finally {
      inFlight.delete(key);
    }
  };
  return {
    total: undefined,
    counts: {},
    pages: {},
    error: undefined,
    reload: async () => {
      generation++;
      set({ pages: {}, total: undefined });
      await loadPage(0);
    },
    ensureRow: (index) => {
      const page = Math.floor(index / CANDIDATES_PAGE);
      if (!get().pages[page]) void loadPage(page);
    },
  };
});

export function candidateAt(pages: Record<number, DuplicateCandidate[]>, index: number): DuplicateCandidate | undefined {
  return pages[Math.floor(index / CANDIDATES_PAGE)]?.[index % CANDIDATES_PAGE];
}
