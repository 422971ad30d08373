import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector, type FaultSettings } from './faults';
import { IdleConnections } from './idle-connections';
import { serveSystem, type SystemHost } from './http-kit';
import { seededRandom } from './random';
import { RateLimiter } from './rate-limit';
import { RequestLog } from './request-log';
import { seedDemo, type Planted } from './seed/demo-seed';
import { BrazeState, brazeRoutes, brazeStyle } from './systems/braze';
import { ProductboardState, productboardFinish, productboardPrecheck, productboardRoutes, productboardStyle } from './systems/productboard';
import { ScimState, scimRoutes, scimStyle } from './systems/scim';
import { UserVoiceState, uservoiceRoutes, uservoiceStyle } from './systems/uservoice';

export interface SandboxOptions {
  port?: number;
  seed?: 'demo' | 'empty';
  users?: number;
  /**
   * Requests per minute per token for every system; 0 turns limits off. When not
   * given, each system keeps its real limit: Productboard (and SCIM) 50 a second,
   * UserVoice and Braze 1,000 a minute.
   */
  rpm?: number;
  faults?: Partial<FaultSettings>;
  /** Tests: how long Productboard page cursors stay valid (default 60 s). */
  cursorTtlMs?: number;
  /** Tests: delay before asynchronous jobs (bulk_identify, merges) apply. */
  asyncDelayMs?: number;
  /**
   * How long a keep-alive connection may stay idle before it is forgotten, unannounced, as a
   * load balancer would (default 5 s, Node's own server default): the next request on it is reset.
   */
  keepAliveTimeoutMs?: number;
  /**
   * UserVoice's deep-paging slowdown (seed 002): a users page starting past the first
   * 10,000 users waits this many ms for each 10,000 before it. 0 (the default): none.
   */
  uservoiceDeepPagingMs?: number;
  /** Fixed tokens (tests, demo); random ones otherwise. */
  tokens?: Partial<Record<'productboard' | 'scim' | 'uservoice' | 'braze' | 'admin', string>>;
}

export interface SystemEndpoint {
  url: string;
  token: string;
}

/** The ready line of `rekey sandbox` (SPEC §9), plus the admin endpoint. */
export interface SandboxInfo {
  ready: true;
  productboard: SystemEndpoint;
  scim: SystemEndpoint;
  uservoice: SystemEndpoint;
  braze: SystemEndpoint;
  admin: SystemEndpoint;
}

export interface Sandbox {
  info: SandboxInfo;
  log: RequestLog;
  faults: FaultInjector;
  planted: Planted[];
  state: { productboard: ProductboardState; scim: ScimState; uservoice: UserVoiceState; braze: BrazeState };
  setRpm(rpm: number | undefined): void;
  close(): Promise<void>;
}

function deepPagingMs(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 60_000) throw new Error('deepPagingMs must be a whole number of ms between 0 and 60000');
  return value;
}

const token = (given: string | undefined, prefix: string) => given ?? `${prefix}_${randomBytes(18).toString('base64url')}`;

function limiters(rpm: number | undefined) {
  // SPEC §6: Productboard 50 req/s per token; UserVoice and Braze 1,000 req/min.
  if (rpm === undefined) return { pb: new RateLimiter(50, 1000), scim: new RateLimiter(50, 1000), uv: new RateLimiter(1000, 60_000), braze: new RateLimiter(1000, 60_000) };
  return { pb: new RateLimiter(rpm, 60_000), scim: new RateLimiter(rpm, 60_000), uv: new RateLimiter(rpm, 60_000), braze: new RateLimiter(rpm, 60_000) };
}

