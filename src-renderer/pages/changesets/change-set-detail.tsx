import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { ChangeRow, ChangeSet } from '../../../src-shared/model/change-set';
import { call } from '../../bridge/client';
import { describePlan, outcomeLabel } from '../../../src-shared/plain-words';
import { useRowFocus } from '../../components/row-focus';
import { changeRowAt, useChangeSets, type ChangeRowFilter } from '../../stores/changesets-store';
import { download } from '../preview/download';
import { PushControls } from './push-controls';
import { RenameBatchPanel } from './rename-batch-panel';
import { ReviewBundleControls } from './review-bundle-controls';
import { StateBadge } from './state-badge';

/** An import's rows that named ids a pushed rename replaced: how many take the new id, how many were left as the file said. */
function renamedIdsSaid({ rewritten, left }: { rewritten: number; left: number }): string {
  const rows = (n: number) => (n === 1 ? '1 row' : `${n} rows`);
  const parts = [];
  if (rewritten) parts.push(`${rows(rewritten)} named an external id that a rename replaced and ${rewritten === 1 ? 'uses' : 'use'} the new id (shown as “was …”)`);
  if (left) parts.push(`${rows(left)} still ${left === 1 ? 'names' : 'name'} an old id that a rename replaced`);
  return `${parts.join('; ')}.`;
}

/** The batch analysis shown before review (SPEC §4): swaps with their step plans, chains, collisions. */
function PlanSummary({ changeSet }: { changeSet: ChangeSet }) {
  const plan = changeSet.plan as {
    swaps?: { rows: number[]; steps: Record<string, string>[] }[];
    chains?: number[][];
    collisions?: number[][];
    counts?: Record<string, number>;
    checklist?: string;
    undo?: { row: number; steps: { says: string }[] }[];
    renamedIds?: { rewritten: number; left: number };
    byHand?: number;
  };
  if (!plan.swaps && !plan.counts) return null;
  return (
    <div className="plan-summary" aria-label="Batch analysis">
      {plan.counts && (
        <p>
          {Object.entries(plan.counts)
            .map(([k, v]) => (outcomeLabel(k) === k ? `${v} ${k}` : `${outcomeLabel(k)}: ${v}`))
            .join(' · ')}
          {plan.chains?.length ? ` · ${plan.chains.length} chains` : ''}
          {plan.collisions?.length ? ` · ${plan.collisions.length} collisions` : ''}
        </p>
      )}
      {plan.byHand ? (
        <p className="warning-text" title="by_hand">
          Left by hand: {plan.byHand === 1 ? '1 row' : `${plan.byHand.toLocaleString()} rows`} this system’s push will not carry out (each row says why).
        </p>
      ) : null}
      {plan.renamedIds && <p title="renamed_external_id">{renamedIdsSaid(plan.renamedIds)}</p>}
      {plan.checklist && (
        <div className="row">
          <button type="button" onClick={() => download(`change-set-${changeSet.id}-checklist.md`, plan.checklist!, 'text/markdown')}>
            Export checklist
          </button>
          <details>
            <summary>Undo plan</summary>
            {/* Stored with the change set (issue 9): the way back, step by step, newest first. */}
            {plan.undo?.map((u) => (
              <ol key={u.row} aria-label={`Undo row ${u.row}`}>
                {u.steps.map((s, i) => (
                  <li key={i}>{s.says}</li>
                ))}
              </ol>
            ))}
          </details>
        </div>
      )}
      {plan.swaps?.map((swap, k) => (
        <details key={k}>
          <summary>
            Swap of rows {swap.rows.join(' and ')}: {swap.steps.length} steps
          </summary>
          <ol>
            {swap.steps.map((s, i) => (
              <li key={i} className="mono">
                {s.action === 'rename' ? `rename ${s.current_external_id} → ${s.new_external_id}` : `remove ${s.external_id}`}
              </li>
            ))}
          </ol>
        </details>
      ))}
    </div>
  );
}

const ROW_HEIGHT = 36;

