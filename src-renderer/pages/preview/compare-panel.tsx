import { useState } from 'react';
import { BY_HAND_SENTENCES, type ByHandCode } from '../../../src-shared/import-by-hand';
import type { PreviewComparison, RenamedIdWords } from '../../../src-shared/model/preview';
import { describePlan, outcomeLabel } from '../../../src-shared/plain-words';
import { call, saveFile } from '../../bridge/client';
import { useChangeSets } from '../../stores/changesets-store';
import { useConnections } from '../../stores/connections-store';
import { usePreview } from '../../stores/preview-store';

/**
 * A row's outcome in one connection in words: its label, why when it is refused, and the
 * step it leaves by hand there; the codes in the tooltip.
 */
function Outcome({ plan, byHand, renamed }: { plan: Record<string, unknown> | undefined; byHand: ByHandCode | null | undefined; renamed: RenamedIdWords | null | undefined }) {
  if (!plan) return <td />;
  const action = String(plan.action);
  const { codes } = describePlan(plan);
  const why = action === 'fail' || action === 'kept_attachment' ? describePlan({ reason: plan.reason, error: plan.error }).text : '';
  const step = byHand && byHand !== 'refused' && byHand !== 'sticky_attachment' ? BY_HAND_SENTENCES[byHand] : '';
  return (
    <td className={`action-${action}`} title={[codes, byHand, renamed?.code].filter(Boolean).join(' · ')} data-renamed={renamed ? (renamed.rewritten ? 'rewritten' : 'flagged') : undefined}>
      {outcomeLabel(action)}
      {why && <span className="hint"> — {why}</span>}
      {step && <span className="hint"> — Left by hand: {step}</span>}
      {/* Renames are per connection: only a rename pushed to this connection flags the row here. */}
      {renamed && <span className={renamed.rewritten ? 'hint' : 'warning-text'}> — {renamed.says}</span>}
    </td>
  );
}

/** What "Stage into each" does with rows naming ids a rename replaced, connection by connection. */
function stagingSays(view: PreviewComparison): string {
  const flagged = view.connections.filter((c) => view.renamed[c]?.rows);
  if (flagged.length === 0) return 'No row names an external id that a rename pushed to these connections replaced.';
  const each = flagged.map((c) => `${c}: ${view.renamed[c]!.rows.toLocaleString()}`).join(', ');
  return view.stagesRewritten
    ? `Rows naming an old id (${each}): "Stage into each" plans them in each connection with the new id that connection's own renames gave, and keeps the mapping in each change set.`
    : `Rows naming an old id (${each}): "Stage into each" stages them with the ids as the file gives them, flagged in each change set.`;
}

/**
 * The previewed file against other connections too (issue 19): each row's outcome in
 * every chosen connection side by side, counts per connection, and one import change set
 * staged per connection.
 */
