import { create } from 'zustand';
import type { CallInput } from '../../src-shared/contract/api';
import type { PullFinished, PullProgress } from '../../src-shared/contract/events';
import type { Connection, ConnectionSummary } from '../../src-shared/model/connection';
import type { ConnectionTestReport, PullResult } from '../../src-shared/model/pull';
import { call } from '../bridge/client';

interface ConnectionsState {
  list: ConnectionSummary[] | undefined;
  /** Live pulls by connection name, fed by pull.progress events. */
  progress: Record<string, PullProgress | undefined>;
  pulling: Record<string, boolean>;
  results: Record<string, { pull?: PullResult; test?: ConnectionTestReport; error?: string } | undefined>;
  test: (name: string) => Promise<void>;
  /** `full`: read every user even where only the changes could be read. */
  pull: (name: string, options?: { full?: boolean }) => Promise<void>;
  /** Every connection, Braze-style ones last; each row shows its own pull. */
  pullAll: () => Promise<void>;
  pullingAll: boolean;
  onProgress: (progress: PullProgress) => void;
  /** A pull ended, whoever started it (this window, another, the demo's first start). */
  onFinished: (finished: PullFinished) => void;
  error: string | undefined;
  load: () => Promise<void>;
  /** Each action reloads the list; a rejected call throws its message to the form. */
  add: (input: CallInput<'connections.add'>) => Promise<Connection>;
  update: (input: CallInput<'connections.update'>) => Promise<Connection>;
  remove: (name: string) => Promise<void>;
}

export const useConnections = create<ConnectionsState>((set, get) => ({
  list: undefined,
  error: undefined,
  progress: {},
  pulling: {},
  results: {},
  pullingAll: false,
  onProgress: (p) => set((s) => ({ progress: { ...s.progress, [p.connection]: p }, pulling: { ...s.pulling, [p.connection]: true } })),
  onFinished: (f) => {
    set((s) => ({
      pulling: { ...s.pulling, [f.connection]: false },
      progress: { ...s.progress, [f.connection]: undefined },
      results: { ...s.results, [f.connection]: f.result ? { pull: f.result } : { error: f.error ?? 'the pull failed' } },
    }));
    void get().load();
  },
  pullAll: async () => {
    set({ pullingAll: true, error: undefined });
    try {
      // Each connection's progress and end arrive as events, as for any pull.
      const all = await call('connections.pullAll', {});
      if (all.failed.length > 0) set({ error: `Not pulled: ${all.failed.map((f) => `${f.connection} (${f.error})`).join('; ')}` });
    } catch (e) {
      set({ error: (e as Error).message });
    } finally {
      set({ pullingAll: false });
      await get().load();
    }
  },
  test: async (name) => {
    try {
      const test = await call('connections.test', { name });
      set((s) => ({ results: { ...s.results, [name]: { test } } }));
    } catch (e) {
      set((s) => ({ results: { ...s.results, [name]: { error: (e as Error).message } } }));
    }
  },
  pull: async (name, options = {}) => {
    set((s) => ({ pulling: { ...s.pulling, [name]: true }, progress: { ...s.progress, [name]: undefined }, results: { ...s.results, [name]: undefined } }));
    try {
      const pull = await call('connections.pull', { name, ...(options.full ? { full: true } : {}) });
      set((s) => ({ results: { ...s.results, [name]: { pull } } }));
    } catch (e) {
      set((s) => ({ results: { ...s.results, [name]: { error: (e as Error).message } } }));
    } finally {
      set((s) => ({ pulling: { ...s.pulling, [name]: false } }));
      await get().load();
    }
  },
  load: async () => {
    try {
      set({ list: await call('connections.list', {}), error: undefined });
    } catch (e) {
      set({ error: (e as Error).message });
    }
  },
  add: async (input) => {
    const added = await call('connections.add', input);
    await get().load();
    return added;
  },
  update: async (input) => {
    const updated = await call('connections.update', input);
    await get().load();
    return updated;
  },
  remove: async (name) => {
    await call('connections.remove', { name });
    await get().load();
  },
}));
