import { outcomeLabel } from '../../../src-shared/plain-words';
import { useEffect, useState } from 'react';
import { call, saveFile } from '../../bridge/client';
import { TABLE_FILES } from '../../bridge/file-payload';
import { EmptyState } from '../../components/empty-state';
import { Cli, ErrorBanner, Page } from '../../components/page';
import { useChangeSets } from '../../stores/changesets-store';
import { useConnections } from '../../stores/connections-store';
import { usePreview } from '../../stores/preview-store';
import { ChangeSetsPanel } from '../changesets/change-sets-panel';
import { ComparePanel } from './compare-panel';
import { MappingEditor } from './mapping-editor';
import { PlanTable } from './plan-table';
import { RenamedIdsNotice } from './renamed-ids-notice';

/**
 * SPEC §7.2: drop a client's CSV, see how every row resolves in the target (strict and
 * lenient side by side, conflicts first), export the plan and a client report, stage it.
 */
export function ImportPreviewPage() {
  const connections = useConnections((s) => s.list);
  const loadConnections = useConnections((s) => s.load);
  const p = usePreview();
  const { load, select } = useChangeSets();
  const [dragging, setDragging] = useState(false);
  // A save that failed (the disk full, the preview gone) says why where the preview's errors show.
  const showError = (e: Error) => usePreview.setState({ error: e.message });
  useEffect(() => {
    void loadConnections();
  }, [loadConnections]);
  const targets = (connections ?? []).filter((c) => c.records > 0);
  const connection = p.connection || targets[0]?.name || '';
  useEffect(() => {
    if (!p.connection && connection) p.setConnection(connection);
  }, [connection, p]);

  const choose = (file: File | undefined) => file && void p.run(file);
  const s = p.summary;
  const actions = s ? [...new Set([...Object.keys(s.counts.strict), ...Object.keys(s.counts.lenient)])] : [];

  return (
    <Page title="Import preview" lede="Drop a client's CSV or spreadsheet and see, before anything is sent, how every row resolves in the target system.">
      <ErrorBanner message={p.error} />
      {targets.length === 0 ? (
        <EmptyState title="Pull a target first">
          <p>A preview compares the file with the users already pulled. Add and pull a connection on the Connections page, or:</p>
          <Cli>rekey pull NAME</Cli>
        </EmptyState>
      ) : (
        <div className="card form wide" aria-label="Preview a file">
          <div className="row">
            <label>
              Into
              <select value={connection} onChange={(e) => p.setConnection(e.target.value)}>
                {targets.map((c) => (
                  <option key={c.id} value={c.name}>
                    {c.name} ({c.records.toLocaleString()} users)
                  </option>
                ))}
              </select>
            </label>
            <label>
              Mode for staging
              <select value={p.mode} onChange={(e) => p.setMode(e.target.value as 'strict' | 'lenient')}>
                <option value="strict">strict (Users and Notes APIs)</option>
                <option value="lenient">lenient (Insights integrations)</option>
              </select>
            </label>
          </div>
          <label
            className={dragging ? 'dropzone dragging' : 'dropzone'}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={(e) => {
              e.preventDefault();
              setDragging(false);
              choose(e.dataTransfer.files[0]);
            }}
          >
            {p.busy ? 'Reading and planning…' : 'Drop a CSV or an .xlsx here (its first sheet), or choose one'}
            <input type="file" aria-label="CSV file or spreadsheet (.xlsx)" accept={TABLE_FILES} onChange={(e) => choose(e.target.files?.[0])} />
          </label>
        </div>
      )}
      {s && (
        <>
          <MappingEditor header={s.header} mapping={s.mapping} onApply={(mapping) => p.file && void p.run(p.file, mapping)} />
          <section className="card" aria-label="Preview summary">
            <h2>
              {s.file}: {s.total.toLocaleString()} rows into {s.connection}
            </h2>
            <table className="table counts">
              <thead>
                <tr>
                  <th>Outcome</th>
                  <th className="num">Strict</th>
                  <th className="num">Lenient</th>
                </tr>
              </thead>
              <tbody>
                {actions.map((a) => (
                  <tr key={a}>
                    <td className={`action-${a}`} title={a}>
                      {outcomeLabel(a)}
                    </td>
                    <td className="num">{(s.counts.strict[a] ?? 0).toLocaleString()}</td>
                    <td className="num">{(s.counts.lenient[a] ?? 0).toLocaleString()}</td>
                  </tr>
                ))}
                <tr>
                  <td title="Rows this system's push will not carry out (refused rows, and rows its import cannot reach); each row says why in the plan">Left by hand</td>
                  <td className="num">{s.byHand.strict.toLocaleString()}</td>
                  <td className="num">{s.byHand.lenient.toLocaleString()}</td>
                </tr>
                <tr>
                  <td>unreadable rows</td>
                  <td className="num" colSpan={2}>
                    {s.problemCount.toLocaleString()}
                  </td>
                </tr>
              </tbody>
            </table>
            {s.problems.length > 0 && (
              <details>
                <summary>{s.problemCount === 1 ? '1 row' : `${s.problemCount.toLocaleString('en-US')} rows`} could not be read</summary>
                <ul className="problems">
                  {s.problems.map((pr) => (
                    <li key={pr.line}>
                      line {pr.line}: {pr.message}
                    </li>
                  ))}
                </ul>
              </details>
            )}
            <div className="row">
              <button type="button" onClick={() => call('preview.download', { file: 'planCsv', mode: p.mode }).then(saveFile).catch(showError)}>
                Export plan (CSV)
              </button>
              <button type="button" onClick={() => call('preview.download', { file: 'report', mode: p.mode }).then(saveFile).catch(showError)}>
                Client report (HTML)
              </button>
              <button
                type="button"
                className="primary"
                onClick={() =>
                  call('preview.stage', { mode: p.mode }).then(async (cs) => {
                    await load();
                    await select(cs.id);
                  })
                }
              >
                Stage this import ({p.mode})
              </button>
            </div>
          </section>
          <RenamedIdsNotice />
          <ComparePanel />
          <div className="filters" role="search">
            <input type="search" aria-label="Search the plan" placeholder="Search email or external id…" value={p.search} onChange={(e) => p.setFilter({ search: e.target.value })} />
            <select aria-label="Outcome" value={p.action} onChange={(e) => p.setFilter({ action: e.target.value })}>
              <option value="">All outcomes (conflicts first)</option>
              {actions.map((a) => (
                <option key={a} value={a}>
                  {outcomeLabel(a)}
                </option>
              ))}
            </select>
            <span className="count">{p.total.toLocaleString()} rows</span>
          </div>
          <PlanTable />
        </>
      )}
      <ChangeSetsPanel kinds={['import']} label="Import change sets" empty={null} />
    </Page>
  );
}
