import { useState } from 'react';
import type { Connection } from '../../../src-shared/model/connection';

/** One connection with its actions. Removing asks first: it drops the pulled records too. */
export function ConnectionRow(props: { connection: Connection; onEdit: () => void; onRemove: () => Promise<void> }) {
  const { connection: c } = props;
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <tr>
      <td>{c.name}</td>
      <td>{c.kind}</td>
      <td className="mono">{c.baseUrl}</td>
      <td>{c.tokenEnv ? <code>${c.tokenEnv}</code> : 'keychain'}</td>
      <td className="actions">
        {confirming ? (
          <>
            <span>Remove {c.name} and its pulled records?</span>
            <button
              type="button"
              className="danger"
              onClick={() => props.onRemove().catch((e: Error) => setError(e.message))}
            >
              Remove
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <>
            <button type="button" onClick={props.onEdit}>
              Edit
            </button>
            <button type="button" onClick={() => setConfirming(true)}>
              Remove…
            </button>
          </>
        )}
        {error && <span className="error-text">{error}</span>}
      </td>
    </tr>
  );
}
