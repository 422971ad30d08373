import { usePreview } from '../../stores/preview-store';

/**
 * Rows naming an external id that a pushed rename replaced (issue 19 item 5): how many,
 * and the choice to plan (and stage) them with the new ids. Each row's own sentence is
 * in the plan table's External id cell.
 */
export function RenamedIdsNotice() {
  const s = usePreview((p) => p.summary);
  const busy = usePreview((p) => p.busy);
  const setRewriteRenamed = usePreview((p) => p.setRewriteRenamed);
  if (!s || s.renamed.rows === 0) return null;
  const n = s.renamed.rows;
  const rows = n === 1 ? '1 row' : `${n.toLocaleString('en-US')} rows`;
  return (
    <div className="card" role="status" aria-label="Renamed external ids">
      {s.renamed.rewritten ? (
        <p>
          {rows} named an external id that a rename replaced; {n === 1 ? 'it is' : 'they are'} planned with the new {n === 1 ? 'id' : 'ids'}, and staging keeps
          which old id became which.
        </p>
      ) : (
        <p className="warning-text">
          {rows} {n === 1 ? 'names an external id' : 'name external ids'} that a pushed rename replaced: the system may no longer know {n === 1 ? 'it' : 'them'}. Each row says
          what became of its id.
        </p>
      )}
      <ul className="problems">
        {s.renamed.first.map((r) => (
          <li key={r.line} title={r.code}>
            line {r.line}: {r.says}
          </li>
        ))}
        {n > s.renamed.first.length && <li>and {(n - s.renamed.first.length).toLocaleString('en-US')} more (search the plan for their ids; the client report lists them all)</li>}
      </ul>
      <button type="button" className={s.renamed.rewritten ? undefined : 'primary'} disabled={busy} onClick={() => void setRewriteRenamed(!s.renamed.rewritten)}>
        {s.renamed.rewritten ? 'Keep the ids as in the file' : `Use the new ids for ${rows}`}
      </button>
    </div>
  );
}
