import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { isRekeyError } from '../../../src-shared/errors';
import { startSandbox, type Sandbox } from '../../sandbox/sandbox';
import type { Page } from '../connectors/connector';
import { authHeaders } from '../kind-limits';
import { inThreadFetcher } from './in-thread-fetcher';
import type { ClientSetup, PageFetcher } from './page-fetcher';
import { PAGES_AHEAD } from './protocol';
import { startThreadFetcher } from './thread-fetcher';

let sandbox: Sandbox | undefined;
let fetcher: PageFetcher | undefined;
afterEach(async () => {
  await fetcher?.close();
  fetcher = undefined;
  await sandbox?.close();
  sandbox = undefined;
});

function productboard(s: Sandbox, more: Partial<ClientSetup> = {}): ClientSetup {
  return { kind: 'productboard', name: 'connection "pb"', baseUrl: s.info.productboard.url, headers: authHeaders('productboard', s.info.productboard.token), ratePerSecond: 0, ...more };
}

const usersFrom = { next: '/users?pageLimit=100' };
const noKnownIds = () => ({ externalIds: [], emails: [] });

async function all(pages: AsyncIterable<Page>): Promise<Page[]> {
  const got: Page[] = [];
  for await (const page of pages) got.push(page);
  return got;
}

const userRequests = (s: Sandbox) => s.log.list({ system: 'productboard' }).filter((e) => e.path.startsWith('/users')).length;

describe('a pull fetching on its own thread', () => {
  it('hands over the pages the calling thread would read, in order, and counts their requests', async () => {
    sandbox = await startSandbox({ users: 1_050, rpm: 0 });
    fetcher = await startThreadFetcher(productboard(sandbox), noKnownIds);
    const threaded = await all(fetcher.pages('users', usersFrom, new AbortController().signal));
    const here = await all(inThreadFetcher(productboard(sandbox), { knownIds: async () => noKnownIds() }).pages('users', usersFrom, new AbortController().signal));
    expect(threaded.length).toBe(Math.ceil(sandbox.state.productboard.users.users().length / 100));
    expect(threaded.map((p) => p.records.map((r) => r.remoteId))).toEqual(here.map((p) => p.records.map((r) => r.remoteId)));
    expect(threaded.at(-1)!.next).toBeNull();
    expect(fetcher.counters().requests).toBe(threaded.length);
  });

  it(`reads at most ${PAGES_AHEAD} pages ahead of those stored, and goes on as they are`, async () => {
    sandbox = await startSandbox({ users: 3_050, rpm: 0 });
    fetcher = await startThreadFetcher(productboard(sandbox), noKnownIds);
    const pages = fetcher.pages('users', usersFrom, new AbortController().signal)[Symbol.asyncIterator]();
    await pages.next(); // one page handed over, not yet stored
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Handed over or waiting: PAGES_AHEAD; one more asked for as the last of them arrived.
    expect(userRequests(sandbox)).toBe(PAGES_AHEAD + 1);
    let count = 1;
    while (!(await pages.next()).done) count++;
    const expected = Math.ceil(sandbox.state.productboard.users.users().length / 100);
    expect(count).toBe(expected);
    expect(userRequests(sandbox)).toBe(expected);
  });

  it('stops a list when its pull stops, and sends nothing more for it', async () => {
    sandbox = await startSandbox({ users: 3_000, rpm: 0 });
    fetcher = await startThreadFetcher(productboard(sandbox), noKnownIds);
    const stop = new AbortController();
    const pages = fetcher.pages('users', usersFrom, stop.signal)[Symbol.asyncIterator]();
    await pages.next();
    stop.abort(new Error('stopped by the person'));
    await expect(pages.next()).rejects.toThrow('stopped by the person');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const sent = userRequests(sandbox);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sent).toBeLessThanOrEqual(PAGES_AHEAD + 2);
    expect(userRequests(sandbox)).toBe(sent);
  });

  it('keeps an error\'s kind and code across the thread, and what the connection is called', async () => {
    sandbox = await startSandbox({ users: 300, rpm: 0, faults: { error5xx: 1 } });
    fetcher = await startThreadFetcher(productboard(sandbox, { maxRetries: 1 }), noKnownIds);
    const error = await all(fetcher.pages('users', usersFrom, new AbortController().signal)).catch((e: unknown) => e);
    expect(isRekeyError(error) && error.code).toBe('server_error');
    expect((error as Error).message).toMatch(/connection "pb": GET \/productboard\/users: the server answered 5\d\d after 2 attempts/);
    expect(fetcher.counters()).toMatchObject({ requests: 2, retries: 1 });
  });

  it('asks the main thread once for the ids a Braze-style pull looks up', async () => {
    sandbox = await startSandbox({ users: 40, rpm: 0 });
    const wanted = sandbox.state.braze.users.users().slice(0, 3).map((u) => u.externalId!);
    let asked = 0;
    const setup: ClientSetup = { kind: 'braze', name: 'connection "braze"', baseUrl: sandbox.info.braze.url, headers: authHeaders('braze', sandbox.info.braze.token), ratePerSecond: 0 };
    fetcher = await startThreadFetcher(setup, () => {
      asked++;
      return { externalIds: wanted, emails: [] };
    });
    const pages = await all(fetcher.pages('users', { offset: 0 }, new AbortController().signal));
    expect(asked).toBe(1);
    expect(pages.flatMap((p) => p.records.map((r) => r.externalId)).sort()).toEqual([...wanted].sort());
  });

  it('fails the Braze-style list, not the process, when the workspace cannot be read for its ids', async () => {
    sandbox = await startSandbox({ users: 10, rpm: 0 });
    const setup: ClientSetup = { kind: 'braze', name: 'connection "braze"', baseUrl: sandbox.info.braze.url, headers: authHeaders('braze', sandbox.info.braze.token), ratePerSecond: 0 };
    fetcher = await startThreadFetcher(setup, () => {
      throw new Error('the workspace file is locked');
    });
    await expect(all(fetcher.pages('users', { offset: 0 }, new AbortController().signal))).rejects.toThrow('the workspace file is locked');
  });

  it('fails the lists still reading when the thread dies, saying so', async () => {
    sandbox = await startSandbox({ users: 10, rpm: 0 });
    const dies = () => new Worker("const { parentPort } = require('node:worker_threads'); parentPort.postMessage({ type: 'ready' }); setTimeout(() => process.exit(3), 50);", { eval: true });
    fetcher = await startThreadFetcher(productboard(sandbox), noKnownIds, dies);
    const error = await all(fetcher.pages('users', usersFrom, new AbortController().signal)).catch((e: unknown) => e);
    expect(isRekeyError(error) && error.code).toBe('fetcher_stopped');
    expect((error as Error).message).toBe("the pull's fetching thread stopped (exit 3)");
  });

  it('refuses to start when the thread cannot, so the pull fetches on its own thread', async () => {
    const broken = () => new Worker("throw new Error('module missing')", { eval: true });
    await expect(startThreadFetcher({ kind: 'productboard', name: 'x', baseUrl: 'http://127.0.0.1:9', headers: {}, ratePerSecond: 0 }, noKnownIds, broken)).rejects.toThrow('module missing');
  });
});
