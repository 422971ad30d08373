import { create } from 'zustand';
import type { PreviewRowView, PreviewSummary } from '../../src-shared/model/preview';
import { call, CallError, sendFile } from '../bridge/client';

export const PREVIEW_PAGE = 200;

/** The file last handed to main: previewing it again (another mapping, a choice per row) names the same upload. */
let uploaded: { file: File; upload: string } | undefined;
async function uploadOf(file: File, fresh: boolean): Promise<string> {
  if (!fresh && uploaded?.file === file) return uploaded.upload;
  const upload = await sendFile(file);
  uploaded = { file, upload };
  return upload;
}
type Mode = 'strict' | 'lenient';
type Mapping = PreviewSummary['mapping'];

interface PreviewState {
  connection: string;
  mode: Mode;
  file: File | undefined;
  summary: PreviewSummary | undefined;
  busy: boolean;
  error: string | undefined;
  action: string;
  search: string;
  total: number;
  pages: Record<number, PreviewRowView[]>;
  setConnection: (name: string) => void;
  setMode: (mode: Mode) => void;
  setFilter: (change: { action?: string; search?: string }) => void;
  run: (file: File, mapping?: Mapping) => Promise<void>;
  /** Rows naming a renamed-away external id: planned with the new id (true) or as in the file… */
  rewriteRenamed: boolean;
  /** …except the rows at these file lines, chosen one by one. */
  rewriteExcept: number[];
  /** Every such row one way (clears the choices per row). */
  setRewriteRenamed: (rewrite: boolean) => Promise<void>;
  /** One row the other way. */
  toggleRewrite: (line: number) => Promise<void>;
  ensureRow: (index: number) => void;
}

let generation = 0;

/** The import preview: the summary from main and windows of its plan, loaded as scrolled. */
export const usePreview = create<PreviewState>((set, get) => {
  const loadPage = async (page: number) => {
    const gen = generation;
    const { mode, action, search } = get();
    try {
      const r = await call('preview.rows', { mode, offset: page * PREVIEW_PAGE, limit: PREVIEW_PAGE, action: action || undefined, search: search || undefined });
      if (gen === generation) set((s) => ({ total: r.total, pages: { ...s.pages, [page]: r.rows } }));
    } catch (e) {
      set({ error: (e as Error).message });
    }
  };
  const reset = () => {
    generation++;
    set({ pages: {} });
    void loadPage(0);
  };
  return {
    connection: '',
    mode: 'strict',
    file: undefined,
    summary: undefined,
    busy: false,
    error: undefined,
    action: '',
    search: '',
    total: 0,
    pages: {},
    rewriteRenamed: false,
    rewriteExcept: [],
    setRewriteRenamed: async (rewriteRenamed) => {
      set({ rewriteRenamed, rewriteExcept: [] });
      const { file, summary } = get();
      if (file) await get().run(file, summary?.mapping);
    },
    toggleRewrite: async (line) => {
      const except = get().rewriteExcept;
      set({ rewriteExcept: except.includes(line) ? except.filter((l) => l !== line) : [...except, line] });
      const { file, summary } = get();
      if (file) await get().run(file, summary?.mapping);
    },
    setConnection: (connection) => set({ connection }),
    setMode: (mode) => {
      set({ mode });
      if (get().summary) reset();
    },
    setFilter: (change) => {
      set(change);
      if (get().summary) reset();
    },
    run: async (file, mapping) => {
      // Another file: its rows are chosen afresh (the choices are by line).
      if (file !== get().file) set({ rewriteRenamed: false, rewriteExcept: [] });
      set({ busy: true, error: undefined, file });
      try {
        const ask = async (fresh: boolean) =>
          call('preview.run', { connection: get().connection, upload: await uploadOf(file, fresh), fileName: file.name, ...(mapping ? { mapping } : {}), rewriteRenamed: get().rewriteRenamed, rewriteExcept: get().rewriteExcept });
        // Main removes an upload once its preview is staged or replaced: then the file goes to it again.
        const summary = await ask(false).catch((e: unknown) => {
          if (e instanceof CallError && e.code === 'upload_gone') return ask(true);
          throw e;
        });
        set({ summary });
        reset();
      } catch (e) {
        set({ error: (e as Error).message });
      } finally {
        set({ busy: false });
      }
    },
    ensureRow: (index) => {
      const page = Math.floor(index / PREVIEW_PAGE);
      if (!get().pages[page]) {
        set((s) => ({ pages: { ...s.pages, [page]: [] } }));
        void loadPage(page);
      }
    },
  };
});
