import { useEffect } from 'react';
import { EmptyState } from '../components/empty-state';
import { Cli, ErrorBanner, Page } from '../components/page';
import { useUsers } from '../stores/users-store';

/** Every record pulled into the workspace, across connections. */
export function UsersPage() {
  const { data, error, load } = useUsers();
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Page title="Users" lede="Every user record pulled from your connections, and the people they belong to.">
      <ErrorBanner message={error} />
      {data && data.length === 0 && (
        <EmptyState title="No users pulled yet">
          <p>Users appear here once a connection has been pulled. Add a connection, then pull it:</p>
          <Cli>rekey pull NAME</Cli>
        </EmptyState>
      )}
      {data && data.length > 0 && (
        <table className="table" aria-label="Users">
          <thead>
            <tr>
              <th>Connection</th>
              <th>Remote id</th>
              <th>Email</th>
              <th>External id</th>
              <th>Deprecated ids</th>
              <th>Name</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {data.map((r) => (
              <tr key={`${r.connection}/${r.remoteId}`}>
                <td>{r.connection}</td>
                <td>{r.remoteId}</td>
                <td>{r.email ?? ''}</td>
                <td>{r.externalId ?? ''}</td>
                <td>{r.deprecatedExternalIds.join(', ')}</td>
                <td>{r.name ?? ''}</td>
                <td>{r.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
