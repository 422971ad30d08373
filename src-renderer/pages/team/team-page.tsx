import { useEffect, useState } from 'react';
import type { TeamPageState } from '../../../src-shared/team/team-status';
import { call } from '../../bridge/client';
import { Cli, ErrorBanner, Page } from '../../components/page';
import { useChangeSets } from '../../stores/changesets-store';
import { useTeam } from '../../stores/team-store';
import { JoinTeamForm } from './join-team-form';
import { SharedChangeSet } from './shared-change-set';

type Joined = Extract<TeamPageState, { joined: true }>;

const when = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : 'never');

/** Team review: members and who is looking at what, shared change sets, conflicts, who is pushing. */
export function TeamPage() {
  const { state, error, load, openKey } = useTeam();
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <Page title="Team" lede="Review change sets together: everyone's decisions and comments, live, and offline until you reconnect.">
      <ErrorBanner message={error} />
      {!state ? null : !state.joined ? <JoinTeamForm /> : <JoinedTeam team={state} />}
      {state?.joined && openKey && <SharedChangeSet />}
    </Page>
  );
}

function JoinedTeam({ team }: { team: Joined }) {
  const { act, busy, select, openKey } = useTeam();
  const changeSets = useChangeSets();
  const [share, setShare] = useState('');
  useEffect(() => {
    void changeSets.load();
  }, [changeSets.load]);
  const shareable = (changeSets.list ?? []).filter((cs) => (cs.state === 'draft' || cs.state === 'in_review') && !team.changeSets.some((s) => s.localId === cs.id));
  const online = new Map(team.live.presence.map((p) => [p.member, p]));
  const lease = (key: string) => team.live.leases.find((l) => l.changeSet === key);
  return (
    <>
      <section className="card" aria-label="Team server">
        <div className="row spread">
          <div>
            <strong>{team.member}</strong> on <span className="mono">{team.server}</span>{' '}
            <span className={`badge ${team.live.connected ? 'ok-text' : 'error-text'}`}>{team.live.connected ? 'connected' : 'offline'}</span>
          </div>
          <button type="button" disabled={busy} onClick={() => void act(() => call('team.leave', {}))}>
            Leave team
          </button>
        </div>
        <p className="hint">
          Last sync {when(team.lastSyncAt)} · {team.pendingUpdates} change{team.pendingUpdates === 1 ? '' : 's'} made here not sent yet ·
          shared state <span className="mono" title={team.stateHash}>{team.stateHash.slice(0, 12)}</span>
          {team.live.problem ? <span className="error-text"> · {team.live.problem}</span> : null}
        </p>
        <PolicyForm team={team} />
      </section>

      <section className="card" aria-label="Members">
        <h2>Members</h2>
        <ul className="checks">
          {(team.live.members.length ? team.live.members : [{ name: team.member, revoked: false }]).map((m) => {
            const p = online.get(m.name);
            const looking = p?.changeSet ? team.changeSets.find((c) => c.key === p.changeSet) : undefined;
            return (
              <li key={m.name} data-member={m.name}>
                <span className={p ? 'ok-text' : 'hint'}>{p ? '●' : '○'}</span> {m.name}
                {m.revoked ? ' (revoked)' : ''} {p ? (looking ? `— looking at “${looking.title}”` : '— online') : '— offline'}
              </li>
            );
          })}
        </ul>
      </section>

      <section className="card" aria-label="Shared change sets">
        <h2>Shared change sets</h2>
        {shareable.length > 0 && (
          <div className="actions">
            <select aria-label="Change set to share" value={share} onChange={(e) => setShare(e.target.value)}>
              <option value="">Share a change set of this workspace…</option>
              {shareable.map((cs) => (
                <option key={cs.id} value={cs.id}>
                  #{cs.id} {cs.title} ({cs.rowCounts.total} rows)
                </option>
              ))}
            </select>
            <button type="button" disabled={!share || busy} onClick={() => void act(() => call('team.share', { id: Number(share) })).then(() => setShare(''))}>
              Share for review
            </button>
          </div>
        )}
        {team.changeSets.length === 0 ? (
          <p className="hint">Nothing shared yet. Share a change set in review, or from the command line:</p>
        ) : (
          <table className="table" aria-label="Shared change sets">
            <thead>
              <tr>
                <th>Change set</th>
                <th>By</th>
                <th className="num">Rows</th>
                <th>Review</th>
                <th>Now</th>
              </tr>
            </thead>
            <tbody>
              {team.changeSets.map((cs) => {
                const l = lease(cs.key);
                const viewers = team.live.presence.filter((p) => p.changeSet === cs.key && p.member !== team.member).map((p) => p.member);
                return (
                  <tr key={cs.key} aria-selected={openKey === cs.key} data-key={cs.key}>
                    <td>
                      <a href="#/team" onClick={(e) => (e.preventDefault(), void select(cs.key))}>
                        {cs.title}
                      </a>
                    </td>
                    <td>{cs.author}</td>
                    <td className="num">{cs.rows}</td>
                    <td>
                      {cs.counts.approved} approved, {cs.counts.rejected} rejected, {cs.counts.pending} pending
                      {cs.counts.conflict ? <span className="error-text">, {cs.counts.conflict} in conflict</span> : null}
                      {cs.results ? `, ${cs.results} pushed` : ''}
                    </td>
                    <td>
                      {l ? (
                        <span className="lease">being pushed by {l.member} since {when(l.since)}</span>
                      ) : cs.approvable ? (
                        <span className="ok-text">ready to push</span>
                      ) : (
                        <span className="hint">{cs.blockers[0]}</span>
                      )}
                      {viewers.length ? <span className="hint"> · {viewers.join(', ')} looking</span> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <Cli>rekey team share ID · rekey team review KEY --row N --approve · rekey team sync</Cli>
      </section>

      {team.conflicts.length > 0 && (
        <section className="card" aria-label="Conflicts">
          <h2>Conflicts</h2>
          <ul>
            {team.conflicts.map((c) => (
              <li key={`${c.changeSet}:${c.idx}`}>
                {team.changeSets.find((s) => s.key === c.changeSet)?.title ?? c.changeSet}, row {c.idx}: approved by {c.approvedBy.join(', ')}, rejected by{' '}
                {c.rejectedBy.join(', ')}. It blocks approval until one of them changes their decision.
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function PolicyForm({ team }: { team: Joined }) {
  const { act, busy } = useTeam();
  const [approvals, setApprovals] = useState(team.policy.approvals);
  const [authorMayApprove, setAuthorMayApprove] = useState(team.policy.authorMayApprove);
  return (
    <div className="actions" aria-label="Approval policy">
      <label>
        Approvals per row{' '}
        <input type="number" min={1} max={20} value={approvals} onChange={(e) => setApprovals(Number(e.target.value))} style={{ width: 60 }} />
      </label>
      <label>
        <input type="checkbox" checked={authorMayApprove} onChange={(e) => setAuthorMayApprove(e.target.checked)} /> the author may approve
      </label>
      <button
        type="button"
        disabled={busy || (approvals === team.policy.approvals && authorMayApprove === team.policy.authorMayApprove)}
        onClick={() => void act(() => call('team.policy', { approvals, authorMayApprove }))}
      >
        Set policy
      </button>
    </div>
  );
}
