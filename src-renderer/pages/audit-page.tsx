import { useEffect } from 'react';
import { EmptyState } from '../components/empty-state';
import { useRowFocus } from '../components/row-focus';
import { Cli, ErrorBanner, Page } from '../components/page';
import { WorkspaceCheck } from '../components/workspace-check';
import { useAudit } from '../stores/audit-store';
import { auditActionLabel } from '../../src-shared/plain-words';

/** The real, append-only audit log of the workspace, newest first (SPEC §7.6). */
export function AuditPage() {
  const { entries, total, nextBeforeId, loading, error, load, loadMore } = useAudit();
  const focus = useRowFocus<HTMLTableSectionElement>(entries.length);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Page
      title="Audit"
      lede="Every pull, change and push made in this workspace, in the order it happened. Entries are never edited or removed."
      actions={
        <>
          <span className="count">{total.toLocaleString()} entries</span>
          <WorkspaceCheck />
        </>
      }
    >
      <ErrorBanner message={error} />
      {entries.length === 0 && !loading ? (
        <EmptyState title="Nothing has happened in this workspace yet">
          <p>
            Each pull, staged change, review decision and push is written here as it happens. Start by adding a
            connection on the Connections page. To keep a copy outside the app, export the log:
          </p>
          <Cli>rekey audit export --out audit.csv</Cli>
        </EmptyState>
      ) : (
        <table className="table" aria-label="Audit log">
          <thead>
            <tr>
              <th>#</th>
              <th>When (UTC)</th>
              <th>Who</th>
              <th>What</th>
              <th>On</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody ref={focus.containerRef} onKeyDown={focus.onKeyDown}>
            {entries.map((e, i) => (
              <tr key={e.id} {...focus.rowProps(i)}>
                <td className="num">{e.id}</td>
                <td className="nowrap">{e.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</td>
                <td>{e.actor}</td>
                <td title={e.action}>{auditActionLabel(e.action)}</td>
                <td>{e.subject ?? ''}</td>
                <td className="detail">{Object.keys(e.detail).length ? JSON.stringify(e.detail) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextBeforeId !== null && (
        <button type="button" onClick={() => void loadMore()} disabled={loading}>
          Show older entries
        </button>
      )}
    </Page>
  );
}
