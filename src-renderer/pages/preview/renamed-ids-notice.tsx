import { usePreview } from '../../stores/preview-store';

/**
 * Rows naming an external id that a pushed rename replaced (issue 19 item 5): how many,
 * the first ones in words, and the choice to plan (and stage) them with the new ids —
 * all at once here, or row by row in the plan table's External id cell.
 */
export function RenamedIdsNotice() {
  const s = usePreview((p) => p.summary);
  const busy = usePreview((p) => p.busy);
  const setRewriteRenamed = usePreview((p) => p.setRewriteRenamed);
  if (!s || s.renamed.rows === 0) return null;
  const { rows: n, rewritten: k } = s.renamed;
  const count = (m: number) => (m === 1 ? '1 row' : `${m.toLocaleString('en-US')} rows`);
  const said =
    k === 0
      ? `${count(n)} ${n === 1 ? 'names an external id' : 'name external ids'} that a pushed rename replaced: the system may no longer know ${n === 1 ? 'it' : 'them'}.`
      : k === n
        ? `${count(n)} named an external id that a rename replaced; ${n === 1 ? 'it is' : 'they are'} planned with the new ${n === 1 ? 'id' : 'ids'}, and staging keeps which old id became which.`
        : `${count(n)} name external ids that a pushed rename replaced; ${count(k)} of them ${k === 1 ? 'is' : 'are'} planned with the new id, as chosen row by row.`;
  return (
    <div className="card" role="status" aria-label="Renamed external ids">
      <p className={k === 0 ? 'warning-text' : undefined}>{said}</p>
      <ul className="problems">
        {s.renamed.first.map((r) => (
          <li key={r.line} title={r.code}>
            line {r.line}: {r.says}
          </li>
        ))}
        {n > s.renamed.first.length && <li>and {(n - s.renamed.first.length).toLocaleString('en-US')} more (search the plan for their ids; the client report lists them all)</li>}
      </ul>
      <div className="row">
        {k < n && (
          <button type="button" className="primary" disabled={busy} onClick={() => void setRewriteRenamed(true)}>
            {k === 0 ? `Use the new ids for ${count(n)}` : `Use the new ids for all ${count(n)}`}
          </button>
        )}
        {k > 0 && (
          <button type="button" disabled={busy} onClick={() => void setRewriteRenamed(false)}>
            Keep the ids as in the file
          </button>
        )}
      </div>
      <p className="hint">Or choose row by row with the button beside each id in the plan below.</p>
    </div>
  );
}
