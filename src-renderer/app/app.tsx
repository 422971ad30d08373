import { useEffect, type ReactElement } from 'react';
import { onEvent } from '../bridge/client';
import { AuditPage } from '../pages/audit-page';
import { ConnectionsPage } from '../pages/connections/connections-page';
import { ImportPreviewPage } from '../pages/preview/import-preview-page';
import { MergesPage } from '../pages/merges/merges-page';
import { PushPage, RenamesPage } from '../pages/staged-work-pages';
import { UsersPage } from '../pages/users-page';
import { TeamPage } from '../pages/team/team-page';
import { useAudit } from '../stores/audit-store';
import { useChangeSets } from '../stores/changesets-store';
import { useConnections } from '../stores/connections-store';
import { useTeam } from '../stores/team-store';
import { useUsers } from '../stores/users-store';
import { useWorkspace } from '../stores/workspace-store';
import { PAGES, useRoute, type PageId } from './routes';

const PAGE_VIEWS: Record<PageId, () => ReactElement> = {
  connections: ConnectionsPage,
  users: UsersPage,
  preview: ImportPreviewPage,
  renames: RenamesPage,
  merges: MergesPage,
  push: PushPage,
  audit: AuditPage,
  team: TeamPage,
};

/** Reloads the views a change touched, whichever door made it (this window, the CLI…). */
function useWorkspaceEvents(): void {
  useEffect(
    () =>
      onEvent((event) => {
        if (event.name === 'pull.progress') return useConnections.getState().onProgress(event.payload);
        if (event.name === 'pull.finished') return useConnections.getState().onFinished(event.payload);
        if (event.name === 'push.progress') return useChangeSets.getState().onPushProgress(event.payload);
        void useWorkspace.getState().load();
        if (event.payload.topic === 'audit') void useAudit.getState().load();
        if (event.payload.topic === 'connections') void useConnections.getState().load();
        if (event.payload.topic === 'records') void useUsers.getState().reload();
        if (event.payload.topic === 'changesets') void useChangeSets.getState().load();
        if (event.payload.topic === 'team') void useTeam.getState().load();
      }),
    [],
  );
}

export function App() {
  const page = useRoute((s) => s.page);
  const go = useRoute((s) => s.go);
  const workspace = useWorkspace();
  useEffect(() => {
    void workspace.load();
    // The app syncs with its team continuously, whichever page is open.
    void useTeam.getState().load();
  }, [workspace.load]);
  useWorkspaceEvents();
  const View = PAGE_VIEWS[page];

  return (
    <div className="app">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">Rekey</div>
        <ul>
          {PAGES.map((p) => (
            <li key={p.id}>
              <a
                href={`#/${p.id}`}
                aria-current={p.id === page ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  go(p.id);
                }}
              >
                {p.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="main">
        <header className="workspace-bar" aria-label="Workspace">
          {workspace.error ? (
            <span className="error-text">Workspace unavailable: {workspace.error}</span>
          ) : workspace.data ? (
            <>
              <span title="Workspace file" className="workspace-path">
                {workspace.data.path}
              </span>
              <span className="badge" title="Workspace schema version">
                schema v{workspace.data.schemaVersion}
              </span>
              <span className="badge">{workspace.data.mode === 'browser' ? 'browser mode' : 'desktop'}</span>
            </>
          ) : (
            <span>Opening workspace…</span>
          )}
        </header>
        <main>
          <View />
        </main>
      </div>
    </div>
  );
}
