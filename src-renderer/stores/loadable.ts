import { create } from 'zustand';

export interface Loadable<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  load: () => Promise<void>;
}

/**
 * A zustand store around one read call: the data, whether it is loading, and the error
 * message to show. Domain stores that only read use this; richer ones write their own.
 */
export function createLoadable<T>(fetcher: () => Promise<T>) {
  return create<Loadable<T>>((set) => ({
    data: undefined,
    error: undefined,
    loading: false,
    load: async () => {
      set({ loading: true });
      try {
        set({ data: await fetcher(), error: undefined, loading: false });
      } catch (e) {
        set({ error: e instanceof Error ? e.message : String(e), loading: false });
      }
    },
  }));
}
