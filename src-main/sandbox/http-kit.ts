import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from './faults';
import type { RateLimiter } from './rate-limit';
import type { RequestLog, SystemName } from './request-log';
import { observeResponse } from './response-observer';

export interface SandboxRequest {
  method: string;
  /** The path below the system's base URL, e.g. /users/123 */
  path: string;
  params: string[];
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
  /** The base URL the client used for this system (for absolute links.next). */
  baseUrl: string;
  token: string;
}

export interface SandboxResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Stable identities of what the request changed, for the request log. */
  applied?: string[];
  /** How long the system takes to answer (UserVoice's deep pages): the answer is held back this long. */
  delayMs?: number;
}

export interface Route {
  method: string;
  pattern: RegExp;
  handle: (req: SandboxRequest) => SandboxResponse;
}

/** How one system words its answers to faults that come before any handler. */
export interface SystemStyle {
  unauthorized: () => SandboxResponse;
  rateLimited: (resetAt: number, now: number) => SandboxResponse;
  serverError: () => SandboxResponse;
  notFound: (path: string) => SandboxResponse;
  badJson: () => SandboxResponse;
}

export interface SystemHost {
  name: SystemName;
  /** The URL prefix this system answers under, e.g. /productboard */
  prefix: string;
  token: string;
  routes: Route[];
  style: SystemStyle;
  limiter: RateLimiter;
  /** Checks every request may add (Productboard's X-Version). */
  precheck?: (req: SandboxRequest) => SandboxResponse | undefined;
  /** Gives every answer its final shape (Productboard words errors differently per resource). */
  finish?: (method: string, path: string, response: SandboxResponse) => SandboxResponse;
}

export interface SharedHost {
  faults: FaultInjector;
  log: RequestLog;
}

const MAX_BODY = 32 * 1024 * 1024;

async function readJson(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return { ok: false };
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

function send(res: ServerResponse, response: SandboxResponse, malformed = false): void {
  const headers: Record<string, string> = { ...response.headers };
  if (response.body !== undefined) headers['Content-Type'] ??= 'application/json';
  res.writeHead(response.status, headers);
  if (response.body === undefined) return void res.end();
  const text = JSON.stringify(response.body);
  // A malformed body: cut the JSON mid-way, as a broken proxy or a crashing server would.
  res.end(malformed ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : text);
}

/**
 * Serves one request for one system: auth, rate limit, faults, the handler, the log.
 * Handlers are synchronous, so a change is applied whole or not at all.
 */
export async function serveSystem(system: SystemHost, shared: SharedHost, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, origin: string): Promise<void> {
  const method = req.method ?? 'GET';
  const answer = (response: SandboxResponse, malformed = false) => {
    const shaped = system.finish?.(method, path, response) ?? response;
    observeResponse({ system: system.name, method, path, query: query.toString(), status: shaped.status, body: shaped.body });
    send(res, shaped, malformed);
  };
  const log = (status: number, applied: string[] = [], fault?: string) =>
    shared.log.add({ system: system.name, method, path, status, applied, ...(fault ? { fault } : {}) });

  const auth = req.headers.authorization ?? '';
  const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
  if (token !== system.token) {
    const r = system.style.unauthorized();
    log(r.status);
    return answer(r);
  }
  const limit = system.limiter.take(token);
  const rateHeaders: Record<string, string> =
    system.limiter.limit > 0
      ? { 'X-RateLimit-Limit': String(system.limiter.limit), 'X-RateLimit-Remaining': String(limit.remaining), 'X-RateLimit-Reset': String(Math.ceil(limit.resetAt / 1000)) }
      : {};
  if (!limit.allowed) {
    const r = system.style.rateLimited(limit.resetAt, Date.now());
    log(r.status);
    return answer({ ...r, headers: { ...rateHeaders, ...r.headers } });
  }

  const draw = shared.faults.draw();
  if (draw.slow) await new Promise((resolve) => setTimeout(resolve, shared.faults.get().slowMs));
  if (draw.before === 'drop') {
    log(0, [], 'drop');
    req.socket.destroy();
    return;
  }
  if (draw.before === 'error5xx') {
    const r = system.style.serverError();
    log(r.status, [], 'error5xx');
    return answer(r);
  }

  const parsed = method === 'GET' || method === 'DELETE' ? { ok: true as const, value: undefined } : await readJson(req);
  if (!parsed.ok) {
    const r = system.style.badJson();
    log(r.status);
    return answer(r);
  }
  const route = system.routes.find((r) => r.method === method && r.pattern.test(path));
  const request: SandboxRequest = {
    method,
    path,
    params: route ? (route.pattern.exec(path)!.slice(1) as string[]).map(decodeURIComponent) : [],
    query,
    headers: req.headers,
    body: parsed.value,
    baseUrl: `${origin}${system.prefix}`,
    token,
  };
  const response = system.precheck?.(request) ?? (route ? route.handle(request) : system.style.notFound(path));
  const applied = response.applied ?? [];
  if (draw.after === 'dropAfterApply') {
    log(0, applied, 'dropAfterApply');
    req.socket.destroy();
    return;
  }
  if (response.delayMs) await new Promise((resolve) => setTimeout(resolve, response.delayMs));
  log(response.status, applied, draw.after);
  answer({ ...response, headers: { ...rateHeaders, ...response.headers } }, draw.after === 'malformed');
}
