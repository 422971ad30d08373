import { create } from 'zustand';
import type { ChangeSetKind } from '../../src-shared/changesets/lifecycle';
import type { ChangeRow, ChangeSet } from '../../src-shared/model/change-set';
import type { PushProgressValue, PushResultValue } from '../../src-shared/model/push';
import { call } from '../bridge/client';

interface ChangeSetsState {
  /** Live pushes by change-set id, fed by push.progress events. */
  pushProgress: Record<number, PushProgressValue | undefined>;
  pushResult: Record<number, PushResultValue | undefined>;
  pushing: Record<number, boolean>;
  onPushProgress: (p: PushProgressValue) => void;
  push: (id: number) => Promise<void>;
  list: ChangeSet[] | undefined;
  selected: { changeSet: ChangeSet; rows: ChangeRow[] } | undefined;
  error: string | undefined;
  load: () => Promise<void>;
  select: (id: number | null) => Promise<void>;
  /** Runs a change on the selected change set, then reloads list and selection. */
  act: (action: (id: number) => Promise<unknown>) => Promise<void>;
}

/** The change set last chosen (null: none); what the view shows once its answer arrives. */
let wanted: number | null = null;

export const useChangeSets = create<ChangeSetsState>((set, get) => ({
  list: undefined,
  selected: undefined,
  error: undefined,
  pushProgress: {},
  pushResult: {},
  pushing: {},
  onPushProgress: (p) => set((s) => ({ pushProgress: { ...s.pushProgress, [p.changeSetId]: p } })),
  push: async (id) => {
    set((s) => ({ pushing: { ...s.pushing, [id]: true }, pushResult: { ...s.pushResult, [id]: undefined } }));
    try {
      const result = await call('changesets.push', { id });
      set((s) => ({ pushResult: { ...s.pushResult, [id]: result }, error: undefined }));
    } catch (e) {
      set({ error: (e as Error).message });
    } finally {
      set((s) => ({ pushing: { ...s.pushing, [id]: false } }));
      await get().load();
    }
  },
  load: async () => {
    try {
      set({ list: await call('changesets.list', {}), error: undefined });
      // The change set asked for last, not the one shown when this load began: a reload
      // (another process wrote, a push progressed) must not take the view back.
      if (wanted !== null) await get().select(wanted);
    } catch (e) {
      set({ error: (e as Error).message });
    }
  },
  select: async (id) => {
    wanted = id;
    if (id === null) return set({ selected: undefined });
    try {
      const selected = await call('changesets.get', { id });
      // Answers can arrive out of order: only the one for the last choice is shown.
      if (wanted === id) set({ selected, error: undefined });
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
