import { create } from 'zustand';
import type { UserRecordRow } from '../../src-shared/model/record';
import { call } from '../bridge/client';
import { itemAt, PageLoader, pageOf } from './page-loader';

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

export const useUsers = create<UsersState>((set, get) => {
  const pages = new PageLoader(
    (page) => {
      const { connection, status, search } = get().filter;
      return call('users.query', { connection, status, search: search || undefined, offset: page * USERS_PAGE, limit: USERS_PAGE });
    },
    (page, result) => set((s) => ({ total: result.total, pages: { ...s.pages, [page]: result.rows }, error: undefined })),
    (error) => set({ error }),
  );

  return {
    filter: { search: '' },
    total: undefined,
    pages: {},
    error: undefined,
    person: undefined,
    setFilter: (change) => {
      pages.restart();
      set((s) => ({ filter: { ...s.filter, ...change }, pages: {}, total: undefined }));
      void pages.load(0);
    },
    reload: async () => {
      pages.restart();
      set({ pages: {}, total: undefined });
      await pages.load(0);
    },
    ensureRow: (index) => {
      const page = pageOf(index, USERS_PAGE);
      if (!get().pages[page]) void pages.load(page);
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
  return itemAt(pages, USERS_PAGE, index);
}
