import type { PullProgress } from '../../../src-shared/contract/events';

const n = (v: number) => v.toLocaleString();

/**
 * A live pull as a whole (SPEC §7.1): one bar over every list, the total and the ETA,
 * then each list's rows and pages — lists page side by side, so no one list stands for
 * the pull.
 */
export function PullProgressBar({ name, progress, queued }: { name: string; progress: PullProgress | undefined; queued?: boolean }) {
  if (!progress) {
    return (
      <div className="progress-label" role="status" aria-label={`Pulling ${name}`}>
        {queued ? 'Waiting: pulled after the connections that can list their users, whose ids it looks up' : 'Starting…'}
      </div>
    );
  }
  const share = progress.total ? Math.min(1, progress.rows / progress.total) : undefined;
  return (
    <div className="pull-progress">
      <div
        className="progress"
        role="progressbar"
        aria-label={`Pulling ${progress.connection}`}
        aria-valuemin={0}
        aria-valuemax={progress.total ?? undefined}
        aria-valuenow={progress.rows}
      >
        <div className={share === undefined ? 'progress-fill indeterminate' : 'progress-fill'} style={{ width: `${Math.round((share ?? 0.3) * 100)}%` }} />
      </div>
      <div className="progress-label">
        {progress.incremental ? 'Changes only: ' : ''}
        {n(progress.rows)}
        {progress.total ? ` of ${n(progress.total)}` : ''} rows · {progress.pages} pages · {progress.retries} retries
        {progress.rateLimitedMs ? ` · ${(progress.rateLimitedMs / 1000).toFixed(1)} s waiting for rate limits` : ''}
        {progress.done ? ' · finishing' : progress.etaMs !== undefined ? ` · about ${Math.ceil(progress.etaMs / 1000)} s left` : ''}
      </div>
      <ul className="pull-lists" aria-label={`Lists of ${progress.connection}`}>
        {progress.lists.map((l) => (
          <li key={l.resource}>
            {l.resource}: {n(l.rows)}
            {l.total !== undefined && !l.done ? ` of ${n(l.total)}` : ''} rows · {l.pages} pages{l.done ? ' · done' : ''}
          </li>
        ))}
      </ul>
      {progress.warning && (
        <div className="warning-text" role="note">
          {progress.warning}
        </div>
      )}
    </div>
  );
}
