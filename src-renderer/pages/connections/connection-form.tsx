import { useState, type FormEvent } from 'react';
import { CONNECTION_KINDS, type Connection, type ConnectionKind } from '../../../src-shared/model/connection';

const KIND_LABELS: Record<ConnectionKind, string> = {
  productboard: 'Productboard (REST API)',
  'productboard-scim': 'Productboard SCIM 2.0',
  uservoice: 'UserVoice (admin API v2)',
  braze: 'Braze-style engagement API',
};

export interface ConnectionFormValue {
  name: string;
  kind: ConnectionKind;
  baseUrl: string;
  tokenEnv?: string;
  token?: string;
}

/**
 * Add or edit a connection. Where the app cannot keep a typed token safely (browser
 * mode), it asks for the environment variable that holds it instead (SPEC §8).
 */
export function ConnectionForm(props: {
  initial?: Connection;
  canKeepTokens: boolean;
  onSubmit: (value: ConnectionFormValue) => Promise<void>;
  onCancel: () => void;
}) {
  const { initial } = props;
  const [name, setName] = useState(initial?.name ?? '');
  const [kind, setKind] = useState<ConnectionKind>(initial?.kind ?? 'productboard');
  const [baseUrl, setBaseUrl] = useState(initial?.baseUrl ?? '');
  const [tokenEnv, setTokenEnv] = useState(initial?.tokenEnv ?? '');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await props.onSubmit({
        name: name.trim(),
        kind,
        baseUrl: baseUrl.trim(),
        ...(tokenEnv.trim() ? { tokenEnv: tokenEnv.trim() } : {}),
        ...(token ? { token } : {}),
      });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form" onSubmit={submit} aria-label={initial ? `Edit ${initial.name}` : 'Add connection'}>
      <h2>{initial ? `Edit ${initial.name}` : 'Add a connection'}</h2>
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="productboard-prod" required />
      </label>
      <label>
        Kind
        <select value={kind} onChange={(e) => setKind(e.target.value as ConnectionKind)} disabled={Boolean(initial)}>
          {CONNECTION_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Base URL
        <input value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder="https://api.productboard.com" required />
      </label>
      <label>
        Token environment variable
        <input value={tokenEnv} onChange={(e) => setTokenEnv(e.target.value)} placeholder="PRODUCTBOARD_TOKEN" />
        <span className="hint">
          The app reads the token from this variable when it talks to the system; the token itself is never stored in
          the workspace.
        </span>
      </label>
      {props.canKeepTokens && (
        <label>
          …or the token itself (kept in the OS keychain)
          <input type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" />
        </label>
      )}
      {error && (
        <div className="error-banner" role="alert">
          {error}
        </div>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {initial ? 'Save' : 'Add connection'}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
