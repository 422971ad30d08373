import { useState } from 'react';
import type { ChangeSet } from '../../../src-shared/model/change-set';
import { call } from '../../bridge/client';
import { useChangeSets } from '../../stores/changesets-store';

/**
 * Push an approved change set with live progress, see exactly what would be sent
 * first (dry run), and stage the rows that did not apply for another try.
 */
export function PushControls({ changeSet }: { changeSet: ChangeSet }) {
  const { push, pushing, pushProgress, pushResult, select, load } = useChangeSets();
  const [requests, setRequests] = useState<{ method: string; path: string; body: unknown }[]>();
  const [error, setError] = useState<string>();
  const id = changeSet.id;
  const busy = pushing[id] === true;
  const progress = pushProgress[id];
  const result = pushResult[id];
  const canPush = changeSet.state === 'approved' || changeSet.state === 'pushing';
  const canRetry = changeSet.state === 'partially_applied' || changeSet.state === 'failed';
  if (!canPush && !canRetry && !result) return null;
  return (
    <div className="push-controls">
      <div className="row">
        {canPush && (
          <>
            <button type="button" onClick={() => call('changesets.dryRun', { id }).then((r) => setRequests(r.requests), (e: Error) => setError(e.message))} disabled={busy}>
              Dry run
            </button>
            <button
              type="button"
              className="primary"
              onClick={() => {
                setRequests(undefined);
                void push(id);
              }}
              disabled={busy}
            >
              {busy ? 'Pushing…' : changeSet.state === 'pushing' ? 'Resume push' : 'Push'}
            </button>
          </>
        )}
        {canRetry && (
          <button
            type="button"
            onClick={() =>
              call('changesets.retry', { id }).then(
                async (next) => {
                  await load();
                  await select(next.id);
                },
                (e: Error) => setError(e.message),
              )
            }
          >
            Retry failed rows
          </button>
        )}
      </div>
      {busy && progress && (
        <div className="pull-progress">
          <div className="progress" role="progressbar" aria-label={`Pushing change set ${id}`} aria-valuemin={0} aria-valuemax={progress.operations} aria-valuenow={progress.settled}>
            <div className="progress-fill" style={{ width: `${Math.round((progress.settled / Math.max(1, progress.operations)) * 100)}%` }} />
          </div>
          <div className="progress-label">
            {progress.settled} of {progress.operations} requests · {progress.applied} rows applied · {progress.failed} failed
          </div>
        </div>
      )}
      {result && (
        <div role="status" aria-label={`Push of change set ${id}`}>
          {result.state}: {result.applied} applied, {result.failed} failed, {result.skipped} skipped · {result.sent} requests sent · {result.retries} retries · {result.reconciled} reconciled
        </div>
      )}
      {requests && (
        <details open>
          <summary>{requests.length} requests would be sent</summary>
          <pre className="requests">{requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body)}`).join('\n')}</pre>
        </details>
      )}
      {error && (
        <div className="error-banner" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
