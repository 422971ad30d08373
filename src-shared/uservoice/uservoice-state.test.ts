import { describe, expect, it } from 'vitest';
import { emptyUvState, importAccount, importExternalUser, reattach, usersOfAccount } from './uservoice-state';

describe('UserVoice rules (SPEC §5, seed 002)', () => {
  it('attaches an imported external user to the user with the same email, creating the user if none exists', () => {
    const s = emptyUvState();
    expect(importExternalUser(s, { id: 'x1', email: 'Ann@x.io' })).toMatchObject({ ok: true, action: 'created_user', userId: 1 });
    expect(importExternalUser(s, { id: 'x2', email: 'ann@X.io' })).toMatchObject({ ok: true, action: 'attached_existing', userId: 1 });
    expect(s.users.size).toBe(1); // several external users on one UserVoice user
  });

  it('uses the email as the id when the source has none', () => {
    const s = emptyUvState();
    expect(importExternalUser(s, { email: 'bo@x.io' })).toMatchObject({ ok: true, externalUserId: 'bo@x.io' });
    expect(importExternalUser(s, {})).toMatchObject({ ok: false, code: 'missing_identity' });
  });

  it('keeps the attachment when the email changes later (sticky), until re-attached explicitly', () => {
    const s = emptyUvState();
    importExternalUser(s, { id: 'x1', email: 'old@x.io' });
    importExternalUser(s, { id: 'other', email: 'new@x.io' });
    expect(importExternalUser(s, { id: 'x1', email: 'new@x.io' })).toMatchObject({ ok: true, action: 'kept_attachment', userId: 1 });
    expect(s.externalUsers.get('x1')).toMatchObject({ email: 'new@x.io', userId: 1 });
    expect(reattach(s, 'x1', 2)).toEqual({ ok: true, from: 1 });
    expect(s.externalUsers.get('x1')!.userId).toBe(2);
    expect(reattach(s, 'x1', 99)).toMatchObject({ ok: false, code: 'user_not_found' });
  });

  it('relates accounts to users many-to-many; an embedded account with no id belongs to its external user alone', () => {
    const s = emptyUvState();
    importAccount(s, { id: 'acme', name: 'Acme', mrr: 100 });
    importExternalUser(s, { id: 'a', email: 'a@x.io', account: { id: 'acme' } });
    importExternalUser(s, { id: 'b', email: 'b@x.io', account: { id: 'acme', ltv: 9 } });
    importExternalUser(s, { id: 'c', email: 'c@x.io', account: { name: 'Solo Ltd' } });
    expect(usersOfAccount(s, 'acme').sort()).toEqual([1, 2]);
    expect(s.accounts.get('acme')).toMatchObject({ name: 'Acme', mrr: 100, ltv: 9 });
    expect(s.accounts.get('c#account')).toMatchObject({ name: 'Solo Ltd', ownerExternalUserId: 'c' });
  });

  it('refuses an invalid email', () => {
    expect(importExternalUser(emptyUvState(), { id: 'x', email: 'not-an-email' })).toMatchObject({ ok: false, code: 'invalid_email' });
  });
});
