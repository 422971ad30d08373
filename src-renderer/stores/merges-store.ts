import { create } from 'zustand';
import type { CandidateKind, DuplicateCandidate } from '../../src-shared/merges/find-duplicates';
import { call } from '../bridge/client';
import { itemAt, PageLoader, pageOf } from './page-loader';

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

/**
 * The Merges page's candidates, a page at a time (issue 22): main runs the find once and
 * keeps it until the workspace changes, so scrolling costs a slice, not a find.
 */
export const useMerges = create<MergesState>((set, get) => {
  const pages = new PageLoader(
    (page) => call('merges.page', { offset: page * CANDIDATES_PAGE, limit: CANDIDATES_PAGE }),
    (page, result) => set((s) => ({ total: result.total, counts: result.counts, pages: { ...s.pages, [page]: result.candidates }, error: undefined })),
    (error) => set({ error }),
  );
  return {
    total: undefined,
    counts: {},
    pages: {},
    error: undefined,
    reload: async () => {
      pages.restart();
      set({ pages: {}, total: undefined });
      await pages.load(0);
    },
    ensureRow: (index) => {
      const page = pageOf(index, CANDIDATES_PAGE);
      if (!get().pages[page]) void pages.load(page);
    },
  };
});

export function candidateAt(pages: Record<number, DuplicateCandidate[]>, index: number): DuplicateCandidate | undefined {
  return itemAt(pages, CANDIDATES_PAGE, index);
}
