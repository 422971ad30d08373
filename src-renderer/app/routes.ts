import { create } from 'zustand';

/** The app's pages, in navigation order (issue 3). */
export const PAGES = [
  { id: 'connections', label: 'Connections' },
  { id: 'users', label: 'Users' },
  { id: 'preview', label: 'Import preview' },
  { id: 'renames', label: 'Renames' },
  { id: 'merges', label: 'Merges' },
  { id: 'push', label: 'Push' },
  { id: 'audit', label: 'Audit' },
  { id: 'team', label: 'Team' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

function pageFromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '');
  return PAGES.find((p) => p.id === id)?.id ?? 'connections';
}

interface RouteState {
  page: PageId;
  go: (page: PageId) => void;
}

/** Hash routing: a reload or a bookmark keeps the page, and no server route is needed. */
export const useRoute = create<RouteState>((set) => ({
  page: pageFromHash(window.location.hash),
  go: (page) => {
    window.location.hash = `/${page}`;
    set({ page });
  },
}));

window.addEventListener('hashchange', () => useRoute.setState({ page: pageFromHash(window.location.hash) }));
