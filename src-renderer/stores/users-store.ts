import { create } from 'zustand';
import type { UserRecordRow } from '../../src-shared/model/record';
import { call } from '../bridge/client';

export const USERS_PAGE = 200;

export interface UsersFilter {
  connection?: string;
  status?: 'active' | 'inactive' | 'vanished';
  search: string;
}

interface UsersState {
  filter: UsersFilter;
  total: number | undefined;
  /** Loaded windows of rows, by page number; the table asks for what it shows. */
  pages: Record<number, UserRecordRow[]>;
  error: string | undefined;
  person: { key: number; records: UserRecordRow[] } | undefined;
  setFilter: (change: Partial<UsersFilter>) => void;
  reload: () => Promise<void>;
  ensureRow: (index: number) => void;
  openPerson: (key: number | null) => Promise<void>;
}

const inFlight = new Set<string>();
/** Bumped on every filter change so late answers for an old filter are dropped. */
let generation = 0;

export const useUsers = create<UsersState>((set, get) => {
  const loadPage = async (page: number) => {
    const gen = generation;
    const key = `${gen}:${page}`;
    if (inFlight.has(key)) return;
    inFlight.add(key);
    try {
      const { connection, status, search } = get().filter;
      const result = await call('users.query', {
        connection,
        status,
        search: search || undefined,
        offset: page * USERS_PAGE,
        limit: USERS_PAGE,
      });
      if (gen !== generation) return;
      set((s) => ({ total: result.total, pages: { ...s.pages, [page]: result.rows }, error: undefined }));
    } catch (e) {
      set({ error: (e as Error).message });
    } finally {
      inFlight.delete(key);
    }
  };

  return {
    filter: { search: '' },
    total: undefined,
    pages: {},
    error: undefined,
    person: undefined,
    setFilter: (change) => {
      generation++;
      set((s) => ({ filter: { ...s.filter, ...change }, pages: {}, total: undefined }));
      void loadPage(0);
    },
    reload: async () => {
      generation++;
      set({ pages: {}, total: undefined });
      await loadPage(0);
    },
    ensureRow: (index) => {
      const page = Math.floor(index / USERS_PAGE);
      if (!get().pages[page]) void loadPage(page);
    },
    openPerson: async (key) => {
      if (key === null) return set({ person: undefined });
      try {
        set({ person: { key, records: await call('persons.get', { personKey: key }) } });
      } catch (e) {
        set({ error: (e as Error).message });
      }
    },
  };
});

export function rowAt(pages: Record<number, UserRecordRow[]>, index: number): UserRecordRow | undefined {
  return pages[Math.floor(index / USERS_PAGE)]?.[index % USERS_PAGE];
}
