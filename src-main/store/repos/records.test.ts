import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PulledRecord } from '../../../src-shared/model/record';
import { linkPersons } from '../../../src-shared/persons/link-persons';
import { openWorkspace, type Workspace } from '../workspace';

let ws: Workspace;
let pb: number;
let uv: number;
const now = '2026-11-24T10:00:00.000Z';

const rec = (remoteId: string, email: string | null, externalId: string | null, deprecated: string[] = []): PulledRecord => ({
  remoteId,
  email,
  externalId,
  deprecatedExternalIds: deprecated,
  name: null,
  company: null,
  status: 'active',
  raw: { remoteId },
});

beforeEach(() => {
  ws = openWorkspace(join(mkdtempSync(join(tmpdir(), 'rekey-records-')), 'w.rekey'));
  pb = ws.connections.add({ name: 'pb', kind: 'productboard', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, now).id;
  uv = ws.connections.add({ name: 'uv', kind: 'uservoice', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, now).id;
});

describe('RecordsRepo', () => {
  it('upserts pages without duplicating a record seen twice', () => {
    ws.records.upsertPage(pb, 'run1', [rec('1', 'a@x.io', 'u1'), rec('2', 'b@x.io', null)], now);
    ws.records.upsertPage(pb, 'run1', [rec('2', 'B@x.io', 'u2')], now);
    const list = ws.records.list({ connection: 'pb' });
    expect(list).toHaveLength(2);
    expect(list[1]).toMatchObject({ remoteId: '2', email: 'B@x.io', externalId: 'u2' });
  });

  it('marks what a complete run did not see as vanished, and revives it when seen again', () => {
    ws.records.upsertPage(pb, 'run1', [rec('1', 'a@x.io', 'u1'), rec('2', 'b@x.io', null)], now);
    ws.records.upsertPage(pb, 'run2', [rec('1', 'a@x.io', 'u1')], now);
    expect(ws.records.markVanished(pb, 'run2', now)).toBe(1);
    expect(ws.records.list({ connection: 'pb' }).find((r) => r.remoteId === '2')?.vanishedAt).toBe(now);
    ws.records.upsertPage(pb, 'run3', [rec('2', 'b@x.io', null)], now);
    expect(ws.records.list({ connection: 'pb' }).find((r) => r.remoteId === '2')?.vanishedAt).toBeNull();
  });

  it('groups one human across connections into a person', () => {
    ws.records.upsertPage(pb, 'r', [rec('p1', null, 'usr_1', ['legacy-1']), rec('p2', 'z@x.io', 'usr_2')], now);
    ws.records.upsertPage(uv, 'r', [rec('v1', 'Ann@x.io', 'legacy-1'), rec('v2', 'other@x.io', null)], now);
    ws.records.relinkPersons(linkPersons);
    const byId = new Map(ws.records.list().map((r) => [r.remoteId, r]));
    const person = byId.get('p1')!.personKey!;
    expect(byId.get('v1')!.personKey).toBe(person);
    expect(byId.get('v2')!.personKey).not.toBe(person);
    expect(ws.records.person(person).map((r) => `${r.connection}/${r.remoteId}`)).toEqual(['pb/p1', 'uv/v1']);
  });
});
