import { useState } from 'react';
import type { ChangeSet } from '../../../src-shared/model/change-set';
import { call } from '../../bridge/client';
import { useChangeSets } from '../../stores/changesets-store';
import { download } from '../preview/download';

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
      <button type="button" onClick={() => call('review.exportBundle', { id: changeSet.id }).then((b) => download(b.fileName, b.json, 'application/json'))}>
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
              const r = await call('review.importBundle', { json: await file.text(), fileName: file.name });
              setMessage({ ok: true, text: `${r.applied} decisions recorded from ${file.name}` });
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