/** Shows a row's request in one line (ids and values, as sent). */
function describe(value: Record<string, unknown>): string {
  if (typeof value.current_external_id === 'string') return `${value.current_external_id} → ${String(value.new_external_id)}`;
  // An import row planned with a renamed id's new one shows the id the file gave beside it.
  const renamed = value.renamedFrom as { from?: string } | undefined;
  // Its id first then, where a narrow cell still shows it.
  const entries = Object.entries(value).filter(([k]) => k !== 'renamedFrom');
  if (renamed) entries.sort(([a], [b]) => Number(b === 'externalId') - Number(a === 'externalId'));
  return entries
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}${k === 'externalId' && renamed?.from ? ` (was ${renamed.from})` : ''}`)
    .join(' · ');
}

/** What the plan says will happen to a row, in words; the codes behind it for the tooltip. */
function describeRowPlan(plan: Record<string, unknown>): { text: string; codes: string } {
  if (plan.action === 'rename' && Array.isArray(plan.steps)) {
    // A rename in a system that keeps no old id, or in UserVoice (src-shared/renames).
    const steps = plan.steps as { action: string }[];
    const byHand = steps.filter((s) => s.action === 'manual').length;
    const sent = steps.length - byHand;
    return {
      text: `${sent} ${sent === 1 ? 'request' : 'requests'}${byHand ? `, ${byHand} step${byHand === 1 ? '' : 's'} by hand` : ''}. Still works afterwards: ${String(plan.keeps)}.`,
      codes: steps.map((s) => s.action).join(', '),
    };
  }
  if (Array.isArray(plan.steps)) {
    const steps = plan.steps as { action: string; reversible: boolean }[];
    const byHand = steps.filter((s) => s.action === 'manual').length;
    return {
      text: `${String(plan.survivor)} survives. ${steps.length} steps${byHand ? `, ${byHand} by hand` : ''}.${steps.every((s) => s.reversible) ? '' : ' Some cannot be undone.'}`,
      codes: steps.map((s) => s.action).join(', '),
    };
  }
  if (plan.action === 'swap') return { text: `Part of a swap of ids, done in ${String(plan.steps)} steps through temporary ids.`, codes: 'swap' };
  return describePlan(plan);
}

/** The row filters the view offers, by the value of its select. */
const ROW_FILTERS: Record<string, { label: string; filter: ChangeRowFilter }> = {
  all: { label: 'Every row', filter: {} },
  pending: { label: 'Pending review', filter: { review: 'pending' } },
  approved: { label: 'Approved', filter: { review: 'approved' } },
  rejected: { label: 'Rejected', filter: { review: 'rejected' } },
  applied: { label: 'Applied', filter: { result: 'applied' } },
  failed: { label: 'Failed', filter: { result: 'failed' } },
  none: { label: 'Not pushed', filter: { result: 'none' } },
};
const filterName = (f: ChangeRowFilter) => Object.entries(ROW_FILTERS).find(([, v]) => v.filter.review === f.review && v.filter.result === f.result)?.[0] ?? 'all';

/**
 * One change set: its life-cycle actions and its rows with their plan, review and
 * result. Rows come a page at a time as the table scrolls to them (a change set can hold
 * 250,000), optionally only those of one review or result. Rows are reviewed one by one
 * (approve / reject / comment) while in review, or every pending row at once on the server.
 */
export function ChangeSetDetail({ changeSet }: { changeSet: ChangeSet }) {
  const act = useChangeSets((s) => s.act);
  const select = useChangeSets((s) => s.select);
  const { rows, setRowFilter } = useChangeSets();
  const [reason, setReason] = useState('');
  const inReview = changeSet.state === 'in_review';
  const { rowCounts: c } = changeSet;

  return (
    <section className="card" aria-label={`Change set ${changeSet.id}`}>
      <div className="row spread">
        <h2>
          #{changeSet.id} {changeSet.title} <StateBadge state={changeSet.state} />
        </h2>
        <div className="row">
          {changeSet.state === 'draft' && (
            <button type="button" className="primary" onClick={() => act((id) => call('changesets.submit', { id }))}>
              Submit for review
            </button>
          )}
          {changeSet.kind === 'merge' && (changeSet.state === 'applied' || changeSet.state === 'partially_applied') && (
            <button type="button" onClick={() => act(async (id) => select((await call('merges.stageUndo', { id })).id))}>
              Stage undo
            </button>
          )}
          {inReview && (
            <>
              <button type="button" className="primary" onClick={() => act((id) => call('changesets.approve', { id, approveRemaining: false }))}>
                Approve change set
              </button>
              {c.pending > 0 && (
                // Decided on the server, for every pending row, loaded on screen or not.
                <button
                  type="button"
                  title="Every row still pending is approved, or rejected when its check fails; then the change set is approved"
                  onClick={() => act((id) => call('changesets.approve', { id, approveRemaining: true }))}
                >
                  Approve all {c.pending.toLocaleString()} pending rows
                </button>
              )}
              <input aria-label="Reason" placeholder="Reason for sending back" value={reason} onChange={(e) => setReason(e.target.value)} />
              <button type="button" onClick={() => act((id) => call('changesets.reject', { id, reason: reason || null }))}>
                Send back to draft
              </button>
            </>
          )}
        </div>
      </div>
      <p className="hint">
        {changeSet.kind} on {changeSet.connection}
        {changeSet.mode ? ` · ${changeSet.mode} mode` : ''}
        {changeSet.windowDays !== null ? ` · migration window ${changeSet.windowDays} days` : ''}
        {changeSet.source ? ` · from ${changeSet.source}` : ''} · {c.total} rows: {c.approved} approved, {c.rejected} rejected, {c.pending} pending
        {c.applied || c.failed ? ` · ${c.applied} applied, ${c.failed} failed` : ''}
      </p>
      <PlanSummary changeSet={changeSet} />
      {(changeSet.plan.batch as { key?: string } | undefined)?.key && <RenameBatchPanel batchKey={(changeSet.plan.batch as { key: string }).key} />}
      <ReviewBundleControls changeSet={changeSet} />
      <PushControls changeSet={changeSet} />
      <div className="filters">
        <select aria-label="Show rows" value={filterName(rows.filter)} onChange={(e) => setRowFilter(ROW_FILTERS[e.target.value]!.filter)}>
          {Object.entries(ROW_FILTERS).map(([value, { label }]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        {rows.total !== undefined && <span className="count">{rows.total.toLocaleString()} rows shown</span>}
      </div>
      <ChangeRowsTable key={`${changeSet.id}:${filterName(rows.filter)}`} changeSet={changeSet} />
    </section>
  );
}

/**
 * The rows of the filtered list, virtualised, each page asked for as the table scrolls to
 * it. Keyed by change set and filter: a new list starts at its first row, focus included.
 */
function ChangeRowsTable({ changeSet }: { changeSet: ChangeSet }) {
  const { rows, ensureRow } = useChangeSets();
  const count = rows.total ?? 0;
  const virtualizerRef = useRef<{ scrollToIndex: (i: number) => void }>(null);
  const focus = useRowFocus<HTMLDivElement>(count, { scrollTo: (i) => virtualizerRef.current?.scrollToIndex(i) });
  const scroller = focus.containerRef;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 15 });
  virtualizerRef.current = virtualizer;
  const items = virtualizer.getVirtualItems();
  useEffect(() => {
    for (const item of items) ensureRow(item.index);
  }, [items, ensureRow]);
  const inReview = changeSet.state === 'in_review';
  return (
    <div className="grid-table" role="table" aria-label={`Rows of change set ${changeSet.id}`} aria-rowcount={count + 1}>
      <div className="grid-row grid-head rows-grid" role="row" aria-rowindex={1}>
        {['#', 'Change', 'Plan', 'Review', 'Result'].map((h) => (
          <div role="columnheader" key={h}>
            {h}
          </div>
        ))}
      </div>
      <div className="grid-body short" ref={scroller} role="rowgroup" onKeyDown={focus.onKeyDown}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = changeRowAt(rows.pages, item.index);
            if (!row) {
              return (
                <div key={item.key} role="row" aria-rowindex={item.index + 2} {...focus.rowProps(item.index)} className="grid-row rows-grid" style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}>
                  <div role="cell" className="loading-cell">
                    Loading…
                  </div>
                </div>
              );
            }
            return (
              <div
                key={item.key}
                role="row"
                aria-label={`Row ${row.idx}`}
                aria-rowindex={item.index + 2}
                {...focus.rowProps(item.index)}
                className={`grid-row rows-grid review-${row.review}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                <div role="cell" className="num">{row.idx}</div>
                <div role="cell" className="mono" title={describe(row.payload)}>{describe(row.payload)}</div>
                <div role="cell" className={row.plan.error ? 'error-text' : undefined} title={describeRowPlan(row.plan).codes}>
                  {describeRowPlan(row.plan).text}
                </div>
                <div role="cell" className="row">
                  {inReview ? (
                    <RowReview changeSetId={changeSet.id} row={row} />
                  ) : (
                    <span title={row.reviewComment ?? undefined}>
                      {row.review}
                      {row.reviewComment ? ` — ${row.reviewComment}` : ''}
                    </span>
                  )}
                </div>
                <div role="cell" title={row.resultDetail ?? undefined}>
                  {row.result ?? ''}
                  {row.resultDetail ? ` — ${row.resultDetail}` : ''}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function RowReview({ changeSetId, row }: { changeSetId: number; row: ChangeRow }) {
  const act = useChangeSets((s) => s.act);
  const [comment, setComment] = useState(row.reviewComment ?? '');
  const decide = (review: 'approved' | 'rejected') =>
    act(() => call('changesets.reviewRow', { id: changeSetId, idx: row.idx, review, comment: comment || null }));
  return (
    <>
      <button type="button" aria-pressed={row.review === 'approved'} className={row.review === 'approved' ? 'chosen' : ''} onClick={() => decide('approved')}>
        Approve
      </button>
      <button type="button" aria-pressed={row.review === 'rejected'} className={row.review === 'rejected' ? 'chosen' : ''} onClick={() => decide('rejected')}>
        Reject
      </button>
      <input aria-label={`Comment on row ${row.idx}`} placeholder="comment" value={comment} onChange={(e) => setComment(e.target.value)} />
    </>
  );
}
