import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveRows } from '../../../src-shared/resolver';
import { runRekey } from '../../../test/support/cli';

let dir: string;
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rekey-resolve-'));
});

const users = () => file('users.json', JSON.stringify([{ id: 'u', email: 'email123@x.io', externalId: 'other' }, { id: 'v', externalId: 'legacy-1' }]));

function oneLineError(args: string[], pattern: RegExp) {
  const r = runRekey(args);
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stdout).toBe('');
}

describe('rekey resolve', () => {
  it('prints decisions and the final users as JSON (SPEC §9)', () => {
    const incoming = file('in.json', JSON.stringify([{ externalId: 'id123', email: 'EMAIL123@x.io' }, { email: 'new@x.io' }]));
    for (const [mode, action] of [
      ['strict', 'fail'],
      ['lenient', 'create-detached'],
    ] as const) {
      const r = runRekey(['resolve', '--users', users(), '--incoming', incoming, '--mode', mode]);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.decisions[0].action).toBe(action);
      expect(out.decisions[1]).toMatchObject({ index: 1, action: 'create' });
      expect(out.users.every((u: { deprecatedExternalIds: unknown }) => Array.isArray(u.deprecatedExternalIds))).toBe(true);
    }
  });

  it('prints, on the packed index, exactly the text of the IdentityIndex result (backfill, creates, company carry-over, deprecated ids, trimming)', () => {
    const given = [
      { id: 'a', email: ' Ada@X.io ', companyId: 'acme' },
      { id: 'b', email: 'bob@x.io', externalId: 'b-1', deprecatedExternalIds: ['b-0', ' '], companyId: 'globex' },
      { id: 'u-1', email: 'Élan@x.io' },
    ];
    const rows = [{ externalId: 'a-1', email: 'ada@x.io' }, { externalId: 'n-1', email: 'BOB@x.io' }, { externalId: 'b-0' }, { email: 'élan@X.IO' }, { email: 'new@x.io', note: 'kept out' }, {}];
    const u = file('packed-users.json', JSON.stringify(given));
    const incoming = file('packed-in.json', JSON.stringify(rows));
    const r = runRekey(['resolve', '--users', u, '--incoming', incoming, '--mode', 'lenient']);
    expect(r.code).toBe(0);
    const expected = resolveRows(
      given.map((g) => ({ deprecatedExternalIds: [], ...g })),
      rows.map((x) => ({ externalId: x.externalId ?? null, email: x.email ?? null })),
      'lenient',
    );
    expect(r.stdout).toBe(JSON.stringify(expected, null, 2) + '\n');
    expect(expected.decisions.map((d) => d.action)).toEqual(['backfill', 'create-detached', 'match', 'match', 'create', 'fail']);
    expect(expected.users.find((x) => x.externalId === 'n-1')).toMatchObject({ id: 'u-2', companyId: 'globex' });
  });

  it('bad input exits 2 with one line naming the file and the place', () => {
    const u = users();
    oneLineError(['resolve', '--users', u, '--incoming', file('bad.json', '[{"email": "a@x.io",]'), '--mode', 'strict'], /bad\.json:1:\d+: invalid JSON/);
    oneLineError(['resolve', '--users', u, '--incoming', file('shape.json', '[{"email":"a@x.io"},{"externalId":42}]'), '--mode', 'strict'], /shape\.json: \[1\]\.externalId/);
    oneLineError(['resolve', '--users', u, '--incoming', file('obj.json', '{"email":"a"}'), '--mode', 'strict'], /obj\.json: \(top level\)/);
    oneLineError(['resolve', '--users', file('dup.json', '[{"id":"a","email":"x@x.io"},{"id":"b","email":"X@x.io"}]'), '--incoming', file('ok.json', '[]'), '--mode', 'strict'], /dup\.json: .*share the email/);
    oneLineError(['resolve', '--users', u, '--incoming', join(dir, 'missing.json'), '--mode', 'strict'], /missing\.json: no such file/);
    oneLineError(['resolve', '--users', u, '--incoming', file('ok2.json', '[]'), '--mode', 'loose'], /--mode must be strict or lenient/);
  });
});

describe('rekey renames check', () => {
  it('reads a CSV with a BOM, CRLF and quoted cells, and reports errors, swaps and their plan', () => {
    const csv = file('r.csv', '\uFEFFcurrent_external_id,new_external_id\r\nlegacy-1,"usr,1"\r\nusr_9,x\r\n');
    const r = runRekey(['renames', 'check', '--users', users(), '--renames', csv]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.external_ids).toEqual([{ index: 0, current_external_id: 'legacy-1', new_external_id: 'usr,1' }]);
    expect(out.rename_errors).toEqual([{ index: 1, code: 'current_not_found', message: expect.any(String) }]);
    const swap = runRekey(['renames', 'check', '--users', users(), '--renames', file('s.csv', 'current_external_id,new_external_id\nother,legacy-1\nlegacy-1,other\n')]);
    expect(JSON.parse(swap.stdout).plan[0].steps).toHaveLength(6);
  });

  it('bad CSVs exit 2 naming the file and line', () => {
    const u = users();
    oneLineError(['renames', 'check', '--users', u, '--renames', file('q.csv', 'current_external_id,new_external_id\na,b\nc,"d\n')], /q\.csv:3: a quoted cell is never closed/);
    oneLineError(['renames', 'check', '--users', u, '--renames', file('n.csv', 'current_external_id,new_external_id\na,b,c\n')], /n\.csv:2: expected 2 cells/);
    oneLineError(['renames', 'check', '--users', u, '--renames', file('m.csv', 'current,new_external_id\na,b\n')], /m\.csv:1: missing column "current_external_id"/);
    oneLineError(['renames', 'check', '--users', u, '--renames', file('e.csv', 'current_external_id,new_external_id\n')], /e\.csv: the batch has no renames/);
    oneLineError(['renames', 'check', '--users', u, '--renames', file('b.csv', 'PK\u0003\u0004\u0000\u0000binary')], /b\.csv: not a readable \.xlsx \(its zip directory is damaged\)/);
    oneLineError(['renames', 'check', '--users', u, '--renames', file('z.csv', '\u0000\u0001binary')], /z\.csv: not a CSV, text or \.xlsx file/);
  });
});
