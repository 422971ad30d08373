import { describe, expect, it } from 'vitest';
import { BY_HAND_SENTENCES } from './import-by-hand';
import { findDuplicates, type MergeRecord } from './merges/find-duplicates';
import {
  CANDIDATE_KIND_LABELS,
  CHANGE_ACTION_SENTENCES,
  describePlan,
  EVIDENCE_SENTENCES,
  MATCHED_BY_SENTENCES,
  OUTCOME_LABELS,
  OUTCOME_SENTENCES,
  REASON_SENTENCES,
  RENAMED_ID_CODE,
  RENAMED_ID_REWRITTEN_CODE,
  renamedIdSentence,
} from './plain-words';

const TABLES = { OUTCOME_LABELS, OUTCOME_SENTENCES, REASON_SENTENCES, MATCHED_BY_SENTENCES, CANDIDATE_KIND_LABELS, CHANGE_ACTION_SENTENCES };

/** Words a client reads: no rule numbers, no spec, no snake_case or dotted codes. */
function expectPlain(text: string, where: string): void {
  expect(text.trim(), where).not.toBe('');
  expect(text, where).not.toMatch(/SPEC|§|\b[MN]\d\b/);
  expect(text, where).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
}

describe('plain words', () => {
  it('every code of every table has words, and none names the spec or a code', () => {
    for (const [table, entries] of Object.entries(TABLES)) for (const [code, words] of Object.entries(entries)) expectPlain(words, `${table}.${code}`);
    expect(Object.keys(OUTCOME_LABELS).sort()).toEqual(Object.keys(OUTCOME_SENTENCES).sort());
  });

  it('describes a planned row as sentences, with the codes apart for the tooltip', () => {
    expect(describePlan({ action: 'fail', reason: 'email_taken_by_other_external_id' })).toEqual({
      text: 'This email already belongs to another user with a different external id.',
      codes: 'fail · email_taken_by_other_external_id',
    });
    expect(describePlan({ action: 'match', matchedBy: 'deprecated_external_id', userId: 'u1' })).toEqual({
      text: 'Already exists and will be matched. Found by an external id the user had before a rename.',
      codes: 'match · matched_by=deprecated_external_id',
    });
    expect(describePlan({ action: 'fail', error: 'email_taken_by_other_external_id', reason: 'email_taken_by_other_external_id' }).text).toBe(
      'This email already belongs to another user with a different external id.',
    );
    const renameError = describePlan({ error: 'current_not_found', message: '"nobody" is not any user\'s external id' });
    expect(renameError.text).toBe('No user has this current external id.');
    expect(renameError.codes).toContain('current_not_found');
    // UserVoice's reasons are sentences already: shown as they are, capitalised.
    expect(describePlan({ action: 'kept_attachment', reason: 'sticky: the email now belongs to another UserVoice user' }).text).toMatch(/^Stays on its current user.* Sticky: the email/);
  });

  it('duplicate evidence reads as sentences, with a code for each', () => {
    const base = { kind: 'productboard', deprecatedExternalIds: [], name: null } as const;
    const records: MergeRecord[] = [
      { ...base, connection: 'pb', remoteId: 'p1', email: 'ada@x.io', externalId: 'usr_1', company: 'Acme' },
      { ...base, connection: 'pb', remoteId: 'p2', email: null, externalId: 'usr_2', company: 'Acme' },
      { ...base, connection: 'scim', kind: 'productboard-scim', remoteId: 's1', email: 'ada@x.io', externalId: 'usr_2', company: null },
      { ...base, connection: 'pb', remoteId: 'p3', email: 'Bob@x.io', externalId: 'usr_3', company: null },
      { ...base, connection: 'pb', remoteId: 'p4', email: 'bob@x.io ', externalId: 'usr_4', company: null },
    ];
    const found = findDuplicates(records);
    expect(found.map((c) => c.kind).sort()).toEqual(['case_variant_email', 'detached_user']);
    for (const c of found) {
      expect(c.evidence).toHaveLength(c.evidenceCodes.length);
      for (const sentence of c.evidence) expectPlain(sentence.replace(/usr_\d/g, 'ID'), `${c.kind} evidence`);
    }
    const detached = found.find((c) => c.kind === 'detached_user')!;
    expect(detached.evidenceCodes).toEqual(['no_email_lenient', 'external_id_goes_with_email', 'same_company']);
    expect(detached.evidence[0]).toBe('User p2 has external id usr_2 but no email — the kind of second user lenient matching creates when an email was already taken.');
    expect(Object.keys(EVIDENCE_SENTENCES).length).toBe(6);
  });
});

describe('renamed ids in words (issue 19 item 5)', () => {
  const base = { from: 'legacy-7', to: 'acct-7', on: '2026-11-20T10:00:00.000Z', changeSet: 4, steps: 1, connection: 'c', resolvesUntil: null };
  it('says honestly, per system, what still knows the old id', () => {
    const today = '2026-11-24';
    const says = (r: Parameters<typeof renamedIdSentence>[0]) => renamedIdSentence(r, today);
    expect(says({ ...base, system: 'productboard' })).toBe('legacy-7 was renamed to acct-7 on 2026-11-20; Productboard no longer knows it.');
    expect(says({ ...base, system: 'productboard-scim' })).toMatch(/; the SCIM directory no longer knows it\.$/);
    expect(says({ ...base, system: 'uservoice' })).toMatch(/its old external user is still on UserVoice until someone removes it by hand/);
    expect(says({ ...base, system: 'braze', resolvesUntil: '2026-12-20T10:00:00.000Z' })).toMatch(/the old id still finds the user until 2026-12-20 \(its migration window\), and not after\.$/);
    expect(says({ ...base, system: 'braze' })).toMatch(/its migration window has closed, so the engagement platform no longer knows it\.$/);
    expect(says({ ...base, system: 'productboard', steps: 3 })).toMatch(/^legacy-7 was renamed to acct-7 \(through 3 renames\) on/);
    expect(says({ ...base, system: 'productboard', rewritten: true })).toBe('Planned with acct-7 instead of legacy-7, which was renamed on 2026-11-20 by change set #4.');
    for (const system of ['productboard', 'productboard-scim', 'uservoice', 'braze'] as const) expectPlain(says({ ...base, system }), system);
  });

  it('describes a staged row that names one, with its code for the tooltip', () => {
    const d = describePlan({ action: 'create', renamedId: { ...base, system: 'productboard', rewritten: false } });
    expect(d.text).toMatch(/^Will be created\. legacy-7 was renamed to acct-7/);
    expect(d.codes).toBe(`create · ${RENAMED_ID_CODE}`);
    expect(describePlan({ action: 'match', matchedBy: 'external_id', renamedId: { ...base, system: 'braze', rewritten: true } }).codes).toContain(RENAMED_ID_REWRITTEN_CODE);
  });
});

describe('rows a system leaves by hand, in a planned row (issue 19)', () => {
  it('says the step after what will happen, the code in the tooltip', () => {
    const d = describePlan({ action: 'create', byHand: 'track_needs_external_id' });
    expect(d.text).toBe(`Will be created. Left by hand: ${BY_HAND_SENTENCES.track_needs_external_id}`);
    expect(d.codes).toBe('create · by_hand=track_needs_external_id');
    expectPlain(d.text, 'by hand');
    // A refused row's step is already a sentence about refusing.
    expect(describePlan({ action: 'fail', reason: 'email_taken_by_other_external_id', byHand: 'refused' }).text).toMatch(/ Refused: correct the row/);
    expect(describePlan({ action: 'create', byHand: 'no_such_code' }).codes).toBe('create');
  });
});
