import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { EmptyState } from '../components/empty-state';
import { useRowFocus } from '../components/row-focus';
import { Cli, ErrorBanner, Page } from '../components/page';
import { useConnections } from '../stores/connections-store';
import { rowAt, useUsers } from '../stores/users-store';
import { PersonPanel } from './users/person-panel';

const ROW_HEIGHT = 32;
const COLUMNS = 'minmax(110px,1fr) minmax(90px,1fr) minmax(180px,2fr) minmax(120px,1.4fr) minmax(120px,1.4fr) minmax(120px,1.4fr) 90px';

/** Every record pulled into the workspace, virtualised so a million rows scroll smoothly. */
export function UsersPage() {
  const { filter, total, pages, error, person, setFilter, reload, ensureRow, openPerson } = useUsers();
  const connections = useConnections((s) => s.list);
  const loadConnections = useConnections((s) => s.load);
  useEffect(() => {
    void reload();
    void loadConnections();
  }, [reload, loadConnections]);

  const virtualizerRef = useRef<{ scrollToIndex: (i: number) => void }>(null);
  const open = (index: number) => {
    const r = rowAt(pages, index);
    if (r?.personKey) void openPerson(r.personKey);
  };
  const focus = useRowFocus<HTMLDivElement>(total ?? 0, { scrollTo: (i) => virtualizerRef.current?.scrollToIndex(i), onActivate: open });
  const scroller = focus.containerRef;
  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  virtualizerRef.current = virtualizer;
  const items = virtualizer.getVirtualItems();
  useEffect(() => {
    for (const item of items) ensureRow(item.index);
  }, [items, ensureRow]);

  const filtering = Boolean(filter.search || filter.connection || filter.status);
  return (
    <Page
      title="Users"
      lede="Every user record pulled from your connections. Select one to see the person: the same human in every system."
      actions={total !== undefined && <span className="count">{total.toLocaleString()} records</span>}
    >
      <ErrorBanner message={error} />
      <div className="filters" role="search">
        <input
          type="search"
          aria-label="Search users"
          placeholder="Search email, external id, name…"
          value={filter.search}
          onChange={(e) => setFilter({ search: e.target.value })}
        />
        <select aria-label="Connection" value={filter.connection ?? ''} onChange={(e) => setFilter({ connection: e.target.value || undefined })}>
          <option value="">All connections</option>
          {connections?.map((c) => (
            <option key={c.id} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
        <select
          aria-label="Status"
          value={filter.status ?? ''}
          onChange={(e) => setFilter({ status: (e.target.value || undefined) as typeof filter.status })}
        >
          <option value="">Any status</option>
          <option value="active">Active</option>
          <option value="inactive">Deactivated</option>
          <option value="vanished">Gone from the remote</option>
        </select>
      </div>
      {total === 0 && !filtering ? (
        <EmptyState title="No users pulled yet">
          <p>Users appear here once a connection has been pulled. Add a connection, then pull it:</p>
          <Cli>rekey pull NAME</Cli>
        </EmptyState>
      ) : (
        <div className="grid-table" role="table" aria-label="Users" aria-rowcount={total ?? 0}>
          <div className="grid-row grid-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: COLUMNS }}>
            {['Connection', 'Remote id', 'Email', 'External id', 'Deprecated ids', 'Name', 'Status'].map((h) => (
              <div role="columnheader" key={h}>
                {h}
              </div>
            ))}
          </div>
          <div className={person ? 'grid-body short' : 'grid-body'} ref={scroller} role="rowgroup" onKeyDown={focus.onKeyDown}>
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const r = rowAt(pages, item.index);
                return (
                  <div
                    key={item.key}
                    role="row"
                    aria-rowindex={item.index + 2}
                    {...focus.rowProps(item.index)}
                    aria-selected={Boolean(r && person && r.personKey === person.key)}
                    className={`grid-row${r && person && r.personKey === person.key ? ' selected' : ''}`}
                    style={{ gridTemplateColumns: COLUMNS, position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                    onClick={() => open(item.index)}
                  >
                    {r ? (
                      <>
                        <div role="cell">{r.connection}</div>
                        <div role="cell" className="mono">{r.remoteId}</div>
                        <div role="cell">{r.email ?? ''}</div>
                        <div role="cell" className="mono">{r.externalId ?? ''}</div>
                        <div role="cell" className="mono">{r.deprecatedExternalIds.join(', ')}</div>
                        <div role="cell">{r.name ?? ''}</div>
                        <div role="cell">{r.vanishedAt ? 'gone' : r.status}</div>
                      </>
                    ) : (
                      <div role="cell" className="loading-cell">Loading…</div>
                    )}
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      )}
      {person && <PersonPanel person={person} onClose={() => void openPerson(null)} />}
    </Page>
  );
}
