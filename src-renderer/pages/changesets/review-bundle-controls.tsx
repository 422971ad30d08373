import { useState } from 'react';
import type { ChangeSet } from '../../../src-shared/model/change-set';
import { call, saveFile, sendFile } from '../../bridge/client';
import { useChangeSets } from '../../stores/changesets-store';

/**
 * Review without a shared server (issue 8): export the change set as a hash-locked
 * bundle, send it to a reviewer, import their decisions back. A bundle whose rows or
 * plan changed is refused, naming what changed.
 */
export function ReviewBundleControls({ changeSet }: { changeSet: ChangeSet }) {
  const { load } = useChangeSets();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  if (changeSet.state !== 'in_review') return null;
  return (
    <div className="row">
      {/* Main writes the bundle and reads the reviewed one: a change set of 250,000 rows makes a bundle of tens of MB. */}
      <button type="button" onClick={() => call('review.downloadBundle', { id: changeSet.id }).then(saveFile).catch((err: Error) => setMessage({ ok: false, text: err.message }))}>
        Export review bundle
      </button>
      <label className="file-button">
        Import reviewed bundle
        <input
          type="file"
          aria-label="Reviewed bundle"
          accept=".json,application/json"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            try {
              const r = await call('review.importBundle', { upload: await sendFile(file), fileName: file.name });
              setMessage({ ok: true, text: `${r.applied} decision${r.applied === 1 ? '' : 's'} recorded from ${file.name}` });
              await load();
            } catch (err) {
              setMessage({ ok: false, text: (err as Error).message });
            }
          }}
        />
      </label>
      {message && <span className={message.ok ? 'ok-text' : 'error-text'} role="status">{message.text}</span>}
    </div>
  );
}
