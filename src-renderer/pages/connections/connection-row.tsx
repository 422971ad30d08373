import { useState } from 'react';
import type { ConnectionSummary } from '../../../src-shared/model/connection';
import { pullModeWords } from '../../../src-shared/model/pull-mode-words';
import { useConnections } from '../../stores/connections-store';
import { PullProgressBar } from './pull-progress-bar';

/** Kinds with a list that can be read incrementally (SCIM users, Productboard notes): a full pull is worth offering. */
const INCREMENTAL_KINDS = new Set(['productboard', 'productboard-scim']);

const when = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '—');

/** One connection: its last pull, live progress, test results, and its actions. */
export function ConnectionRow(props: { connection: ConnectionSummary; onEdit: () => void; onRemove: () => Promise<void> }) {
  const { connection: c } = props;
  const { test, pull, pulling, progress, results } = useConnections();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  // Its own pull, or one started elsewhere: "Pull all", another window, the demo's first start.
  const busy = pulling[c.name] === true || c.pulling !== undefined;
  const result = results[c.name];
  return (
    <>
      <tr>
        <td>{c.name}</td>
        <td>{c.kind}</td>
        <td className="mono url">{c.baseUrl}</td>
        <td>{c.tokenEnv ? <code>${c.tokenEnv}</code> : 'keychain'}</td>
        <td className="num">{c.records.toLocaleString()}</td>
        <td>
          {busy ? (
            c.pulling === 'queued' ? 'waiting to pull' : 'pulling now'
          ) : c.lastPull ? (
            <span title={c.lastPull.error ?? undefined} className={c.lastPull.status === 'failed' ? 'error-text' : undefined}>
              {c.lastPull.status === 'done' ? `${when(c.lastPull.finishedAt)}${c.lastPull.incremental ? ' (changes only)' : ''}` : c.lastPull.status === 'failed' ? 'failed — pull again to resume' : 'interrupted — pull again to resume'}
            </span>
          ) : (
            'never'
          )}
        </td>
        <td>
          <div className="actions connection-actions">
          {confirming ? (
            <>
              <span>Remove {c.name} and its pulled records?</span>
              <button type="button" className="danger" onClick={() => props.onRemove().catch((e: Error) => setError(e.message))}>
                Remove
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <>
              <button type="button" onClick={() => void test(c.name)} disabled={busy}>
                Test
              </button>
              <button type="button" className="primary" onClick={() => void pull(c.name)} disabled={busy}>
                {busy ? 'Pulling…' : 'Pull'}
              </button>
              {INCREMENTAL_KINDS.has(c.kind) && c.lastPull && (
                <button
                  type="button"
                  onClick={() => void pull(c.name, { full: true })}
                  disabled={busy}
                  title="Pull reads only what changed since the last pull where the system allows it; a full pull reads every user and also finds users deleted on the remote"
                >
                  Full pull
                </button>
              )}
              <button type="button" onClick={props.onEdit} disabled={busy}>
                Edit
              </button>
              <button type="button" onClick={() => setConfirming(true)} disabled={busy}>
                Remove…
              </button>
            </>
          )}
          </div>
          {error && <span className="error-text">{error}</span>}
        </td>
      </tr>
      {(busy || result) && (
        <tr className="detail-row">
          <td colSpan={7}>
            {busy && <PullProgressBar name={c.name} progress={progress[c.name]} queued={c.pulling === 'queued'} />}
            {result?.error && (
              <div className="error-banner" role="alert">
                {result.error}
              </div>
            )}
            {result?.pull && (
              <div role="status" aria-label={`Pull of ${c.name}`}>
                Pulled {result.pull.pulled.toLocaleString()} records in {result.pull.pages} pages · {result.pull.requests} requests · {result.pull.retries} retries ·{' '}
                {(result.pull.rateLimitedMs / 1000).toFixed(1)} s waiting for rate limits{result.pull.vanished ? ` · ${result.pull.vanished} gone from the remote` : ''}
                {result.pull.resumed ? ' · resumed an interrupted pull' : ''}
                <div>{pullModeWords(result.pull, 'Full pull')}</div>
                {result.pull.warnings.map((w) => (
                  <div key={w} className="warning-text" role="note">
                    {w}
                  </div>
                ))}
              </div>
            )}
            {result?.test && (
              <ul className="checks" aria-label={`Test of ${c.name}`}>
                {result.test.checks.map((check) => (
                  <li key={check.check} className={check.ok ? 'ok' : 'fail'}>
                    {check.ok ? '✓' : '✗'} {check.detail}
                  </li>
                ))}
              </ul>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
