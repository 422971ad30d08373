import { describe, expect, it } from 'vitest';
import { IdentityIndex } from './identity-index';
import { resolveRows } from './resolve-rows';
import type { IdentityUser, ResolveMode } from './types';

const user = (id: string, email?: string, externalId?: string, companyId?: string, deprecated: string[] = []): IdentityUser => ({
  id,
  ...(email !== undefined ? { email } : {}),
  ...(externalId !== undefined ? { externalId } : {}),
  ...(companyId !== undefined ? { companyId } : {}),
  deprecatedExternalIds: deprecated,
});

const both: ResolveMode[] = ['strict', 'lenient'];

describe('seed scenarios (seeds/000, 003; SPEC §3)', () => {
  for (const mode of both) {
    it(`#1 (${mode}): "matching external IDs are the strongest match and the email mismatch is simply ignored"`, () => {
      // Seed #1: user u has external ID id123 but another email; incoming id123 + email123.
      const { decisions, users } = resolveRows([user('u', 'other@example.com', 'id123')], [{ externalId: 'id123', email: 'email123@example.com' }], mode);
      expect(decisions).toEqual([{ index: 0, action: 'match', userId: 'u', matchedBy: 'external_id' }]);
      expect(users).toEqual([user('u', 'other@example.com', 'id123')]);
    });

    it(`#2 (${mode}): "User u is updated and their external ID is set to id123"`, () => {
      // Seed #2: u has no external ID but email123; incoming id123 + email123 → backfill.
      const { decisions, users } = resolveRows([user('u', 'email123@example.com')], [{ externalId: 'id123', email: 'email123@example.com' }], mode);
      expect(decisions).toEqual([{ index: 0, action: 'backfill', userId: 'u', matchedBy: 'email' }]);
      expect(users[0]).toEqual(user('u', 'email123@example.com', 'id123'));
    });
  }

  it('#3 lenient: "A new User u2 is created having no email address … assigned to the same company as user u"', () => {
    // Seed #3 (read per SPEC: u has email123 and a *different* external ID).
    const { decisions, users } = resolveRows([user('u', 'email123@example.com', 'other-id', 'acme')], [{ externalId: 'id123', email: 'email123@example.com' }], 'lenient');
    expect(decisions[0]).toMatchObject({ action: 'create-detached', reason: 'email_taken_by_other_external_id' });
    const u2 = users.find((x) => x.id === decisions[0]!.userId)!;
    expect(u2).toEqual({ id: u2.id, externalId: 'id123', companyId: 'acme', deprecatedExternalIds: [] });
    expect(u2.email).toBeUndefined();
  });

  it('#3 strict: "Wherever Insights integrations do any conflict resolution … the Notes API simply fails"', () => {
    const before = [user('u', 'email123@example.com', 'other-id', 'acme')];
    const { decisions, users } = resolveRows(before, [{ externalId: 'id123', email: 'email123@example.com' }], 'strict');
    expect(decisions).toEqual([{ index: 0, action: 'fail', reason: 'email_taken_by_other_external_id' }]);
    expect(users).toEqual(before);
  });
});

describe('matching rules M1–M7 (SPEC §3)', () => {
  it('M2 matches a deprecated external id', () => {
    const { decisions } = resolveRows([user('u', undefined, 'usr_1', undefined, ['legacy-1'])], [{ externalId: 'legacy-1' }], 'strict');
    expect(decisions[0]).toEqual({ index: 0, action: 'match', userId: 'u', matchedBy: 'deprecated_external_id' });
  });

  it('M5 matches by email, trimmed and case-insensitively', () => {
    const { decisions } = resolveRows([user('u', 'Ann@Example.com')], [{ email: '  ann@EXAMPLE.com ' }], 'strict');
    expect(decisions[0]).toEqual({ index: 0, action: 'match', userId: 'u', matchedBy: 'email' });
  });

  it('external ids compare case-sensitively', () => {
    const { decisions } = resolveRows([user('u', undefined, 'ABC')], [{ externalId: 'abc' }], 'strict');
    expect(decisions[0]!.action).toBe('create');
  });

  it('M6 creates with what was given, trimmed, case kept; M7 fails with no_identity in both modes', () => {
    for (const mode of both) {
      const { decisions, users } = resolveRows([], [{ externalId: ' X1 ', email: ' Bo@X.io ' }, { email: '   ', externalId: null }, {}], mode);
      expect(decisions.map((d) => d.action)).toEqual(['create', 'fail', 'fail']);
      expect(decisions[1]!.reason).toBe('no_identity');
      expect(users).toEqual([{ id: decisions[0]!.userId, email: 'Bo@X.io', externalId: 'X1', deprecatedExternalIds: [] }]);
    }
  });

  it('rows resolve in order, each seeing what earlier rows created', () => {
    const { decisions } = resolveRows([], [{ email: 'a@x.io' }, { externalId: 'e1', email: 'A@x.io' }, { externalId: 'e1' }], 'strict');
    expect(decisions.map((d) => d.action)).toEqual(['create', 'backfill', 'match']);
    expect(new Set(decisions.map((d) => d.userId)).size).toBe(1);
  });

  it('a strict failure fails that row alone; later rows resolve against the state without it', () => {
    const { decisions } = resolveRows([user('u', 'a@x.io', 'e0')], [{ externalId: 'e9', email: 'a@x.io' }, { externalId: 'e9' }], 'strict');
    expect(decisions.map((d) => d.action)).toEqual(['fail', 'create']);
  });

  it('created ids never collide with existing ones', () => {
    const { decisions } = resolveRows([user('u-1', 'a@x.io'), user('u-2', 'b@x.io')], [{ email: 'c@x.io' }], 'strict');
    expect(['u-1', 'u-2']).not.toContain(decisions[0]!.userId);
  });

  it('M4 carries no company when U has none', () => {
    const { decisions, users } = resolveRows([user('u', 'a@x.io', 'e0')], [{ externalId: 'e1', email: 'a@x.io' }], 'lenient');
    expect(users.find((x) => x.id === decisions[0]!.userId)).toEqual({ id: decisions[0]!.userId, externalId: 'e1', deprecatedExternalIds: [] });
  });
});

describe('strict user updates (Users API)', () => {
  it('fails with email_taken / external_id_taken when another user holds the value', () => {
    const index = new IdentityIndex([user('a', 'a@x.io', 'ea', undefined, ['old-a']), user('b', 'b@x.io', 'eb')]);
    expect(index.updateUser('b', { email: 'A@X.IO' })).toEqual({ ok: false, code: 'email_taken' });
    expect(index.updateUser('b', { externalId: 'ea' })).toEqual({ ok: false, code: 'external_id_taken' });
    expect(index.updateUser('b', { externalId: 'old-a' })).toEqual({ ok: false, code: 'external_id_taken' });
    expect(index.updateUser('b', { email: 'new@x.io' })).toMatchObject({ ok: true, user: { email: 'new@x.io', externalId: 'eb' } });
    expect(index.createUser({ email: 'NEW@x.io' })).toEqual({ ok: false, code: 'email_taken' });
    expect(index.updateUser('zz', { email: 'z@x.io' })).toEqual({ ok: false, code: 'not_found' });
  });
});
