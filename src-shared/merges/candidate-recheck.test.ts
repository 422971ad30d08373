import { describe, expect, it } from 'vitest';
import { candidateFocuses, recheckCandidate } from './candidate-recheck';
import { arrayMergeSource, findDuplicates, type MergeRecord } from './find-duplicates';

const record = (connection: string, remoteId: string, fields: Partial<MergeRecord> = {}): MergeRecord => ({
  connection,
  kind: 'productboard',
  remoteId,
  email: null,
  externalId: null,
  deprecatedExternalIds: [],
  name: null,
  company: null,
  ...fields,
});

describe('reading a candidate key', () => {
  it('names the record that starts it, trying every split where remote ids hold ":"', () => {
    expect(candidateFocuses('detached_user:pb:u1:u2')).toEqual([{ kind: 'suspect', connection: 'pb', remoteId: 'u2' }]);
    expect(candidateFocuses('detached_user:pb:a:b:c')).toEqual([
      { kind: 'suspect', connection: 'pb', remoteId: 'b:c' },
      { kind: 'suspect', connection: 'pb', remoteId: 'c' },
    ]);
    expect(candidateFocuses('stale_attachment:uv:42:ext:7')).toEqual([
      { kind: 'suspect', connection: 'uv', remoteId: '42' },
      { kind: 'suspect', connection: 'uv', remoteId: '42:ext' },
    ]);
    expect(candidateFocuses('case_variant_email:pb/a:b:scim/c')).toEqual([
      { kind: 'email', connection: 'pb', remoteId: 'a' },
      { kind: 'email', connection: 'pb', remoteId: 'a:b' },
      { kind: 'email', connection: 'pb', remoteId: 'a:b:scim/c' },
    ]);
    expect(candidateFocuses('diverging_fields:usr:1')).toEqual([{ kind: 'externalId', externalId: 'usr:1' }]);
  });

  it('reads nothing from a key of no known kind, or cut short', () => {
    for (const key of ['', 'nothing', 'other:pb:a:b', 'detached_user:pb', 'detached_user::a:b', 'case_variant_email:pb', 'diverging_fields:']) expect(candidateFocuses(key)).toEqual([]);
  });

  it('re-checks a candidate over what its focus hands over, and only a key the finder would make', () => {
    const records = [
      record('pb', 'a:1', { email: 'Ann@x.io', externalId: 'e1', name: 'Ann' }),
      record('pb', 'a:2', { email: 'ann@x.io', externalId: 'e2', name: 'Ann' }),
      record('scim', 's1', { email: 'bob@x.io', externalId: 'e1', name: 'Annie' }),
    ];
    const all = findDuplicates(records);
    expect(all.map((c) => c.key).sort()).toEqual(['case_variant_email:pb/a:1:pb/a:2', 'diverging_fields:e1']);
    const asked: string[] = [];
    for (const c of all) {
      expect(recheckCandidate(c.key, (focus) => (asked.push(focus.kind), arrayMergeSource(records)))).toEqual(c);
    }
    expect(asked).toEqual(['email', 'externalId']);
    expect(recheckCandidate('case_variant_email:pb/a:1', () => arrayMergeSource(records))).toBeUndefined();
    expect(recheckCandidate('diverging_fields:e2', () => arrayMergeSource(records))).toBeUndefined();
  });
});
