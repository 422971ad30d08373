import { Agent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/sandbox';
import { ApiClient } from './api-client';
import { Pacer } from './pacer';

let sandbox: Sandbox | undefined;
afterAll(() => sandbox?.close());

const client = (s: Sandbox, dispatcher?: Agent) =>
  new ApiClient({
    name: 'connection "pb"',
    baseUrl: s.info.productboard.url,
    headers: { authorization: `Bearer ${s.info.productboard.token}`, 'x-version': '1' },
    pacer: new Pacer(0),
    maxRetries: 0,
    ...(dispatcher ? { dispatcher } : {}),
  });

const create = (c: ApiClient, n: number) => c.request({ method: 'POST', path: '/users', body: { data: { email: `after-pause-${n}@example.com` } }, idempotent: false });

describe('idle keep-alive connections (issue 21)', () => {
  it('are closed before the server forgets them: the first request after a pause longer than its timeout meets no reset', async () => {
    sandbox = await startSandbox({ users: 10, rpm: 0 }); // its keep-alive timeout: 5 s, unannounced
    const ours = client(sandbox);
    // What the client did before: idle connections kept 30 s.
    const legacyAgent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 30_000 });
    const legacy = client(sandbox, legacyAgent);
    await ours.request({ method: 'GET', path: '/users', idempotent: true });
    await legacy.request({ method: 'GET', path: '/users', idempotent: true });

    await new Promise((resolve) => setTimeout(resolve, 5_600));

    // A create: a reset here would leave its outcome unknown.
    expect((await create(ours, 1)).status).toBe(201);
    expect(ours.stats).toMatchObject({ requests: 2, retries: 0 });
    // The sandbox does forget idle connections: the one kept 30 s is reset.
    await expect(create(legacy, 2)).rejects.toThrow(/outcome is unknown/);
    expect(sandbox.log.list({ system: 'productboard' }).filter((r) => r.fault === 'idle connection reset')).toHaveLength(1);
    await legacyAgent.close();
  }, 30_000);

  it('are judged on the wall clock: after the process was busy (a long synchronous transaction) past the timeout, no reset either', async () => {
    sandbox ??= await startSandbox({ users: 10, rpm: 0 });
    const ours = client(sandbox);
    // undici's own idle timer alone: it counts turns of the event loop, which a busy process does not take.
    const timerOnlyAgent = new Agent({ keepAliveTimeout: 4_000, keepAliveMaxTimeout: 4_000 });
    const timerOnly = client(sandbox, timerOnlyAgent);
    await ours.request({ method: 'GET', path: '/users', idempotent: true });
    await timerOnly.request({ method: 'GET', path: '/users', idempotent: true });
    const before = sandbox.log.list({ system: 'productboard' }).filter((r) => r.fault === 'idle connection reset').length;

    const until = Date.now() + 5_600;
    while (Date.now() < until) {
      // Busy, as during a long synchronous write: no timer runs.
    }

    expect((await create(ours, 3)).status).toBe(201);
    await expect(create(timerOnly, 4)).rejects.toThrow(/outcome is unknown/);
    expect(sandbox.log.list({ system: 'productboard' }).filter((r) => r.fault === 'idle connection reset').length - before).toBe(1);
    await timerOnlyAgent.close();
  }, 30_000);
});
