import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failed } from '../../../src-shared/errors';
import { approveChangeSet, stageChangeSet, submitChangeSet } from '../../services/change-sets';
import { createServiceContext } from '../../services/context';
import { openWorkspace } from '../../store/workspace';
import { runPush } from '../engine';
import { OUTCOME_UNKNOWN, type PushRequest, type PushResponse, type Transport } from '../transport';
import { productboardImportAdapter } from './productboard-import';

/**
 * A Productboard REST double that counts requests: a user list in pages of 100, creates
 * that apply, and a switch that drops the connection after applying chosen creates.
 */
class ProductboardDouble implements Transport {
  users: { id: string; email: string | null; externalId: string | null }[] = [];
  requests: string[] = [];
  dropAfterApplying = new Set<string>();

  constructor(existing: number) {
    for (let n = 0; n < existing; n++) this.users.push({ id: `u${n}`, email: `person${n}@example.com`, externalId: `ext_${n}` });
  }

  async send(req: PushRequest): Promise<PushResponse> {
    this.requests.push(`${req.method} ${req.path}`);
    if (req.method === 'GET') {
      const offset = Number(/offset=(\d+)/.exec(req.path)?.[1] ?? 0);
      const next = offset + 100 < this.users.length ? `/users?pageLimit=100&offset=${offset + 100}` : null;
      return { status: 200, body: { data: this.users.slice(offset, offset + 100), links: { next } } };
    }
    const data = (req.body as { data: { email?: string; externalId?: string } }).data;
    const user = { id: `u${this.users.length}`, email: data.email ?? null, externalId: data.externalId ?? null };
    this.users.push(user);
    if (data.email && this.dropAfterApplying.has(data.email)) throw failed(OUTCOME_UNKNOWN, 'connection dropped after sending');
    return { status: 201, body: { data: { id: user.id } } };
  }
}

describe('Productboard import push: uncertain creates', () => {
  it('reads the user list once for all of them, not once per create, and applies each create once', async () => {
    const ctx = createServiceContext(openWorkspace(join(mkdtempSync(join(tmpdir(), 'rekey-pbimp-')), 'w.rekey')), 'cli');
    const connectionId = ctx.workspace.connections.add({ name: 'pb', kind: 'productboard', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, 'now').id;
    const rows = Array.from({ length: 20 }, (_, n) => ({
      payload: { email: `new${n}@import.example`, externalId: `imp_${n}`, name: `New ${n}` },
      plan: { action: 'create' },
    }));
    const cs = stageChangeSet(ctx, { kind: 'import', connectionId, title: 't', plan: {} }, rows);
    submitChangeSet(ctx, cs.id);
    approveChangeSet(ctx, cs.id, { approveRemaining: true });

    const remote = new ProductboardDouble(950); // with the 20 creates: 10 pages of 100
    for (const n of [2, 5, 9, 13, 17]) remote.dropAfterApplying.add(`new${n}@import.example`);
    const report = await runPush(ctx, cs.id, { transport: remote, adapter: productboardImportAdapter });

    expect(report).toMatchObject({ state: 'applied', applied: 20, failed: 0, reconciled: 5, sent: 20 });
    const listReads = remote.requests.filter((r) => r.startsWith('GET /users'));
    expect(listReads).toHaveLength(10); // one read of the list (10 pages) for the 5 uncertain creates; it was 50
    expect(remote.requests.filter((r) => r.startsWith('POST')).length).toBe(20); // none sent twice
    expect(new Set(remote.users.map((u) => u.email)).size).toBe(remote.users.length);
    ctx.workspace.close();
  });

  it('sends again a create the list shows was not applied', async () => {
    const ctx = createServiceContext(openWorkspace(join(mkdtempSync(join(tmpdir(), 'rekey-pbimp-')), 'w.rekey')), 'cli');
    const connectionId = ctx.workspace.connections.add({ name: 'pb', kind: 'productboard', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, 'now').id;
    const cs = stageChangeSet(ctx, { kind: 'import', connectionId, title: 't', plan: {} }, [
      { payload: { email: 'lost@import.example', externalId: 'imp_lost', name: 'Lost' }, plan: { action: 'create' } },
      { payload: { email: 'kept@import.example', externalId: 'imp_kept', name: 'Kept' }, plan: { action: 'create' } },
    ]);
    submitChangeSet(ctx, cs.id);
    approveChangeSet(ctx, cs.id, { approveRemaining: true });
    const remote = new ProductboardDouble(10);
    // The first create is lost on its way (nothing applied), and its outcome is unknown.
    let lose = true;
    const transport: Transport = {
      send: async (req) => {
        if (lose && req.method === 'POST') {
          lose = false;
          remote.requests.push('POST (lost)');
          throw failed(OUTCOME_UNKNOWN, 'connection dropped');
        }
        return remote.send(req);
      },
    };
    const report = await runPush(ctx, cs.id, { transport, adapter: productboardImportAdapter });
    expect(report).toMatchObject({ state: 'applied', applied: 2, reconciled: 1, sent: 3 });
    expect(remote.users.filter((u) => u.email === 'lost@import.example')).toHaveLength(1);
    // The list was read once (one page), after both creates were sent.
    expect(remote.requests).toEqual(['POST (lost)', 'POST /users', 'GET /users?pageLimit=100', 'POST /users']);
    ctx.workspace.close();
  });
});
