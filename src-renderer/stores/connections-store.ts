import { create } from 'zustand';
import type { CallInput } from '../../src-shared/contract/api';
import type { Connection } from '../../src-shared/model/connection';
import { call } from '../bridge/client';

interface ConnectionsState {
  list: Connection[] | undefined;
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
