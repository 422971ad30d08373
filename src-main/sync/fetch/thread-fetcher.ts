import type { Worker } from 'node:worker_threads';
import { failed } from '../../../src-shared/errors';
import type { Page } from '../connectors/connector';
import { spawnWorker } from '../../threads/spawn-worker';
import type { ClientSetup, FetchCounters, PageFetcher } from './page-fetcher';
import { fromThread, threadError, type FromFetcher, type KnownIds, type ToFetcher } from './protocol';

interface ListInbox {
  pages: Page[];
  ended: boolean;
  error?: Error;
  wake?: () => void;
}

/** How long a closing thread may take to report its last counters before it is stopped anyway. */
const CLOSE_WAIT_MS = 1_000;

/** A thread not running after this (a hung module load) is stopped, and the pull fetches on its own thread. */
export const START_WAIT_MS = 10_000;

/**
 * Pages fetched on their own thread (fetch-worker.ts): the main thread only stores them.
 * Resolves once the thread is running; rejects when it cannot start (a broken install),
 * and the pull then fetches on the calling thread, slower but the same.
 */
export function startThreadFetcher(setup: ClientSetup, knownIds: () => KnownIds, spawn: (setup: ClientSetup) => Worker = (s) => spawnWorker('fetch-worker', { workerData: s })): Promise<PageFetcher> {
  const worker = spawn(setup);
  const send = (message: ToFetcher) => worker.postMessage(message);
  const inboxes = new Map<number, ListInbox>();
  let counters: FetchCounters = { requests: 0, retries: 0, rateLimitedMs: 0 };
  /** Why the thread is gone, once it is: every list still reading hears it. */
  let gone: Error | undefined;
  let onClosed: (() => void) | undefined;
  let nextList = 1;

  const fetcher: PageFetcher = {
    async *pages(resource, cursor, signal) {
      const list = nextList++;
      const inbox: ListInbox = { pages: [], ended: false };
      inboxes.set(list, inbox);
      const onAbort = () => inbox.wake?.();
      signal.addEventListener('abort', onAbort, { once: true });
      send({ type: 'list', list, resource, cursor });
      try {
        for (;;) {
          signal.throwIfAborted();
          const page = inbox.pages.shift();
          if (page) {
            yield page;
            // The caller has stored it: the thread may read one more ahead.
            send({ type: 'stored', list });
            continue;
          }
          if (inbox.error) throw inbox.error;
          if (inbox.ended) return;
          if (gone) throw gone;
          await new Promise<void>((resolve) => (inbox.wake = resolve));
          inbox.wake = undefined;
        }
      } finally {
        signal.removeEventListener('abort', onAbort);
        inboxes.delete(list);
        if (!inbox.ended && !inbox.error && !gone) send({ type: 'stop', list });
      }
    },
    counters: () => counters,
    async close() {
      if (gone) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, CLOSE_WAIT_MS);
        onClosed = () => {
          clearTimeout(timer);
          resolve();
        };
        send({ type: 'close' });
      });
      gone = failed('fetcher_closed', 'the pull has ended');
      await worker.terminate();
    },
  };

  return new Promise<PageFetcher>((resolve, reject) => {
    let ready = false;
    const lose = (why: Error) => {
      if (gone) return;
      gone = why;
      for (const inbox of inboxes.values()) inbox.wake?.();
      onClosed?.();
      if (!ready) reject(why);
    };
    const hung = setTimeout(() => {
      lose(failed('fetcher_stopped', `the pull's fetching thread did not start in ${START_WAIT_MS / 1000} s`));
      void worker.terminate();
    }, START_WAIT_MS);
    worker.on('message', (message: FromFetcher) => {
      switch (message.type) {
        case 'ready':
          clearTimeout(hung);
          ready = true;
          resolve(fetcher);
          return;
        case 'need-known-ids':
          try {
            send({ type: 'known-ids', ids: knownIds() });
          } catch (e) {
            send({ type: 'known-ids-failed', error: threadError(e) });
          }
          return;
        case 'closed':
          counters = message.counters;
          onClosed?.();
          return;
      }
      counters = message.counters;
      const inbox = inboxes.get(message.list);
      if (!inbox) return; // a list stopped meanwhile
      if (message.type === 'page') inbox.pages.push(message.page);
      else if (message.type === 'end') inbox.ended = true;
      else inbox.error = fromThread(message.error);
      inbox.wake?.();
    });
    worker.on('error', (e) => {
      clearTimeout(hung);
      lose(failed('fetcher_stopped', `the pull's fetching thread failed: ${e.message}`));
    });
    worker.on('exit', (code) => {
      clearTimeout(hung);
      lose(failed('fetcher_stopped', `the pull's fetching thread stopped (exit ${code})`));
    });
  });
}
