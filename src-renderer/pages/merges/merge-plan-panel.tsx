import type { MergeStep } from '../../../src-shared/merges/merge-plan';
import type { MergePlanView } from '../../../src-shared/model/merge';
import { download } from '../preview/download';

const how = (s: MergeStep) => (s.request ? 'API' : s.beforePush ? 'By hand, before the push' : 'By hand');

/**
 * The plan per system (issue 9): every step in order, whether Rekey sends it or a person
 * does it, whether it can be taken back and how — and the checklist to hand over.
 */
export function MergePlanPanel({ view, onStage, staging }: { view: MergePlanView; onStage: () => void; staging: boolean }) {
  const automatic = view.plans.reduce((n, p) => n + p.plan.steps.filter((s) => s.request).length, 0);
  const irreversible = view.plans.reduce((n, p) => n + p.plan.steps.filter((s) => !s.reversible).length, 0);
  return (
    <section className="card" aria-label="Merge plan">
      <div className="row spread">
        <h2>Plan per system</h2>
        <div className="row">
          <button type="button" onClick={() => download(`merge-checklist.md`, view.checklist, 'text/markdown')}>
            Export checklist
          </button>
          <button type="button" className="primary" disabled={staging || automatic === 0} onClick={onStage}>
            Stage merge
          </button>
        </div>
      </div>
      <p className="hint">
        {automatic} steps through the APIs · {view.plans.reduce((n, p) => n + p.plan.steps.filter((s) => !s.request).length, 0)} by hand ·{' '}
        {irreversible ? <strong className="error-text">{irreversible} not reversible</strong> : 'all reversible'}
      </p>
      {view.plans.map((p) => (
        <div key={p.connection} className="merge-system">
          <h3>
            {p.connection} <span className="hint">({p.plan.kind})</span>: {p.plan.survivor} survives
            {p.plan.losers.length ? `, ${p.plan.losers.join(', ')} merged into it` : ''}
          </h3>
          {p.plan.steps.length === 0 ? (
            <p className="hint">Nothing to change here: the survivor already has the chosen values.</p>
          ) : (
            <ol className="merge-steps" aria-label={`Steps in ${p.connection}`}>
              {p.plan.steps.map((s, i) => (
                <li key={i}>
                  <span className={`badge ${s.request ? '' : 'manual'}`}>{how(s)}</span> <span className={`badge ${s.reversible ? 'ok-text' : 'error-text'}`}>{s.reversible ? 'Reversible' : 'Not reversible'}</span> {s.says}
                  {s.request && (
                    <div className="mono hint">
                      {s.request.method} {s.request.path}
                    </div>
                  )}
                  <div className="hint">Undo: {s.undo.says}</div>
                </li>
              ))}
            </ol>
          )}
        </div>
      ))}
      <details>
        <summary>Checklist</summary>
        <pre className="checklist" aria-label="Checklist">
          {view.checklist}
        </pre>
      </details>
    </section>
  );
}
