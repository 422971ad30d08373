import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { EmptyState } from '../components/empty-state';
import { useRowFocus } from '../components/row-focus';
import { Cli, ErrorBanner, Page } from '../components/page';
import { WorkspaceCheck } from '../components/workspace-check';
import { useAudit } from '../stores/audit-store';
import { auditActionLabel } from '../../src-shared/plain-words';
import { auditDetailCodes, auditDetailLine } from '../../src-shared/audit-detail';

const ROW_HEIGHT = 32;
const COLUMNS = '80px 190px minmax(90px,1fr) minmax(160px,1.6fr) minmax(110px,1.2fr) minmax(160px,3fr)';
/** Older entries are asked for when the table is scrolled this close to the last one loaded. */
const AHEAD = 40;

/**
 * The real, append-only audit log of the workspace, newest first (SPEC §7.6). A review
 * of 250,000 rows writes as many entries: the table is virtualised, and older entries
 * come a page at a time (by id, never counting off the whole log) as it scrolls down.
 */
export function AuditPage() {
  const { entries, total, nextBeforeId, loading, error, load, loadMore } = useAudit();
  useEffect(() => {
    void load();
  }, [load]);
  const virtualizerRef = useRef<{ scrollToIndex: (i: number) => void }>(null);
  const focus = useRowFocus<HTMLDivElement>(entries.length, { scrollTo: (i) => virtualizerRef.current?.scrollToIndex(i) });
  const scroller = focus.containerRef;
  const virtualizer = useVirtualizer({ count: entries.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  virtualizerRef.current = virtualizer;
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (nextBeforeId !== null && !loading && last >= entries.length - AHEAD) void loadMore();
  }, [last, entries.length, nextBeforeId, loading, loadMore]);

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
        <div className="grid-table" role="table" aria-label="Audit log" aria-rowcount={total + 1}>
          <div className="grid-row grid-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: COLUMNS }}>
            {['#', 'When (UTC)', 'Who', 'What', 'On', 'Detail'].map((h) => (
              <div role="columnheader" key={h}>
                {h}
              </div>
            ))}
          </div>
          <div className="grid-body" ref={scroller} role="rowgroup" onKeyDown={focus.onKeyDown}>
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const e = entries[item.index]!;
                // In words, one short line; the whole detail is in `rekey audit export`.
                const detail = Object.keys(e.detail).length ? auditDetailLine(e.detail) : '';
                return (
                  <div
                    key={e.id}
                    role="row"
                    aria-rowindex={item.index + 2}
                    {...focus.rowProps(item.index)}
                    className="grid-row"
                    style={{ gridTemplateColumns: COLUMNS, position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                  >
                    <div role="cell" className="num">
                      {e.id}
                    </div>
                    <div role="cell" className="nowrap">
                      {e.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}
                    </div>
                    <div role="cell">{e.actor}</div>
                    <div role="cell" title={e.action}>
                      {auditActionLabel(e.action)}
                    </div>
                    <div role="cell">{e.subject ?? ''}</div>
                    <div role="cell" className="detail" title={detail ? `${detail}\n\n${auditDetailCodes(e.detail)}` : undefined}>
                      {detail}
                    </div>
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      )}
      {loading && entries.length > 0 && <p className="hint">Loading older entries…</p>}
    </Page>
  );
}