export function ComparePanel() {
  const connections = useConnections((s) => s.list);
  const p = usePreview();
  const { load, select } = useChangeSets();
  const [chosen, setChosen] = useState<string[]>([]);
  const [view, setView] = useState<PreviewComparison>();
  const [error, setError] = useState<string>();
  const current = p.summary?.connection;
  const others = (connections ?? []).filter((c) => c.records > 0 && c.name !== current);
  if (!current || others.length === 0) return null;
  const toggle = (name: string) => setChosen(chosen.includes(name) ? chosen.filter((n) => n !== name) : [...chosen, name]);
  const compare = () => call('preview.compare', { connections: chosen, mode: p.mode, limit: 200 }).then(setView, (e: Error) => setError(e.message));
  const stage = () =>
    call('preview.stageInto', { connections: view!.connections, mode: p.mode }).then(async (made) => {
      await load();
      await select(made[0]!.id);
    }, (e: Error) => setError(e.message));
  // The downloads cover the connections compared, every row; main writes them and the file is saved from there.
  const compared = () => ({ connections: view!.connections, mode: view!.mode });
  const report = () => call('preview.download', { file: 'compareReport', ...compared() }).then(saveFile, (e: Error) => setError(e.message));
  const planCsv = () => call('preview.download', { file: 'comparePlanCsv', ...compared() }).then(saveFile, (e: Error) => setError(e.message));

  return (
    <section className="card form full" aria-label="Preview into several connections">
      <h2>Also preview into</h2>
      <div className="row">
        {others.map((c) => (
          <label key={c.id} className="check">
            <input type="checkbox" checked={chosen.includes(c.name)} onChange={() => toggle(c.name)} /> {c.name} <span className="hint">({c.kind})</span>
          </label>
        ))}
      </div>
      <div className="row">
        <button type="button" disabled={chosen.length === 0} onClick={() => void compare()}>
          Compare side by side ({p.mode})
        </button>
        {view && (
          <>
            <button type="button" onClick={() => void report()}>
              Download client report
            </button>
            <button type="button" onClick={() => void planCsv()}>
              Download plan CSV
            </button>
            <button type="button" className="primary" onClick={() => void stage()}>
              Stage into each ({view.connections.length} import change sets)
            </button>
          </>
        )}
      </div>
      {error && (
        <div className="error-banner" role="alert">
          {error}
        </div>
      )}
      {view && (
        <>
          <table className="table counts" aria-label="Outcomes per connection">
            <thead>
              <tr>
                <th>Outcome</th>
                {view.connections.map((c) => (
                  <th key={c} className="num">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...new Set(view.connections.flatMap((c) => Object.keys(view.counts[c] ?? {})))].map((a) => (
                <tr key={a}>
                  <td className={`action-${a}`} title={a}>
                    {outcomeLabel(a)}
                  </td>
                  {view.connections.map((c) => (
                    <td key={c} className="num">
                      {(view.counts[c]?.[a] ?? 0).toLocaleString()}
                    </td>
                  ))}
                </tr>
              ))}
              {view.connections.some((c) => view.renamed[c]?.rows) && (
                <tr>
                  <td title="renamed_external_id">Old ids</td>
                  {view.connections.map((c) => (
                    <td key={c} className="num">
                      {(view.renamed[c]?.rows ?? 0).toLocaleString()}
                    </td>
                  ))}
                </tr>
              )}
              <tr>
                <td title="Rows the system's API will not carry out: refused rows, and rows its import cannot reach (the client report says which and why)">Left by hand</td>
                {view.connections.map((c) => (
                  <td key={c} className="num">
                    {(view.byHand[c] ?? 0).toLocaleString()}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
          <div className="row">
            <p className="hint" aria-label="What staging does with old ids">
              {stagingSays(view)}
            </p>
            {view.connections.some((c) => view.renamed[c]?.rows) && (
              <button type="button" disabled={p.busy} onClick={() => void p.setRewriteRenamed(!view.stagesRewritten).then(compare)}>
                {view.stagesRewritten ? 'Keep the ids as in the file' : 'Use the new ids in each connection'}
              </button>
            )}
          </div>
          {/* A scrolled region is a Tab stop, so the keyboard can scroll it too. */}
          <div className="scroll-x" tabIndex={0} role="region" aria-label="Rows in every connection, scrollable">
            <table className="table" aria-label="Rows in every connection">
              <thead>
                <tr>
                  <th>Line</th>
                  <th>Email</th>
                  <th>External id</th>
                  {view.connections.map((c) => (
                    <th key={c}>{c}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {view.rows.map((r) => (
                  <tr key={r.index}>
                    <td className="num">{r.line}</td>
                    <td>{r.email}</td>
                    <td className="mono">{r.externalId}</td>
                    {view.connections.map((c) => (
                      <Outcome key={c} plan={r.outcomes[c]} byHand={r.byHand[c]} renamed={r.renamed[c]} />
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {view.total > view.rows.length && <p className="hint">The first {view.rows.length} of {view.total.toLocaleString()} rows; the counts cover them all.</p>}
        </>
      )}
    </section>
  );
}
