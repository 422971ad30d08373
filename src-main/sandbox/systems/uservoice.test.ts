import { afterEach, describe, expect, it } from 'vitest';
import { importExternalUser, reattach } from '../../../src-shared/uservoice/uservoice-state';
import { startSandbox, type Sandbox } from '../sandbox';
import { client } from '../sandbox-test-client';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const admin = (s: Sandbox) => (method: string, body?: unknown) =>
  fetch(`${s.info.admin.url}/uservoice`, { method, headers: { authorization: `Bearer ${s.info.admin.token}` }, body: body === undefined ? undefined : JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

describe('UserVoice sandbox users list', () => {
  it("lists each user's own external users, also after one is re-attached elsewhere", async () => {
    sandbox = await startSandbox({ seed: 'empty', rpm: 0 });
    const uv = sandbox.state.uservoice.uv;
    importExternalUser(uv, { id: 'a1', email: 'ada@x.io' });
    importExternalUser(uv, { id: 'a2', email: 'ada@x.io' });
    importExternalUser(uv, { id: 'b1', email: 'bob@x.io' });
    const [ada, bob] = [...uv.users.keys()];
    reattach(uv, 'a2', bob!);
    const r = await client(sandbox.info, 'uservoice')('GET', '/api/v2/admin/users?page=1&per_page=10');
    const ids = Object.fromEntries((r.body.users as { id: number; external_users: { id: string }[] }[]).map((u) => [u.id, u.external_users.map((e) => e.id)]));
    expect(ids).toEqual({ [ada!]: ['a1'], [bob!]: ['b1', 'a2'] });
  });

  it('reproduces the deep-paging slowdown when asked (option and admin API): pages past 10,000 users answer later the deeper they are', async () => {
    sandbox = await startSandbox({ seed: 'empty', rpm: 0, uservoiceDeepPagingMs: 150 });
    for (let i = 0; i < 30_100; i++) importExternalUser(sandbox.state.uservoice.uv, { id: `e${i}`, email: `u${i}@x.io` });
    const get = client(sandbox.info, 'uservoice');
    const page = (n: number) => timed(() => get('GET', `/api/v2/admin/users?page=${n}&per_page=100`));
    const [, shallow] = await page(2); // offset 100
    const [deep, deepMs] = await page(301); // offset 30,000: three steps of 10,000
    expect(deep.body.users).toHaveLength(100);
    expect(shallow).toBeLessThan(150);
    expect(deepMs).toBeGreaterThanOrEqual(3 * 150 - 5);

    expect(await admin(sandbox)('GET')).toEqual({ status: 200, body: { deepPagingMs: 150 } });
    expect(await admin(sandbox)('POST', { deepPagingMs: 0 })).toEqual({ status: 200, body: { deepPagingMs: 0 } });
    const [, offMs] = await page(301);
    expect(offMs).toBeLessThan(150);
    expect((await admin(sandbox)('POST', { deepPagingMs: -1 })).status).toBe(400);
  });
});
