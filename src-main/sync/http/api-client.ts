import type { Dispatcher } from 'undici';
import { failed } from '../../../src-shared/errors';
import { backoffMs } from './backoff';
import { poolFor } from './origin-pools';
import { loadUndici } from './undici-lazy';
import { defaultSleep, Pacer } from './pacer';
import { retryAfterMs } from './retry-after';

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A path below the base URL, or an absolute URL on the same origin (links.next). */
  path: string;
  body?: unknown;
  /** Safe to repeat: retried after 5xx, timeouts, drops and malformed bodies. */
  idempotent: boolean;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface ClientStats {
  requests: number;
  retries: number;
  rateLimited: number;
  rateLimitedMs: number;
}

export interface ApiClientOptions {
  /** Names the connection in errors and events; never the token. */
  name: string;
  baseUrl: string;
  headers: Record<string, string>;
  pacer: Pacer;
  maxRetries?: number;
  maxRateLimitWaits?: number;
  timeoutMs?: number;
  dispatcher?: Dispatcher;
  random?: () => number;
  onRetry?: (event: { reason: string; attempt: number; waitMs: number }) => void;
}

/**
 * The sync engine's HTTP layer, one for every connector and for pushes: pacing, 429
 * handling in all Retry-After forms, backoff with jitter, timeouts, and errors that
 * name the connection, method, path and status — never the token.
 */
export class ApiClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, rateLimited: 0, rateLimitedMs: 0 };
  private readonly base: URL;

  constructor(private readonly options: ApiClientOptions) {
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  }

  get pacer(): Pacer {
    return this.options.pacer;
  }

  private url(path: string): URL {
    if (/^https?:\/\//.test(path)) {
      const url = new URL(path);
      // A server-given link must stay on the connection's origin: the token goes with it.
      if (url.origin !== this.base.origin) throw failed('foreign_link', `${this.options.name}: the server linked to another host (${url.origin}); not following it`);
      return url;
    }
    return new URL(path.replace(/^\//, ''), this.base);
  }

  async request(req: ApiRequest, signal?: AbortSignal): Promise<ApiResponse> {
    const { name, maxRetries = 6, maxRateLimitWaits = 30, timeoutMs = 30_000, random = Math.random } = this.options;
    const url = this.url(req.path);
    const where = `${name}: ${req.method} ${url.pathname}`;
    let attempt = 0;
    let rateLimitWaits = 0;
    for (;;) {
      await this.options.pacer.take(signal);
      this.stats.requests++;
      let status: number;
      let headers: ApiResponse['headers'];
      let text: string;
      let pool: ReturnType<typeof poolFor> | undefined;
      try {
        const { request, Pool } = await loadUndici();
        pool = this.options.dispatcher ? undefined : poolFor(url.origin, Pool);
        const res = await request(url, {
          method: req.method,
          headers: { ...this.options.headers, ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}), accept: 'application/json' },
          body: req.body === undefined ? undefined : JSON.stringify(req.body),
          dispatcher: this.options.dispatcher ?? pool!.dispatcher,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          signal,
        });
        status = res.statusCode;
        headers = res.headers;
        text = await res.body.text();
        pool?.done();
      } catch (e) {
        pool?.done();
        if (signal?.aborted) throw e;
        const code = (e as { code?: string }).code ?? '';
        const notSent = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
        if (!req.idempotent && !notSent) {
          throw failed('outcome_unknown', `${where}: the connection failed after the request was sent (${describe(e)}); its outcome is unknown`);
        }
        if (attempt >= maxRetries) throw failed(notSent ? 'unreachable' : 'network_failed', `${where}: ${describe(e)} after ${attempt + 1} attempts`);
        await this.retry(attempt++, `network: ${describe(e)}`, random, signal);
        continue;
      }

      this.adaptTo(headers);
      if (status === 429) {
        this.stats.rateLimited++;
        const wait = retryAfterMs(header(headers, 'retry-after')) ?? backoffMs(rateLimitWaits, random, 1000, 60_000);
        if (rateLimitWaits++ >= maxRateLimitWaits) throw failed('rate_limited', `${where}: still rate limited after ${rateLimitWaits} waits`);
        this.stats.rateLimitedMs += wait;
        this.options.pacer.pauseUntil(Date.now() + wait);
        this.options.onRetry?.({ reason: 'rate limited (429)', attempt: rateLimitWaits, waitMs: wait });
        continue;
      }
      if (status >= 500) {
        if (!req.idempotent) throw failed('outcome_unknown', `${where}: the server answered ${status} after the request was sent; its outcome is unknown`);
        if (attempt >= maxRetries) throw failed('server_error', `${where}: the server answered ${status} after ${attempt + 1} attempts`);
        await this.retry(attempt++, `HTTP ${status}`, random, signal);
        continue;
      }
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        if (!req.idempotent && status < 300) throw failed('outcome_unknown', `${where}: the answer (${status}) was not valid JSON; its outcome is unknown`);
        if (attempt >= maxRetries) throw failed('malformed_response', `${where}: the answer (${status}) was not valid JSON after ${attempt + 1} attempts`);
        await this.retry(attempt++, 'malformed body', random, signal);
        continue;
      }
      return { status, headers, body };
    }
  }

  private async retry(attempt: number, reason: string, random: () => number, signal?: AbortSignal): Promise<void> {
    this.stats.retries++;
    const wait = backoffMs(attempt, random);
    this.options.onRetry?.({ reason, attempt: attempt + 1, waitMs: wait });
    await defaultSleep(wait, signal);
  }

  /** X-RateLimit-Remaining 0 with a reset time: wait for the window instead of hitting 429. */
  private adaptTo(headers: ApiResponse['headers']): void {
    const remaining = Number(header(headers, 'x-ratelimit-remaining'));
    const reset = Number(header(headers, 'x-ratelimit-reset'));
    if (remaining === 0 && Number.isFinite(reset) && reset > 0) {
      const until = reset > 1e12 ? reset : reset * 1000;
      if (until > Date.now()) this.options.pacer.pauseUntil(until);
    }
  }
}

function header(headers: ApiResponse['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function describe(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'timed out';
  return code ? code : e instanceof Error ? e.message : String(e);
}
