import type { Dispatcher, Pool } from 'undici';

/**
 * How long an idle keep-alive connection is kept for the next request. Servers and the load
 * balancers before them drop idle connections after their own timeout, often unannounced
 * and often as short as 5 s (Node's default); a request sent on a dropped one fails with
 * ECONNRESET, which for a create means an outcome to reconcile. So idle connections are
 * closed here first, and a server's longer `Keep-Alive: timeout=` hint does not extend it.
 */
export const IDLE_SOCKET_MS = 4_000;

interface OriginPool {
  pool: Pool;
  inFlight: number;
  /** When a request last started or ended on this origin (wall clock). */
  lastActive: number;
}

// One keep-alive pool per origin, shared by every client of the process.
const pools = new Map<string, OriginPool>();

/**
 * The pool for a request to `origin`, and what to call once its answer is read. undici's own
 * idle timer counts turns of the event loop, and a long synchronous stretch (a big SQLite
 * transaction) holds it back: after such a pause its connections can be older than it
 * thinks. So the wall clock decides too: a pool idle for IDLE_SOCKET_MS is closed and a
 * fresh one used. The Pool class is handed in by the caller, which loads undici only
 * when a first request is sent.
 */
export function poolFor(origin: string, PoolClass: typeof Pool, now: number = Date.now()): { dispatcher: Dispatcher; done: () => void } {
  let entry = pools.get(origin);
  if (entry && entry.inFlight === 0 && now - entry.lastActive >= IDLE_SOCKET_MS) {
    void entry.pool.close().catch(() => undefined);
    entry = undefined;
  }
  if (!entry) {
    entry = { pool: new PoolClass(origin, { keepAliveTimeout: IDLE_SOCKET_MS, keepAliveMaxTimeout: IDLE_SOCKET_MS, connections: 16 }), inFlight: 0, lastActive: now };
    pools.set(origin, entry);
  }
  const used = entry;
  used.inFlight++;
  used.lastActive = now;
  let finished = false;
  return {
    dispatcher: used.pool,
    done: () => {
      if (finished) return;
      finished = true;
      used.inFlight--;
      used.lastActive = Date.now();
    },
  };
}
