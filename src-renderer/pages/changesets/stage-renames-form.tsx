import { useEffect, useState, type FormEvent } from 'react';
import { call } from '../../bridge/client';
import { TABLE_FILES, tablePayload } from '../../bridge/file-payload';
import { useChangeSets } from '../../stores/changesets-store';
import { useConnections } from '../../stores/connections-store';

/**
 * Stage a rename batch from a CSV (current_external_id,new_external_id) or a pattern
 * such as legacy-{n} → usr_{n}. Every row is checked before anything is sent.
 */
export function StageRenamesForm() {
  const { list, load } = useConnections();
  const { load: reload, select } = useChangeSets();
  const [connection, setConnection] = useState('');
  const [file, setFile] = useState<File>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [windowDays, setWindowDays] = useState(30);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void load();
  }, [load]);
  const targets = (list ?? []).filter((c) => c.kind === 'braze');
  const chosen = connection || targets[0]?.name || '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const cs = file
        ? await call('changesets.stageRenames', { connection: chosen, ...(await tablePayload(file)), fileName: file.name, windowDays })
        : await call('changesets.stageRenames', { connection: chosen, from, to, windowDays });
      await reload();
      await select(cs.id);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (targets.length === 0) return <p className="hint">Rename batches go to a Braze-style connection: add one on the Connections page and pull it first.</p>;
  return (
    <form className="card form wide" onSubmit={submit} aria-label="Stage rename batch">
      <h2>Stage a rename batch</h2>
      <label>
        Connection
        <select value={chosen} onChange={(e) => setConnection(e.target.value)}>
          {targets.map((c) => (
            <option key={c.id} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        CSV file or .xlsx (current_external_id,new_external_id)
        <input type="file" accept={TABLE_FILES} onChange={(e) => setFile(e.target.files?.[0])} />
      </label>
      <div className="row">
        <label>
          …or rename by pattern from
          <input value={from} onChange={(e) => setFrom(e.target.value)} placeholder="legacy-{n}" disabled={Boolean(file)} />
        </label>
        <label>
          to
          <input value={to} onChange={(e) => setTo(e.target.value)} placeholder="usr_{n}" disabled={Boolean(file)} />
        </label>
      </div>
      <label>
        Migration window (days the old ids keep working)
        <input type="number" min={0} max={3650} value={windowDays} onChange={(e) => setWindowDays(Number(e.target.value))} />
      </label>
      {error && (
        <div className="error-banner" role="alert">
          {error}
        </div>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy || (!file && !(from && to))}>
          Check and stage
        </button>
      </div>
    </form>
  );
}
