import { useEffect, useState } from 'react';
import type { DuplicateCandidate } from '../../../src-shared/merges/find-duplicates';
import type { MergePlanView } from '../../../src-shared/model/merge';
import type { UserRecordRow } from '../../../src-shared/model/record';
import { CANDIDATE_KIND_LABELS } from '../../../src-shared/plain-words';
import { call } from '../../bridge/client';
import { EmptyState } from '../../components/empty-state';
import { useRowFocus } from '../../components/row-focus';
import { ErrorBanner, Page } from '../../components/page';
import { useChangeSets } from '../../stores/changesets-store';
import { ChangeSetsPanel } from '../changesets/change-sets-panel';
import { initialSelection, MergeCompare, type MergeSelection } from './merge-compare';
import { MergePlanPanel } from './merge-plan-panel';

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
  const [candidates, setCandidates] = useState<DuplicateCandidate[]>();
  const [open, setOpen] = useState<Opened>();
  const [error, setError] = useState<string>();
  const [staging, setStaging] = useState(false);
  const select = useChangeSets((s) => s.select);
  const focus = useRowFocus<HTMLTableSectionElement>(candidates?.length ?? 0, { onActivate: (i) => candidates?.[i] && void compare(candidates[i]) });
  const reloadChangeSets = useChangeSets((s) => s.load);
  const load = () =>
    call('merges.find', {})
      .then(setCandidates)
      .catch((e: Error) => setError(e.message));
  useEffect(() => {
    void load();
  }, []);

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
      <ErrorBanner message={error} />
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
      {candidates && candidates.length === 0 && (
        <EmptyState title="No duplicate candidates">
          <p>Candidates are found among pulled users. Pull your connections first, from the Connections page.</p>
        </EmptyState>
      )}
      {candidates && candidates.length > 0 && (
        <table className="table" aria-label="Duplicate candidates">
          <thead>
            <tr>
              <th className="num">Confidence</th>
              <th>Kind</th>
              <th>Where</th>
              <th>Evidence</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody ref={focus.containerRef} onKeyDown={focus.onKeyDown}>
            {candidates.map((c, i) => (
              <tr key={c.key} {...focus.rowProps(i)} aria-selected={open?.candidate.key === c.key} className={open?.candidate.key === c.key ? 'selected' : undefined}>
                <td className="num">{Math.round(c.confidence * 100)}%</td>
                <td title={c.kind}>{CANDIDATE_KIND_LABELS[c.kind]}</td>
                <td>{c.connection}</td>
                <td className="hint" title={c.evidenceCodes.join(' · ')}>
                  {c.evidence.join(' ')}
                </td>
                <td className="actions">
                  <button type="button" onClick={() => void compare(c)}>
                    Compare
                  </button>
                  <button type="button" onClick={() => void dismiss(c)}>
                    Not a duplicate
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ChangeSetsPanel kinds={['merge']} label="Merge change sets" empty={null} />
    </Page>
  );
}
