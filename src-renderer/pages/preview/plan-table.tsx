import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { PreviewRowView } from '../../../src-shared/model/preview';
import { describePlan, outcomeLabel, RENAMED_ID_CODE, RENAMED_ID_REWRITTEN_CODE, renamedIdSentence } from '../../../src-shared/plain-words';
import { useRowFocus } from '../../components/row-focus';
import { PREVIEW_PAGE, usePreview } from '../../stores/preview-store';

const ROW = 30;
// The external id is wide enough for an old id beside its new one and the button choosing between them.
const COLUMNS = '70px 1.6fr 2.5fr 1.1fr 1.6fr 1.1fr 1.6fr';

const act = (p: Record<string, unknown> | undefined) => (p ? String(p.action) : '');

/** The outcome in words, marked when the system's push leaves the row by hand (the "why" says what to do); codes in the tooltip. */
function Outcome({ plan }: { plan: Record<string, unknown> | undefined }) {
  const byHand = typeof plan?.byHand === 'string' && plan.byHand !== 'refused' ? plan.byHand : undefined;
  return (
    <div role="cell" className={`action-${act(plan)}`} title={[act(plan), byHand && `by_hand=${byHand}`].filter(Boolean).join(' · ')}>
      {outcomeLabel(act(plan))}
      {byHand && <span className="warning-text"> · left by hand</span>}
    </div>
  );
}

/** Why, as a sentence (how the row was found, why it fails); the codes in the tooltip. */
function Why({ plan }: { plan: Record<string, unknown> | undefined }) {
  const { text, codes } = describePlan(plan);
  return (
    <div role="cell" className="hint" title={codes}>
      {text}
    </div>
  );
}

/**
 * The row's external id; one a pushed rename replaced says so (or, mapped, which id it
 * was), with the choice for this row alone.
 */
function ExternalId({ row }: { row: PreviewRowView }) {
  const busy = usePreview((p) => p.busy);
  const toggleRewrite = usePreview((p) => p.toggleRewrite);
  const r = row.renamedId;
  if (!r) return <div role="cell" className="mono">{row.externalId ?? ''}</div>;
  return (
    <div role="cell" className="mono renamed-cell" title={`${renamedIdSentence(r)} (${r.rewritten ? RENAMED_ID_REWRITTEN_CODE : RENAMED_ID_CODE})`} data-renamed={r.rewritten ? 'rewritten' : 'flagged'}>
      <span>
        {row.externalId ?? ''} {r.rewritten ? <span className="hint">← {r.from}</span> : <span className="warning-text">→ {r.to}</span>}
      </span>
      <button type="button" className="small" disabled={busy} aria-label={r.rewritten ? `Keep ${r.from} on line ${row.line}` : `Use ${r.to} on line ${row.line}`} onClick={() => void toggleRewrite(row.line)}>
        {r.rewritten ? 'Keep old' : 'Use new'}
      </button>
    </div>
  );
}

/** The plan, every row, strict and lenient side by side; virtualised for a million rows. */
export function PlanTable() {
  const { total, pages, ensureRow } = usePreview();
  const virtualizerRef = useRef<{ scrollToIndex: (i: number) => void }>(null);
  const focus = useRowFocus<HTMLDivElement>(total, { scrollTo: (i) => virtualizerRef.current?.scrollToIndex(i) });
  const scroller = focus.containerRef;
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 20 });
  virtualizerRef.current = virtualizer;
  const items = virtualizer.getVirtualItems();
  useEffect(() => {
    for (const item of items) ensureRow(item.index);
  }, [items, ensureRow]);
  return (
    <div className="grid-table" role="table" aria-label="Import plan" aria-rowcount={total}>
      <div className="grid-row grid-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: COLUMNS }}>
        {['Line', 'Email', 'External id', 'Strict', 'Strict: why', 'Lenient', 'Lenient: why'].map((h) => (
          <div role="columnheader" key={h}>
            {h}
          </div>
        ))}
      </div>
      <div className="grid-body short" ref={scroller} data-testid="plan-scroller" role="rowgroup" onKeyDown={focus.onKeyDown}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const r = pages[Math.floor(item.index / PREVIEW_PAGE)]?.[item.index % PREVIEW_PAGE];
            return (
              <div key={item.key} role="row" aria-rowindex={item.index + 2} {...focus.rowProps(item.index)} className="grid-row" style={{ gridTemplateColumns: COLUMNS, position: 'absolute', top: 0, left: 0, right: 0, height: ROW, transform: `translateY(${item.start}px)` }}>
                {r ? (
                  <>
                    <div role="cell" className="num">{r.line}</div>
                    <div role="cell">{r.email ?? ''}</div>
                    <ExternalId row={r} />
                    <Outcome plan={r.strict} />
                    <Why plan={r.strict} />
                    <Outcome plan={r.lenient} />
                    <Why plan={r.lenient} />
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
  );
}
