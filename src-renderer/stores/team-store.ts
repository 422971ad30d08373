import { create } from 'zustand';
import type { TeamReviewView } from '../../src-shared/team/derive-review';
import type { ApprovalPolicy, SharedChangeSetEntry } from '../../src-shared/team/team-doc';
import type { TeamPageState } from '../../src-shared/team/team-status';
import { call } from '../bridge/client';

interface TeamState {
  state: TeamPageState | undefined;
  /** The shared change set open on the Team page. */
  open: { entry: SharedChangeSetEntry; review: TeamReviewView; policy: ApprovalPolicy } | undefined;
  openKey: string | null;
  error: string | undefined;
  busy: boolean;
  load: () => Promise<void>;
  select: (key: string | null) => Promise<void>;
  /** Runs a team call, shows its error if any, then reloads. */
  act: (action: () => Promise<unknown>) => Promise<void>;
}

export const useTeam = create<TeamState>((set, get) => ({
  state: undefined,
  open: undefined,
  openKey: null,
  error: undefined,
  busy: false,
  load: async () => {
    try {
      const state = await call('team.status', {});
      const key = get().openKey;
      const open = key && state.joined && state.changeSets.some((c) => c.key === key) ? await call('team.view', { key }) : undefined;
      set({ state, open });
    } catch (e) {
      set({ error: (e as Error).message });
    }
  },
  select: async (key) => {
    set({ openKey: key, open: undefined });
    // Presence: the others see which change set (and its first rows) this member has open.
    await call('team.look', { key, rows: [] }).catch(() => undefined);
    await get().load();
  },
  act: async (action) => {
    set({ busy: true, error: undefined });
    try {
      await action();
    } catch (e) {
      set({ error: (e as Error).message });
    } finally {
      set({ busy: false });
      await get().load();
    }
  },
}));
