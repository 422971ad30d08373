import { useState, type FormEvent } from 'react';
import { call } from '../../bridge/client';
import { Cli } from '../../components/page';
import { useTeam } from '../../stores/team-store';
import { useWorkspace } from '../../stores/workspace-store';

/** Join a team server: its address, the member name the operator invited, and where the token is. */
export function JoinTeamForm() {
  const { act, busy } = useTeam();
  const [url, setUrl] = useState('ws://127.0.0.1:4477');
  const [member, setMember] = useState('');
  const [tokenEnv, setTokenEnv] = useState('REKEY_TEAM_TOKEN');
  const [token, setToken] = useState('');
  // The desktop app keeps a typed token in the OS keychain; browser mode reads a variable.
  const desktop = useWorkspace((s) => s.data?.mode === 'electron');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void act(() => call('team.join', desktop ? { url, member, token } : { url, member, tokenEnv }));
  };
  return (
    <form className="card form" onSubmit={submit} aria-label="Join a team">
      <h2>Join a team</h2>
      <p className="hint">
        The team server is run by one person with <code>rekey team serve</code>; they invite you with <code>rekey team invite NAME</code> and
        send you a member token. It is never stored in the workspace.
      </p>
      <label>
        Team server
        <input value={url} onChange={(e) => setUrl(e.target.value)} required />
      </label>
      <label>
        Your member name
        <input value={member} onChange={(e) => setMember(e.target.value)} required />
      </label>
      {desktop ? (
        <label>
          Your member token (kept in the system keychain)
          <input type="password" value={token} onChange={(e) => setToken(e.target.value)} required autoComplete="off" />
        </label>
      ) : (
        <label>
          Environment variable holding your token
          <input value={tokenEnv} onChange={(e) => setTokenEnv(e.target.value)} required />
        </label>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          Join
        </button>
      </div>
      <Cli>rekey team join ws://HOST:PORT --member NAME --token-env REKEY_TEAM_TOKEN</Cli>
    </form>
  );
}
