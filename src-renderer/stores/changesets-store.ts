import { create } from 'zustand';
import type { ChangeSetKind } from '../../src-shared/changesets/lifecycle';
import type { ChangeRow, ChangeSet } from '../../src-shared/model/change-set';
import { call } from '../bridge/client';

interface ChangeSetsState {
  list: ChangeSet[] | undefined;
  selected: { changeSet: ChangeSet; rows: ChangeRow[] } | undefined;
  error: string | undefined;
  load: () => Promise<void>;
  select: (id: number | null) => Promise<void>;
  /** Runs a change on the selected change set, then reloads list and selection. */
  act: (action: (id: number) => Promise<unknown>) => Promise<void>;
}

export const useChangeSets = create<ChangeSetsState>((set, get) => ({
  list: undefined,
  selected: undefined,
  error: undefined,
  load: async () => {
    try {
      set({ list: await call('changesets.list', {}), error: undefined });
      const current = get().selected;
      if (current) await get().select(current.changeSet.id);
    } catch (e) {
      set({ error: (e as Error).message });
    }
  },
  select: async (id) => {
    if (id === null) return set({ selected: undefined });
    try {
      set({ selected: await call('changesets.get', { id }), error: undefined });
    } catch (e) {
      set({ error: (e as Error).message });
    }
  },
  act: async (action) => {
    const current = get().selected;
    if (!current) return;
    try {
      await action(current.changeSet.id);
      set({ error: undefined });
    } catch (e) {
      set({ error: (e as Error).message });
    }
    await get().load();
  },
}));

export function ofKinds(list: ChangeSet[] | undefined, kinds: readonly ChangeSetKind[]): ChangeSet[] {
  return (list ?? []).filter((cs) => kinds.includes(cs.kind));
}
