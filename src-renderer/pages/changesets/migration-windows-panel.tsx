import { useEffect, useState } from 'react';
import type { MigrationWindow } from '../../../src-shared/model/migration-window';
import { call } from '../../bridge/client';
import { useChangeSets } from '../../stores/changesets-store';

type OpenWindow = MigrationWindow & { due: boolean };

const day = (iso: string) => iso.slice(0, 10);

/**
 * SPEC §4 migration windows: what is open, what closes when. Closing stages a removal
 * batch — deleting a deprecated id is final, so it goes through review like any change.
 */
export function MigrationWindowsPanel() {
  const [windows, setWindows] = useState<OpenWindow[]>();
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [error, setError] = useState<string>();
  const { load, select, list } = useChangeSets();
  const reload = () =>
    call('windows.list', {})
      .then(setWindows)
      .catch((e: Error) => setError(e.message));
  // A push opens or closes windows: reload whenever the change sets change.
  useEffect(() => {
    void reload();
  }, [list]);

  const close = async () => {
    try {
      const cs = await call('windows.close', { ids: [...chosen] });
      setChosen(new Set());
      await reload();
      await load();
      await select(cs.id);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (!windows) return null;
  return (
    <section className="card" aria-label="Migration windows">
      <div className="row spread">
        <h2>Migration windows</h2>
        <button type="button" disabled={chosen.size === 0} onClick={() => void close()}>
          Close {chosen.size || ''} selected…
        </button>
      </div>
      {error && <div className="error-banner">{error}</div>}
      {windows.length === 0 ? (
        <p className="hint">No open windows. Each applied rename opens one; the old id keeps working until it closes.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th />
              <th>Connection</th>
              <th>Old id (deprecated)</th>
              <th>New id</th>
              <th>User</th>
              <th>Opened</th>
              <th>Closes</th>
              <th>Removal batch</th>
            </tr>
          </thead>
          <tbody>
            {windows.map((w) => (
              <tr key={w.id} className={w.due ? 'differs' : undefined}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select window ${w.oldId}`}
                    disabled={w.closingChangeSetId !== null}
                    checked={chosen.has(w.id)}
                    onChange={(e) => {
                      const next = new Set(chosen);
                      if (e.target.checked) next.add(w.id);
                      else next.delete(w.id);
                      setChosen(next);
                    }}
                  />
                </td>
                <td>{w.connection}</td>
                <td className="mono">{w.oldId}</td>
                <td className="mono">{w.newId}</td>
                <td className="mono">{w.userRef ?? ''}</td>
                <td>{day(w.openedAt)}</td>
                <td>
                  {day(w.closesAt)}
                  {w.due ? ' (due)' : ''}
                </td>
                <td>{w.closingChangeSetId ? `#${w.closingChangeSetId}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