/**
 * The sandbox (issue 5, SPEC §6): the four systems on one loopback port, each under its
 * own prefix with its own token, rate limit and error style; faults and the request log
 * are shared, and an admin endpoint (its own token) reads the log and switches faults.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const random = seededRandom(4242);
  const state = {
    productboard: new ProductboardState(random, options.cursorTtlMs),
    scim: new ScimState(random),
    uservoice: new UserVoiceState(options.asyncDelayMs),
    braze: new BrazeState(options.asyncDelayMs),
  };
  state.uservoice.deepPagingMs = deepPagingMs(options.uservoiceDeepPagingMs ?? 0);
  const planted = options.seed === 'empty' ? [] : seedDemo(state, options.users ?? 200);
  const log = new RequestLog();
  const faults = new FaultInjector();
  if (options.faults) faults.set(options.faults);
  const tokens = {
    productboard: token(options.tokens?.productboard, 'pb'),
    scim: token(options.tokens?.scim, 'scim'),
    uservoice: token(options.tokens?.uservoice, 'uv'),
    braze: token(options.tokens?.braze, 'braze'),
    admin: token(options.tokens?.admin, 'admin'),
  };
  const limits = limiters(options.rpm);

  const systems: SystemHost[] = [
    { name: 'productboard', prefix: '/productboard', token: tokens.productboard, routes: productboardRoutes(state.productboard), style: productboardStyle, limiter: limits.pb, precheck: productboardPrecheck, finish: productboardFinish },
    { name: 'scim', prefix: '/scim/v2', token: tokens.scim, routes: scimRoutes(state.scim), style: scimStyle, limiter: limits.scim },
    { name: 'uservoice', prefix: '/uservoice', token: tokens.uservoice, routes: uservoiceRoutes(state.uservoice), style: uservoiceStyle, limiter: limits.uv },
    { name: 'braze', prefix: '/braze', token: tokens.braze, routes: brazeRoutes(state.braze), style: brazeStyle, limiter: limits.braze },
  ];

  let origin = '';
  const idle = new IdleConnections(options.keepAliveTimeoutMs ?? 5_000);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (idle.forgotten(req, res)) {
      const forgotten = systems.find((s) => url.pathname.startsWith(`${s.prefix}/`) || url.pathname === s.prefix);
      if (forgotten) log.add({ system: forgotten.name, method: req.method ?? '', path: url.pathname.slice(forgotten.prefix.length) || '/', status: 0, applied: [], fault: 'idle connection reset' });
      return;
    }
    if (url.pathname.startsWith('/_admin/')) return admin(req, res, url);
    const system = systems.find((s) => url.pathname === s.prefix || url.pathname.startsWith(`${s.prefix}/`));
    if (!system) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ message: `no system at ${url.pathname}` }));
    }
    serveSystem(system, { faults, log }, req, res, url.pathname.slice(system.prefix.length) || '/', url.searchParams, origin).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: `sandbox error: ${(e as Error).message}` }));
    });
  });
  // Node closes (with a FIN the client sees) only long after the unannounced timeout above.
  server.keepAliveTimeout = Math.max(30_000, (options.keepAliveTimeoutMs ?? 5_000) * 2);

  function admin(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${tokens.admin}`) return reply(401, { message: 'admin token required' });
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /_admin/log') return reply(200, { requests: log.list({ since: Number(url.searchParams.get('since') ?? 0) }) });
    if (route === 'GET /_admin/applied') return reply(200, { applied: Object.fromEntries(log.applied()) });
    if (route === 'GET /_admin/planted') return reply(200, { planted });
    if (route === 'GET /_admin/faults') return reply(200, faults.get());
    const withBody = (apply: (body: unknown) => unknown) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        try {
          reply(200, apply(JSON.parse(body || '{}')));
        } catch (e) {
          reply(400, { message: (e as Error).message });
        }
      });
    };
    if (route === 'POST /_admin/faults') return withBody((body) => faults.set(body as Partial<FaultSettings>));
    if (route === 'GET /_admin/uservoice') return reply(200, { deepPagingMs: state.uservoice.deepPagingMs });
    if (route === 'POST /_admin/uservoice')
      return withBody((body) => {
        const given = (body as { deepPagingMs?: unknown }).deepPagingMs;
        if (given !== undefined) state.uservoice.deepPagingMs = deepPagingMs(given);
        return { deepPagingMs: state.uservoice.deepPagingMs };
      });
    reply(404, { message: `no admin route ${route}` });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const endpoint = (prefix: string, t: string): SystemEndpoint => ({ url: `${origin}${prefix}`, token: t });
  return {
    info: {
      ready: true,
      productboard: endpoint('/productboard', tokens.productboard),
      scim: endpoint('/scim/v2', tokens.scim),
      uservoice: endpoint('/uservoice', tokens.uservoice),
      braze: endpoint('/braze', tokens.braze),
      admin: endpoint('/_admin', tokens.admin),
    },
    log,
    faults,
    planted,
    state,
    setRpm(rpm) {
      const next = limiters(rpm);
      for (const key of ['pb', 'scim', 'uv', 'braze'] as const) limits[key].configure(next[key].limit, next[key].windowMs);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
