import type { PullProgress } from '../../../src-shared/contract/events';

/** A live pull: pages, rows, retries, rate-limit waits and ETA (SPEC §7.1). */
export function PullProgressBar({ progress }: { progress: PullProgress | undefined }) {
  if (!progress) return <div className="progress-label">Starting…</div>;
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
        {progress.resource}
        {progress.incremental ? ' (changes only)' : ''}: {progress.rows.toLocaleString()}
        {progress.total ? ` of ${progress.total.toLocaleString()}` : ''} rows · {progress.pages} pages · {progress.retries} retries
        {progress.rateLimitedMs ? ` · ${(progress.rateLimitedMs / 1000).toFixed(1)} s rate-limited` : ''}
        {progress.etaMs !== undefined ? ` · about ${Math.ceil(progress.etaMs / 1000)} s left` : ''}
      </div>
      {progress.warning && (
        <div className="warning-text" role="note">
          {progress.warning}
        </div>
      )}
    </div>
  );
}
