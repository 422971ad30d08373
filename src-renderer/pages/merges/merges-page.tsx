import { useEffect, useState } from 'react';
import type { DuplicateCandidate } from '../../../src-shared/merges/find-duplicates';
import type { UserRecordRow } from '../../../src-shared/model/record';
import { call } from '../../bridge/client';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner, Page } from '../../components/page';
import { PersonPanel } from '../users/person-panel';

const KIND_LABELS: Record<DuplicateCandidate['kind'], string> = {
  detached_user: 'Detached by lenient matching',
  case_variant_email: 'Same email, different case',
  stale_attachment: 'UserVoice external user on the wrong user',
  diverging_fields: 'One person, diverging fields',
};

/**
 * Duplicate candidates (SPEC §7.4), highest confidence first with their evidence; open
 * one to compare its records side by side, or mark it "not a duplicate" for good.
 */
export function MergesPage() {
  const [candidates, setCandidates] = useState<DuplicateCandidate[]>();
  const [open, setOpen] = useState<{ candidate: DuplicateCandidate; records: UserRecordRow[] }>();
  const [error, setError] = useState<string>();
  const load = () =>
    call('merges.find', {})
      .then(setCandidates)
      .catch((e: Error) => setError(e.message));
  useEffect(() => {
    void load();
  }, []);

  const compare = async (candidate: DuplicateCandidate) => {
    try {
      setOpen({ candidate, records: await call('merges.records', { records: candidate.records }) });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const dismiss = async (candidate: DuplicateCandidate) => {
    await call('merges.dismiss', { key: candidate.key, reason: 'not a duplicate' }).catch((e: Error) => setError(e.message));
    setOpen(undefined);
    await load();
  };

  return (
    <Page title="Merges" lede="Duplicates left behind by lenient matching and email changes, with the evidence for each, compared side by side.">
      <ErrorBanner message={error} />
      {open && <PersonPanel person={{ key: 0, records: open.records }} onClose={() => setOpen(undefined)} />}
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
              <th />
            </tr>
          </thead>
          <tbody>
            {candidates.map((c) => (
              <tr key={c.key} className={open?.candidate.key === c.key ? 'selected' : undefined}>
                <td className="num">{Math.round(c.confidence * 100)}%</td>
                <td>{KIND_LABELS[c.kind]}</td>
                <td>{c.connection}</td>
                <td className="hint">{c.evidence.join(' · ')}</td>
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
    </Page>
  );
}
