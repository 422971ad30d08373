import { useState } from 'react';
import type { PreviewSummary } from '../../../src-shared/model/preview';

type Mapping = PreviewSummary['mapping'];
const FIELDS: { key: keyof Mapping; label: string }[] = [
  { key: 'email', label: 'Email' },
  { key: 'externalId', label: 'External id' },
  { key: 'name', label: 'Name' },
  { key: 'company', label: 'Company' },
];

/** Which column is which (guessed from the header, remembered per file shape); editable. */
export function MappingEditor(props: { header: string[]; mapping: Mapping; onApply: (mapping: Mapping) => void }) {
  const [draft, setDraft] = useState<Mapping>(props.mapping);
  const changed = JSON.stringify(draft) !== JSON.stringify(props.mapping);
  return (
    <section className="card mapping" aria-label="Column mapping">
      <h2>Columns</h2>
      <div className="row">
        {FIELDS.map((f) => (
          <label key={f.key}>
            {f.label}
            <select
              aria-label={`Column for ${f.label}`}
              value={draft[f.key] ?? ''}
              onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value === '' ? undefined : Number(e.target.value) })}
            >
              <option value="">— none —</option>
              {props.header.map((h, i) => (
                <option key={i} value={i}>
                  {h}
                </option>
              ))}
            </select>
          </label>
        ))}
        <button type="button" disabled={!changed} onClick={() => props.onApply(draft)}>
          Apply mapping
        </button>
      </div>
    </section>
  );
}
