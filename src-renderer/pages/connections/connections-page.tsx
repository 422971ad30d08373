import { useEffect, useState } from 'react';
import type { Connection } from '../../../src-shared/model/connection';

import { EmptyState } from '../../components/empty-state';
import { Cli, ErrorBanner, Page } from '../../components/page';
import { useConnections } from '../../stores/connections-store';
import { useWorkspace } from '../../stores/workspace-store';
import { ConnectionForm, type ConnectionFormValue } from './connection-form';
import { ConnectionRow } from './connection-row';

type Editing = { mode: 'add' } | { mode: 'edit'; connection: Connection } | undefined;

/** The remote systems of this workspace: add, edit, remove, test and pull them. */
export function ConnectionsPage() {
  const { list, error, load, add, update, remove, pullAll, pullingAll, pulling } = useConnections();
  const anyPulling = pullingAll || Object.values(pulling).some(Boolean) || (list ?? []).some((c) => c.pulling !== undefined);
  const canKeepTokens = useWorkspace((s) => s.data?.mode === 'electron');
  const [editing, setEditing] = useState<Editing>();
  useEffect(() => {
    void load();
  }, [load]);

  const submit = async (value: ConnectionFormValue) => {
    if (editing?.mode === 'edit') {
      const { name, baseUrl, tokenEnv, token } = value;
      await update({ name: editing.connection.name, newName: name !== editing.connection.name ? name : undefined, baseUrl, tokenEnv, token });
    } else {
      await add(value);
    }
    setEditing(undefined);
  };

  return (
    <Page
      title="Connections"
      lede="The remote systems this workspace talks to: Productboard, Productboard SCIM, UserVoice and Braze-style APIs. Tokens stay in your keychain or environment, never in the workspace file."
      actions={
        !editing && (
          <div className="row">
            {list && list.length > 0 && (
              <button
                type="button"
                onClick={() => void pullAll()}
                disabled={anyPulling}
                title="Pulls every connection; Braze-style ones last, since they look up the ids the others list"
              >
                {anyPulling ? 'Pulling…' : 'Pull all'}
              </button>
            )}
            <button type="button" className="primary" onClick={() => setEditing({ mode: 'add' })}>
              Add connection
            </button>
          </div>
        )
      }
    >
      <ErrorBanner message={error} />
      {editing && (
        <ConnectionForm
          key={editing.mode === 'edit' ? editing.connection.id : 'new'}
          initial={editing.mode === 'edit' ? editing.connection : undefined}
          canKeepTokens={canKeepTokens}
          onSubmit={submit}
          onCancel={() => setEditing(undefined)}
        />
      )}
      {list && list.length === 0 && !editing && (
        <EmptyState title="No connections yet">
          <p>Add the first system whose users you want to see, then pull it. Use “Add connection”, or from a terminal:</p>
          <Cli>rekey connections add NAME --kind productboard --url URL --token-env VAR</Cli>
        </EmptyState>
      )}
      {list && list.length > 0 && (
        <table className="table connections-table" aria-label="Connections">
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>Base URL</th>
              <th>Token from</th>
              <th className="num">Records</th>
              <th>Last pull</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <ConnectionRow
                key={c.id}
                connection={c}
                onEdit={() => setEditing({ mode: 'edit', connection: c })}
                onRemove={() => remove(c.name)}
              />
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
