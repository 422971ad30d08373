import { useState } from 'react';
import type { TeamRowView } from '../../../src-shared/team/derive-review';
import { call } from '../../bridge/client';
import { useTeam } from '../../stores/team-store';

/** How many rows the page draws at once; a 10,000-row change set is paged, not drawn whole. */
const PAGE = 200;

/** One shared change set: every row with each member's decision, stale ones apart, comments, results. */
export function SharedChangeSet() {
  const { open, state, act, busy, select } = useTeam();
  const [page, setPage] = useState(0);
  if (!open || !state?.joined) return null;
  const me = state.member;
  const { entry, review } = open;
  const summary = state.changeSets.find((c) => c.key === entry.key);
  const lease = state.live.leases.find((l) => l.changeSet === entry.key);
  // The author's own approvals do not count unless the policy says so: no bulk button for them then.
  const counts = open.policy.authorMayApprove || entry.author !== me;
  const pending = counts ? review.rows.filter((r) => !r.current.some((d) => d.member === me)) : [];
  const rows = review.rows.slice(page * PAGE, (page + 1) * PAGE);
  const decide = (idx: number, verdict: 'approve' | 'reject') => act(() => call('team.decide', { key: entry.key, decisions: [{ idx, verdict }] }));
  return (
    <section className="card" aria-label={`Shared change set ${entry.title}`}>
      <div className="row spread">
        <h2>
          {entry.title} <span className="hint">by {entry.author}</span>
        </h2>
        <button type="button" onClick={() => void select(null)}>
          Close
        </button>
      </div>
      <p>
        {review.counts.approved} approved, {review.counts.rejected} rejected, {review.counts.pending} pending, {review.counts.conflict} in conflict
        {review.counts.stale ? `, ${review.counts.stale} with decisions on an earlier plan` : ''}.{' '}
        {review.approvable ? <span className="ok-text">The team has approved it.</span> : <span className="hint">{review.blockers.join('; ')}.</span>}
      </p>
      <div className="actions">
        {pending.length > 0 && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void act(() => call('team.decide', { key: entry.key, decisions: pending.map((r) => ({ idx: r.idx, verdict: 'approve' as const })) }))}
          >
            Approve my {pending.length} remaining rows
          </button>
        )}
        {lease ? (
          <span className="lease">
            Being pushed by {lease.member} since {lease.since.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}
          </span>
        ) : summary?.localId != null && review.approvable && summary.results === 0 ? (
          <button type="button" disabled={busy} onClick={() => void act(() => call('team.push', { id: summary.localId! }))}>
            Push (takes the team's push lease)
          </button>
        ) : null}
      </div>
      <table className="table" aria-label="Shared rows">
        <thead>
          <tr>
            <th className="num">Row</th>
            <th>Change</th>
            <th>Team</th>
            <th>Decisions</th>
            <th>Comments</th>
            <th>Result</th>
            <th>Your decision</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <Row key={r.idx} row={r} me={me} busy={busy} onDecide={decide} onComment={(text) => act(() => call('team.comment', { key: entry.key, idx: r.idx, text }))} />
          ))}
        </tbody>
      </table>
      {review.rows.length > PAGE && (
        <div className="actions">
          <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span className="hint">
            rows {page * PAGE}–{Math.min(review.rows.length, (page + 1) * PAGE) - 1} of {review.rows.length}
          </span>
          <button type="button" disabled={(page + 1) * PAGE >= review.rows.length} onClick={() => setPage(page + 1)}>
            Next
          </button>
        </div>
      )}
    </section>
  );
}

function Row(props: { row: TeamRowView; me: string; busy: boolean; onDecide: (idx: number, v: 'approve' | 'reject') => Promise<void>; onComment: (text: string) => Promise<void> }) {
  const { row, me, busy } = props;
  const [text, setText] = useState('');
  const mine = row.current.find((d) => d.member === me)?.verdict;
  return (
    <tr data-row={row.idx} className={row.status === 'conflict' ? 'review-rejected' : row.status === 'approved' ? 'review-approved' : undefined}>
      <td className="num">{row.idx}</td>
      <td className="mono">{Object.values(row.payload).map(String).join(' → ')}</td>
      <td className={row.status === 'conflict' ? 'error-text' : undefined}>{row.status === 'conflict' ? 'conflict' : row.status}</td>
      <td>
        {row.current.map((d) => `${d.member}: ${d.verdict === 'approve' ? 'approved' : 'rejected'}`).join(', ')}
        {row.stale.length ? <span className="hint"> (on an earlier plan, not counted: {row.stale.map((d) => d.member).join(', ')})</span> : null}
      </td>
      <td>
        {row.comments.map((c, i) => (
          <div key={i}>
            <strong>{c.member}</strong>: {c.text}
          </div>
        ))}
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) void props.onComment(text).then(() => setText(''));
          }}
        >
          <input aria-label={`Comment on row ${row.idx}`} value={text} onChange={(e) => setText(e.target.value)} placeholder="Comment" />
        </form>
      </td>
      <td>{row.result ? `${row.result.result}${row.result.detail ? `: ${row.result.detail}` : ''}` : ''}</td>
      <td className="actions">
        <button type="button" aria-pressed={mine === 'approve'} disabled={busy} onClick={() => void props.onDecide(row.idx, 'approve')}>
          Approve
        </button>
        <button type="button" aria-pressed={mine === 'reject'} disabled={busy} onClick={() => void props.onDecide(row.idx, 'reject')}>
          Reject
        </button>
      </td>
    </tr>
  );
}
