import type { Redis as RedisClient } from 'ioredis';
import { failed } from '../../src-shared/errors';
import type { PushLease } from '../store/team-server/leases';
import type { TeamServerStore } from '../store/team-server/open-team-server-store';

/**
 * Where the team server keeps push leases: one pusher per change set across every
 * instance that serves the team. A single instance keeps them in its SQLite store; several
 * instances behind Redis keep them in Redis, since each may have its own store and a lease
 * held in one of them would not stop a member connected to another.
 */
export interface PushLeases {
  take(changeSet: string, member: string, now: Date, leaseMs: number): Promise<{ granted: boolean; lease: PushLease }>;
  release(changeSet: string, member: string): Promise<boolean>;
  active(now: Date): Promise<PushLease[]>;
  close(): Promise<void>;
}

export function storePushLeases(store: TeamServerStore): PushLeases {
  return {
    take: async (changeSet, member, now, leaseMs) =>
      store.leases.take(changeSet, member, now.toISOString(), new Date(now.getTime() + leaseMs).toISOString()),
    release: async (changeSet, member) => store.leases.release(changeSet, member),
    active: async (now) => store.leases.active(now.toISOString()),
    close: async () => undefined,
  };
}

const PREFIX = 'rekey:push-lease:';

/**
 * Taking is one Lua script, so Redis runs the check and the write as one step: a lease
 * held by someone else is refused; the holder renewing it keeps its `since`. Redis
 * expires the key itself when the lease runs out (PX), which is how a vanished pusher's
 * lease can be taken over.
 */
const TAKE = `
local held = redis.call('GET', KEYS[1])
local since = ARGV[2]
if held then
  local lease = cjson.decode(held)
  if lease.member ~= ARGV[1] then return {0, held} end
  since = lease.since
end
local lease = cjson.encode({ changeSet = ARGV[4], member = ARGV[1], since = since, expiresAt = ARGV[3] })
redis.call('SET', KEYS[1], lease, 'PX', ARGV[5])
return {1, lease}
`;

const RELEASE = `
local held = redis.call('GET', KEYS[1])
if held and cjson.decode(held).member == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`;

/** Bounds the listing of leases: a team pushes a handful of change sets at a time. */
const MAX_LISTED = 10_000;

export async function redisPushLeases(redisUrl: string): Promise<PushLeases> {
  const { Redis } = await import('ioredis');
  const u = new URL(redisUrl);
  const redis: RedisClient = new Redis({ host: u.hostname, port: Number(u.port || 6379), lazyConnect: true, maxRetriesPerRequest: 2 });
  try {
    await redis.connect();
  } catch (e) {
    redis.disconnect();
    throw failed('redis_unreachable', `Redis at ${redisUrl} cannot be reached (${(e as Error).message}); push leases need it when --redis is given`);
  }
  return {
    async take(changeSet, member, now, leaseMs) {
      const expiresAt = new Date(now.getTime() + leaseMs).toISOString();
      const [granted, lease] = (await redis.eval(TAKE, 1, PREFIX + changeSet, member, now.toISOString(), expiresAt, changeSet, String(leaseMs))) as [number, string];
      return { granted: granted === 1, lease: JSON.parse(lease) as PushLease };
    },
    async release(changeSet, member) {
      return (await redis.eval(RELEASE, 1, PREFIX + changeSet, member)) === 1;
    },
    async active() {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 500);
        keys.push(...batch);
        cursor = next;
      } while (cursor !== '0' && keys.length < MAX_LISTED);
      if (keys.length === 0) return [];
      const values = await redis.mget(...keys);
      return values
        .filter((v): v is string => v !== null)
        .map((v) => JSON.parse(v) as PushLease)
        .sort((a, b) => a.since.localeCompare(b.since));
    },
    async close() {
      await redis.quit();
    },
  };
}
