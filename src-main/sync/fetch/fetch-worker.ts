import { parentPort, workerData } from 'node:worker_threads';
import { inThreadFetcher } from './in-thread-fetcher';
import type { ClientSetup } from './page-fetcher';
import { fromThread, PAGES_AHEAD, threadError, type FromFetcher, type KnownIds, type ToFetcher } from './protocol';

/**
 * A pull's fetching thread (issue 22): it sends the requests and reads the answers while
 * the main thread stores the pages. A page's commit (100 users: 5–40 ms of SQLite work
 * and WAL writes) then no longer holds back the next request, which at Productboard's 50
 * a second has 20 ms: the rate slots are all used, and the pull takes its ceiling's time.
 * Each list reads at most PAGES_AHEAD pages beyond those the main thread has stored.
 */
const port = parentPort!;
const post = (message: FromFetcher) => port.postMessage(message);

const knownIdsWaiting: { resolve: (ids: KnownIds) => void; reject: (e: Error) => void }[] = [];
const fetcher = inThreadFetcher(workerData as ClientSetup, {
  // Braze-style pulls look up what the workspace knows: the main thread reads it.
  knownIds: () =>
    new Promise<KnownIds>((resolve, reject) => {
      knownIdsWaiting.push({ resolve, reject });
      post({ type: 'need-known-ids' });
    }),
});

interface Running {
  stop: AbortController;
  /** Pages it may still post before the main thread stores one. */
  credit: number;
  wake?: () => void;
}
const running = new Map<number, Running>();

async function run(list: number, resource: string, cursor: unknown): Promise<void> {
  const state: Running = { stop: new AbortController(), credit: PAGES_AHEAD };
  running.set(list, state);
  const { signal } = state.stop;
  signal.addEventListener('abort', () => state.wake?.(), { once: true });
  try {
    for await (const page of fetcher.pages(resource, cursor, signal)) {
      post({ type: 'page', list, page, counters: fetcher.counters() });
      state.credit--;
      while (state.credit <= 0 && !signal.aborted) await new Promise<void>((resolve) => (state.wake = resolve));
      if (signal.aborted) return;
    }
    post({ type: 'end', list, counters: fetcher.counters() });
  } catch (e) {
    if (!signal.aborted) post({ type: 'error', list, error: threadError(e), counters: fetcher.counters() });
  } finally {
    running.delete(list);
  }
}


port.on('message', (message: ToFetcher) => {
  switch (message.type) {
    case 'list':
      void run(message.list, message.resource, message.cursor);
      break;
    case 'stored': {
      const state = running.get(message.list);
      if (!state) break;
      state.credit++;
      state.wake?.();
      break;
    }
    case 'stop':
      running.get(message.list)?.stop.abort();
      break;
    case 'known-ids':
      for (const waiting of knownIdsWaiting.splice(0)) waiting.resolve(message.ids);
      break;
    case 'known-ids-failed':
      for (const waiting of knownIdsWaiting.splice(0)) waiting.reject(fromThread(message.error));
      break;
    case 'close':
      for (const state of running.values()) state.stop.abort();
      post({ type: 'closed', counters: fetcher.counters() });
      break;
  }
});
post({ type: 'ready' });
