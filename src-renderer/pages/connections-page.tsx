import { useEffect } from 'react';
import { EmptyState } from '../components/empty-state';
import { Cli, ErrorBanner, Page } from '../components/page';
import { useConnections } from '../stores/connections-store';

/** The remote systems of this workspace. */
export function ConnectionsPage() {
  const { data, error, load } = useConnections();
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Page
      title="Connections"
      lede="The remote systems this workspace talks to: Productboard, Productboard SCIM, UserVoice and Braze-style APIs. Tokens stay in your keychain or environment, never in the workspace file."
    >
      <ErrorBanner message={error} />
      {data && data.length === 0 && (
        <EmptyState title="No connections yet">
          <p>Add the first system whose users you want to see, then pull it. From a terminal:</p>
          <Cli>rekey connections add NAME --kind productboard --url URL --token-env VAR</Cli>
        </EmptyState>
      )}
      {data && data.length > 0 && (
        <table className="table" aria-label="Connections">
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>Base URL</th>
              <th>Token from</th>
            </tr>
          </thead>
          <tbody>
            {data.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>{c.kind}</td>
                <td>{c.baseUrl}</td>
                <td>{c.tokenEnv ? `$${c.tokenEnv}` : 'keychain'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
