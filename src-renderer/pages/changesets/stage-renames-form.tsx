import { useEffect, useState, type FormEvent } from 'react';
import { call, sendFile } from '../../bridge/client';
import { TABLE_FILES } from '../../bridge/file-payload';
import { useChangeSets } from '../../stores/changesets-store';
import { useConnections } from '../../stores/connections-store';

/**
 * Stage a rename from a CSV (current_external_id,new_external_id) or a pattern such as
 * legacy-{n} → usr_{n}, for one connection or several at once: several make one linked
 * batch, a change set per connection, each planned by what its system does. Every row is
 * checked before anything is sent.
 */
export function StageRenamesForm() {
  const { list, load } = useConnections();
  const { load: reload, select } = useChangeSets();
  const [chosen, setChosen] = useState<string[]>();
  const [file, setFile] = useState<File>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [windowDays, setWindowDays] = useState(30);
  const [scimUserName, setScimUserName] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void load();
  }, [load]);
  const targets = list ?? [];
  // Until the person chooses, the Braze-style connections are ticked (renames went only there before).
  const selected = chosen ?? targets.filter((c) => c.kind === 'braze').map((c) => c.name);
  const toggle = (name: string) => setChosen(selected.includes(name) ? selected.filter((n) => n !== name) : [...selected, name]);
  const kinds = new Set(targets.filter((c) => selected.includes(c.name)).map((c) => c.kind));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const common = { connections: selected, windowDays, scimUserName };
      const made = file
        ? await call('changesets.stageRenameBatch', { ...common, upload: await sendFile(file), fileName: file.name })
        : await call('changesets.stageRenameBatch', { ...common, from, to });
      await reload();
      await select(made.changeSets[0]!.id);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (targets.length === 0) return <p className="hint">Renames go to the connections that hold the people: add them on the Connections page and pull them first.</p>;
  return (
    <form className="card form wide" onSubmit={submit} aria-label="Stage rename batch">
      <h2>Stage a rename batch</h2>
      <fieldset>
        <legend>Connections (several make one batch, a change set each)</legend>
        <div className="row">
          {targets.map((c) => (
            <label key={c.id} className="check">
              <input type="checkbox" checked={selected.includes(c.name)} onChange={() => toggle(c.name)} /> {c.name} <span className="hint">({c.kind})</span>
            </label>
          ))}
        </div>
      </fieldset>
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
      {kinds.has('braze') && (
        <label>
          Migration window on Braze-style connections (days the old ids keep working)
          <input type="number" min={0} max={3650} value={windowDays} onChange={(e) => setWindowDays(Number(e.target.value))} />
        </label>
      )}
      {kinds.has('productboard-scim') && (
        <label className="check">
          <input type="checkbox" checked={scimUserName} onChange={(e) => setScimUserName(e.target.checked)} /> SCIM: where a user&apos;s userName is its old external id, rename the
          userName too
        </label>
      )}
      {error && (
        <div className="error-banner" role="alert">
          {error}
        </div>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy || selected.length === 0 || (!file && !(from && to))}>
          Check and stage
        </button>
      </div>
    </form>
  );
}
