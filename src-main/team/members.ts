import { badInput } from '../../src-shared/errors';
import { openTeamServerStore } from '../store/team-server/open-team-server-store';
import { hashMemberToken, newMemberToken } from './member-token';

const MEMBER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** `rekey team invite`: a new token for NAME, returned once; the server keeps its hash. */
export function inviteMember(dataDir: string, name: string): { member: string; token: string } {
  if (!MEMBER_NAME.test(name)) throw badInput('bad_member_name', `NAME: "${name}" is not a member name (letters, digits, . _ -, at most 64)`);
  const store = openTeamServerStore(dataDir);
  try {
    const token = newMemberToken();
    store.members.invite(name, hashMemberToken(token), new Date().toISOString());
    return { member: name, token };
  } finally {
    store.close();
  }
}

/** `rekey team revoke`: the member's token stops working; open connections are closed within seconds. */
export function revokeMember(dataDir: string, name: string): { member: string; revoked: boolean } {
  const store = openTeamServerStore(dataDir);
  try {
    const known = store.members.list().some((m) => m.name === name);
    if (!known) throw badInput('unknown_member', `NAME: no member "${name}" on this team server`);
    return { member: name, revoked: store.members.revoke(name, new Date().toISOString()) };
  } finally {
    store.close();
  }
}
