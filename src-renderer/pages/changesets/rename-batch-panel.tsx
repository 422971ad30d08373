import { useCallback, useEffect, useState } from 'react';
import type { RenameBatchCell, RenameBatchView } from '../../../src-shared/model/rename-batch';
import type { PushResultValue } from '../../../src-shared/model/push';
import { call } from '../../bridge/client';
import { useChangeSets } from '../../stores/changesets-store';
import { download } from '../preview/download';
import { StateBadge } from './state-badge';

function Cell({ cell }: { cell: RenameBatchCell | null }) {
  if (!cell) return <td className="hint">not held here</td>;
  return (
    <td className={cell.error ? 'error-text' : undefined}>
      <ul className="plain">
        {cell.says.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
      </ul>
      {cell.keeps && <div className="hint">Keeps working: {cell.keeps}</div>}
      <div className="hint">
        {cell.review}
        {cell.result ? ` · ${cell.result}` : ''}
        {cell.resultDetail && cell.result !== 'applied' ? ` — ${cell.resultDetail}` : ''}
      </div>
    </td>
  );
}

/**
 * A rename batch across systems (issue 19): each person's row in every system side by
 * side, what each keeps working, what is left by hand, and one button that pushes every
 * approved change set of the batch side by side.
 */
export function RenameBatchPanel({ batchKey }: { batchKey: string }) {
  const reload = useChangeSets((s) => s.load);
  const list = useChangeSets((s) => s.list);
  const [view, setView] = useState<RenameBatchView>();
  const [error, setError] = useState<string>();
  const [pushing, setPushing] = useState(false);
  const [results, setResults] = useState<{ connection: string; result?: PushResultValue; error?: string }[]>();
  const load = useCallback(() => {
    call('changesets.batch', { key: batchKey }).then(setView, (e: Error) => setError(e.message));
  }, [batchKey]);
  // The list changes after every review or push: the side-by-side view follows it.
  useEffect(load, [load, list]);

  const pushAll = async () => {
    setPushing(true);
    setError(undefined);
    try {
      setResults(await call('changesets.pushBatch', { key: batchKey }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setPushing(false);
      await reload();
    }
  };

  if (!view) return error ? <div className="error-banner" role="alert">{error}</div> : null;
  const approved = view.connections.filter((c) => c.state === 'approved' || c.state === 'pushing').length;
  return (
    <section className="card" aria-label="Rename batch">
      <div className="row spread">
        <h3>
          Batch across {view.connections.length} systems · {view.persons.length} people
        </h3>
        <button type="button" className="primary" disabled={pushing || approved === 0} onClick={() => void pushAll()}>
          {pushing ? 'Pushing side by side…' : `Push ${approved} approved side by side`}
        </button>
      </div>
      <p className="hint">Each system has its own change set to review; a push sends each under its own rate limit, at the same time.</p>
      {error && (
        <div className="error-banner" role="alert">
          {error}
        </div>
      )}
      {results && (
        <ul aria-label="Batch push results">
          {results.map((r) => (
            <li key={r.connection}>
              {r.connection}: {r.result ? `${r.result.state.replace('_', ' ')} — ${r.result.applied} applied, ${r.result.failed} failed, ${r.result.skipped} skipped` : r.error}
            </li>
          ))}
        </ul>
      )}
      {/* A scrolled region is a Tab stop, so the keyboard can scroll it too. */}
      <div className="scroll-x" tabIndex={0} role="region" aria-label="Each person in every system, scrollable">
        <table className="table" aria-label="Each person in every system">
          <thead>
            <tr>
              <th>Rename</th>
              {view.connections.map((c) => (
                <th key={c.name}>
                  {c.name} <span className="hint">({c.kind}, #{c.changeSetId})</span> <StateBadge state={c.state} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.persons.map((p) => (
              <tr key={`${p.current}→${p.next}`}>
                <td className="mono">
                  {p.current} → {p.next}
                </td>
                {view.connections.map((c) => (
                  <Cell key={c.name} cell={p.cells[c.name] ?? null} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Left to do by hand</h3>
      {view.checklist.length === 0 ? (
        <p className="hint">Nothing: every step goes through an API.</p>
      ) : (
        <>
          <ul aria-label="Checklist">
            {view.checklist.map((c, i) => (
              <li key={i}>
                <strong>{c.connection}</strong>: {c.step}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => download('rename-batch-checklist.md', `# Rename batch: steps by hand\n\n${view.checklist.map((c) => `- [ ] ${c.connection}: ${c.step}`).join('\n')}\n`, 'text/markdown')}>
            Export checklist
          </button>
        </>
      )}
    </section>
  );
}
