import { create } from 'zustand';
import type { ChangeSetKind } from '../../src-shared/changesets/lifecycle';
import type { ChangeRow, ChangeSet } from '../../src-shared/model/change-set';
import type { PushProgressValue, PushResultValue } from '../../src-shared/model/push';
import { call } from '../bridge/client';
import { itemAt, PageLoader, pageOf } from './page-loader';

export const CHANGE_ROWS_PAGE = 200;
/** Pages kept across a reload (a review decision, a push's progress): the ones last shown. */
const KEPT_PAGES = 6;

export interface ChangeRowFilter {
  review?: 'pending' | 'approved' | 'rejected';
  result?: 'applied' | 'failed' | 'skipped' | 'none';
}

export interface ChangeRowsView {
  changeSetId: number | null;
  filter: ChangeRowFilter;
  /** Rows matching the filter; undefined until the first page arrives. */
  total: number | undefined;
  pages: Record<number, ChangeRow[]>;
}

interface ChangeSetsState {
  /** Live pushes by change-set id, fed by push.progress events. */
  pushProgress: Record<number, PushProgressValue | undefined>;
  pushResult: Record<number, PushResultValue | undefined>;
  pushing: Record<number, boolean>;
  onPushProgress: (p: PushProgressValue) => void;
  push: (id: number) => Promise<void>;
  list: ChangeSet[] | undefined;
  selected: { changeSet: ChangeSet } | undefined;
  /** The selected change set's rows, a page at a time as the view scrolls to them (issue 22). */
  rows: ChangeRowsView;
  /** Shows only the rows of one review or result (empty: every row), from the first. */
  setRowFilter: (filter: ChangeRowFilter) => void;
  /** Asks for the page holding this row of the filtered list, unless it is loaded. */
  ensureRow: (index: number) => void;
  error: string | undefined;
  load: () => Promise<void>;
  select: (id: number | null) => Promise<void>;
  /** Runs a change on the selected change set, then reloads list and selection. */
  act: (action: (id: number) => Promise<unknown>) => Promise<void>;
}

/** The change set last chosen (null: none); what the view shows once its answer arrives. */
let wanted: number | null = null;
/** Pages by when they were last asked for, most recent last. */
let recent: number[] = [];

export const useChangeSets = create<ChangeSetsState>((set, get) => {
  // Restarted whenever the rows are asked for anew, so late pages of an older ask are dropped.
  const pages = new PageLoader(
    (page) => {
      const { changeSetId, filter } = get().rows;
      return changeSetId === null ? undefined : call('changesets.rows', { id: changeSetId, offset: page * CHANGE_ROWS_PAGE, limit: CHANGE_ROWS_PAGE, ...filter });
    },
    (page, answer) => set((s) => ({ rows: { ...s.rows, total: answer.total, pages: { ...s.rows.pages, [page]: answer.rows } } })),
    (error) => set({ error }),
  );
  /** Starts the rows over, for another change set or filter. */
  const resetRows = (changeSetId: number | null, filter: ChangeRowFilter) => {
    pages.restart();
    recent = [0];
    set({ rows: { changeSetId, filter, total: undefined, pages: {} } });
    void pages.load(0);
  };
  /** The same change set changed: the pages last shown are asked for anew, and shown as they were until they arrive. */
  const refreshRows = () => {
    pages.restart();
    const kept = recent;
    set((s) => ({ rows: { ...s.rows, pages: Object.fromEntries(kept.filter((p) => s.rows.pages[p]).map((p) => [p, s.rows.pages[p]!])) } }));
    for (const page of kept) void pages.load(page);
  };

  return {
    list: undefined,
    selected: undefined,
    rows: { changeSetId: null, filter: {}, total: undefined, pages: {} },
    error: undefined,
    pushProgress: {},
    pushResult: {},
    pushing: {},
    setRowFilter: (filter) => resetRows(get().rows.changeSetId, filter),
    ensureRow: (index) => {
      const page = pageOf(index, CHANGE_ROWS_PAGE);
      recent = [...recent.filter((p) => p !== page), page].slice(-KEPT_PAGES);
      if (!get().rows.pages[page]) void pages.load(page);
    },
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
      if (id === null) {
        resetRows(null, {});
        return set({ selected: undefined });
      }
      try {
        const { changeSet } = await call('changesets.get', { id });
        // Answers can arrive out of order: only the one for the last choice is shown.
        if (wanted !== id) return;
        set({ selected: { changeSet }, error: undefined });
        if (get().rows.changeSetId === id) refreshRows();
        else resetRows(id, {});
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
  };
});

export function ofKinds(list: ChangeSet[] | undefined, kinds: readonly ChangeSetKind[]): ChangeSet[] {
  return (list ?? []).filter((cs) => kinds.includes(cs.kind));
}

/** A row of the filtered list, if its page has arrived. */
export function changeRowAt(pages: Record<number, ChangeRow[]>, index: number): ChangeRow | undefined {
  return itemAt(pages, CHANGE_ROWS_PAGE, index);
}
