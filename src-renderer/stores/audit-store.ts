import { create } from 'zustand';
import type { AuditEntry } from '../../src-shared/model/audit';
import { call } from '../bridge/client';

interface AuditState {
  entries: AuditEntry[];
  total: number;
  nextBeforeId: number | null;
  loading: boolean;
  error: string | undefined;
  /** Reloads the newest page. */
  load: () => Promise<void>;
  /** Appends the next older page. */
  loadMore: () => Promise<void>;
}

const PAGE_SIZE = 200;

export const useAudit = create<AuditState>((set, get) => ({
  entries: [],
  total: 0,
  nextBeforeId: null,
  loading: false,
  error: undefined,
  load: async () => {
    set({ loading: true });
    try {
      const page = await call('audit.list', { limit: PAGE_SIZE });
      set({ entries: page.entries, total: page.total, nextBeforeId: page.nextBeforeId, loading: false, error: undefined });
    } catch (e) {
      set({ loading: false, error: (e as Error).message });
    }
  },
  loadMore: async () => {
    const before = get().nextBeforeId;
    if (before === null) return;
    set({ loading: true });
    try {
      const page = await call('audit.list', { limit: PAGE_SIZE, beforeId: before });
      set({ entries: [...get().entries, ...page.entries], nextBeforeId: page.nextBeforeId, loading: false });
    } catch (e) {
      set({ loading: false, error: (e as Error).message });
    }
  },
}));
