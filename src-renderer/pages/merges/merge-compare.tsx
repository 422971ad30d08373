import { useState } from 'react';
import type { DuplicateCandidate } from '../../../src-shared/merges/find-duplicates';
import { MERGE_FIELDS, type MergeField } from '../../../src-shared/merges/merge-plan';
import type { UserRecordRow } from '../../../src-shared/model/record';

/** What the side-by-side view decided: who survives, and each field's winning value with its source. */
export interface MergeSelection {
  survivor: { connection: string; remoteId: string };
  /** Per field, the record whose value wins ("connection/remoteId"). */
  sources: Record<MergeField, string>;
  values: Record<MergeField, string | null>;
}

const LABELS: Record<MergeField, string> = { email: 'Email', externalId: 'External id', name: 'Name' };
const ref = (r: { connection: string; remoteId: string }) => `${r.connection}/${r.remoteId}`;

/** The survivor by default: a stale attachment's new owner, else the record with the most fields. */
function defaultSurvivor(candidate: DuplicateCandidate, records: UserRecordRow[]): UserRecordRow {
  if (candidate.kind === 'stale_attachment') return records[records.length - 1]!;
  return [...records].sort((a, b) => filled(b) - filled(a))[0]!;
}
const filled = (r: UserRecordRow) => MERGE_FIELDS.filter((f) => r[f]).length;

export function initialSelection(candidate: DuplicateCandidate, records: UserRecordRow[]): MergeSelection {
  const survivor = defaultSurvivor(candidate, records);
  // Each field starts from the survivor, or from the first record that has a value.
  const sourceOf = (f: MergeField) => (survivor[f] ? survivor : (records.find((r) => r[f]) ?? survivor));
  const sources = Object.fromEntries(MERGE_FIELDS.map((f) => [f, ref(sourceOf(f))])) as Record<MergeField, string>;
  const values = Object.fromEntries(MERGE_FIELDS.map((f) => [f, sourceOf(f)[f]])) as Record<MergeField, string | null>;
  return { survivor: { connection: survivor.connection, remoteId: survivor.remoteId }, sources, values };
}

/**
 * Compare and choose (issue 9): the records side by side, field by field, each value
 * with the system it comes from; the survivor and every field's value are picked here.
 */
export function MergeCompare(props: { candidate: DuplicateCandidate; records: UserRecordRow[]; selection: MergeSelection; onChange: (s: MergeSelection) => void; onClose: () => void }) {
  const { records, selection, onChange } = props;
  const [showAll, setShowAll] = useState(false);
  const pick = (field: MergeField, r: UserRecordRow) => onChange({ ...selection, sources: { ...selection.sources, [field]: ref(r) }, values: { ...selection.values, [field]: r[field] } });
  const differs = (f: MergeField) => new Set(records.map((r) => (r[f] ?? '').trim())).size > 1;
  return (
    <section className="card person" aria-label="Compare and choose">
      <div className="row spread">
        <h2>{records.length} records side by side</h2>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      <p className="hint" title={props.candidate.evidenceCodes.join(' · ')}>
        {props.candidate.evidence.join(' ')}
      </p>
      <table className="table compare">
        <thead>
          <tr>
            <th />
            {records.map((r) => (
              <th key={ref(r)}>
                {r.connection} <span className="hint">({r.kind})</span>
                <div className="mono hint">{r.remoteId}</div>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Survivor</th>
            {records.map((r) => (
              <td key={ref(r)}>
                <label className="row">
                  <input
                    type="radio"
                    name="survivor"
                    aria-label={`Survivor ${ref(r)}`}
                    checked={ref(selection.survivor) === ref(r)}
                    onChange={() => onChange({ ...selection, survivor: { connection: r.connection, remoteId: r.remoteId } })}
                  />
                  keeps its id
                </label>
              </td>
            ))}
          </tr>
          {MERGE_FIELDS.map((f) => (
            <tr key={f} className={differs(f) ? 'differs' : undefined}>
              <th scope="row">{LABELS[f]}</th>
              {records.map((r) => (
                <td key={ref(r)}>
                  <label className="row">
                    <input type="radio" name={`field-${f}`} aria-label={`${LABELS[f]} from ${ref(r)}`} checked={selection.sources[f] === ref(r)} onChange={() => pick(f, r)} />
                    <span>{r[f] ?? '—'}</span>
                  </label>
                </td>
              ))}
            </tr>
          ))}
          {showAll &&
            (['company', 'status'] as const).map((f) => (
              <tr key={f}>
                <th scope="row">{f === 'company' ? 'Company' : 'Status'}</th>
                {records.map((r) => (
                  <td key={ref(r)}>{r[f] ?? '—'}</td>
                ))}
              </tr>
            ))}
        </tbody>
      </table>
      <div className="row">
        <button type="button" onClick={() => setShowAll(!showAll)}>
          {showAll ? 'Fewer fields' : 'More fields'}
        </button>
        <span className="hint">
          After the merge: {MERGE_FIELDS.map((f) => `${LABELS[f].toLowerCase()} ${selection.values[f] ?? '—'} (from ${selection.sources[f]})`).join(' · ')}
        </span>
      </div>
    </section>
  );
}
