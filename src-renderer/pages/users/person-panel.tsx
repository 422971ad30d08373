import type { UserRecordRow } from '../../../src-shared/model/record';

/**
 * SPEC §2 "Person": one human across all systems, with each system's fields side by
 * side so diverging values stand out.
 */
export function PersonPanel({ person, onClose }: { person: { key: number; records: UserRecordRow[] }; onClose: () => void }) {
  const { records } = person;
  const differs = (pick: (r: UserRecordRow) => string | null) => new Set(records.map((r) => pick(r) ?? '')).size > 1;
  const fields: { label: string; pick: (r: UserRecordRow) => string | null }[] = [
    { label: 'Email', pick: (r) => r.email },
    { label: 'External id', pick: (r) => r.externalId },
    { label: 'Deprecated ids', pick: (r) => r.deprecatedExternalIds.join(', ') || null },
    { label: 'Name', pick: (r) => r.name },
    { label: 'Company', pick: (r) => r.company },
    { label: 'Status', pick: (r) => (r.vanishedAt ? 'gone' : r.status) },
    { label: 'Remote id', pick: (r) => r.remoteId },
  ];
  return (
    <aside className="card person" aria-label="Person">
      <div className="row spread">
        <h2>
          {records.length} {records.length === 1 ? 'record' : 'records'} side by side
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <table className="table">
        <thead>
          <tr>
            <th />
            {records.map((r) => (
              <th key={`${r.connection}/${r.remoteId}`}>
                {r.connection} <span className="hint">({r.kind})</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f.label} className={differs(f.pick) ? 'differs' : undefined}>
              <th scope="row">{f.label}</th>
              {records.map((r) => (
                <td key={`${r.connection}/${r.remoteId}`}>{f.pick(r) ?? '—'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </aside>
  );
}
