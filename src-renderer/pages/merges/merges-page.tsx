import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { CandidateKind, DuplicateCandidate } from '../../../src-shared/merges/find-duplicates';
import type { MergePlanView } from '../../../src-shared/model/merge';
import type { UserRecordRow } from '../../../src-shared/model/record';
import { CANDIDATE_KIND_LABELS } from '../../../src-shared/plain-words';
import { call } from '../../bridge/client';
import { EmptyState } from '../../components/empty-state';
import { useRowFocus } from '../../components/row-focus';
import { ErrorBanner, Page } from '../../components/page';
import { useChangeSets } from '../../stores/changesets-store';
import { candidateAt, useMerges } from '../../stores/merges-store';
import { ChangeSetsPanel } from '../changesets/change-sets-panel';
import { initialSelection, MergeCompare, type MergeSelection } from './merge-compare';
import { MergePlanPanel } from './merge-plan-panel';

const ROW_HEIGHT = 40;
const COLUMNS = '90px minmax(160px,1.4fr) 90px minmax(200px,3fr) 230px';

interface Opened {
  candidate: DuplicateCandidate;
  records: UserRecordRow[];
  selection: MergeSelection;
  plan?: MergePlanView;
}

/**
 * Duplicate candidates (SPEC §7.4), highest confidence first with their evidence; open
 * one to compare its records side by side and choose the survivor and values, see the
 * plan per system with its checklist, and stage it as merge change sets to review and
 * push below — or mark it "not a duplicate" for good.
 */
export function MergesPage() {
  const { total, counts, pages, error: listError, reload, ensureRow } = useMerges();
  const [open, setOpen] = useState<Opened>();
  const [error, setError] = useState<string>();
  const [staging, setStaging] = useState(false);
  const select = useChangeSets((s) => s.select);
  const virtualizerRef = useRef<{ scrollToIndex: (i: number) => void }>(null);
  const focus = useRowFocus<HTMLDivElement>(total ?? 0, {
    scrollTo: (i) => virtualizerRef.current?.scrollToIndex(i),
    onActivate: (i) => {
      const c = candidateAt(pages, i);
      if (c) void compare(c);
    },
  });
  const reloadChangeSets = useChangeSets((s) => s.load);
  const load = reload;
  useEffect(() => {
    void load();
  }, [load]);
  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => focus.containerRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  virtualizerRef.current = virtualizer;
  const items = virtualizer.getVirtualItems();
  useEffect(() => {
    for (const item of items) ensureRow(item.index);
  }, [items, ensureRow]);

  const compare = async (candidate: DuplicateCandidate) => {
    try {
      const records = await call('merges.records', { records: candidate.records });
      setOpen({ candidate, records, selection: initialSelection(candidate, records) });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const choose = (selection: MergeSelection) => open && setOpen({ ...open, selection, plan: undefined });
  const plan = async () => {
    if (!open) return;
    setError(undefined);
    try {
      const view = await call('merges.plan', { key: open.candidate.key, survivor: open.selection.survivor, values: open.selection.values });
      setOpen({ ...open, plan: view });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const stage = async () => {
    if (!open) return;
    setStaging(true);
    try {
      const staged = await call('merges.stage', { key: open.candidate.key, survivor: open.selection.survivor, values: open.selection.values });
      await reloadChangeSets();
      if (staged[0]) await select(staged[0].id);
      setOpen(undefined);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setStaging(false);
    }
  };
  const dismiss = async (candidate: DuplicateCandidate) => {
    await call('merges.dismiss', { key: candidate.key, reason: 'not a duplicate' }).catch((e: Error) => setError(e.message));
    setOpen(undefined);
    await load();
  };

  return (
    <Page title="Merges" lede="Duplicates left behind by lenient matching and email changes, with the evidence for each. Compare one side by side, choose the survivor and values, see what each system will do and what is left to do by hand, then review and push it like any change set.">
      <ErrorBanner message={error ?? listError} />
      {open && (
        <>
          <MergeCompare candidate={open.candidate} records={open.records} selection={open.selection} onChange={choose} onClose={() => setOpen(undefined)} />
          {!open.plan && (
            <p>
              <button type="button" className="primary" onClick={() => void plan()}>
                Plan merge
              </button>
            </p>
          )}
          {open.plan && <MergePlanPanel view={open.plan} staging={staging} onStage={() => void stage()} />}
        </>
      )}
      {total === 0 && (
        <EmptyState title="No duplicate candidates">
          <p>Candidates are found among pulled users. Pull your connections first, from the Connections page.</p>
        </EmptyState>
      )}
      {total !== undefined && total > 0 && (
        <>
          <p className="hint">
            {total.toLocaleString()} candidates:{' '}
            {(Object.entries(counts) as [CandidateKind, number][]).map(([kind, n]) => `${n.toLocaleString()} ${CANDIDATE_KIND_LABELS[kind].toLowerCase()}`).join(', ')}
          </p>
          <div className="grid-table" role="table" aria-label="Duplicate candidates" aria-rowcount={total + 1}>
            <div className="grid-row grid-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: COLUMNS }}>
              {['Confidence', 'Kind', 'Where', 'Evidence', 'Actions'].map((h) => (
                <div role="columnheader" key={h}>
                  {h}
                </div>
              ))}
            </div>
            <div className="grid-body short" ref={focus.containerRef} role="rowgroup" onKeyDown={focus.onKeyDown}>
              <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {items.map((item) => {
                  const c = candidateAt(pages, item.index);
                  const selected = Boolean(c && open?.candidate.key === c.key);
                  return (
                    <div
                      key={item.key}
                      role="row"
                      aria-rowindex={item.index + 2}
                      {...focus.rowProps(item.index)}
                      aria-selected={selected}
                      className={`grid-row candidates-grid${selected ? ' selected' : ''}`}
                      style={{ gridTemplateColumns: COLUMNS, position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                    >
                      {c ? (
                        <>
                          <div role="cell" className="num">
                            {Math.round(c.confidence * 100)}%
                          </div>
                          <div role="cell" title={c.kind}>
                            {CANDIDATE_KIND_LABELS[c.kind]}
                          </div>
                          <div role="cell">{c.connection}</div>
                          <div role="cell" className="hint" title={`${c.evidence.join(' ')}\n${c.evidenceCodes.join(' · ')}`}>
                            {c.evidence.join(' ')}
                          </div>
                          <div role="cell" className="actions">
                            <button type="button" onClick={() => void compare(c)}>
                              Compare
                            </button>
                            <button type="button" onClick={() => void dismiss(c)}>
                              Not a duplicate
                            </button>
                          </div>
                        </>
                      ) : (
                        <div role="cell" className="loading-cell">
                          Loading…
                        </div>
                      )}
                    </div>
                  );
                })}
              </div>
            </div>
          </div>
        </>
      )}
      <ChangeSetsPanel kinds={['merge']} label="Merge change sets" empty={null} />
    </Page>
  );
}
