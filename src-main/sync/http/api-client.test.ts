import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isRekeyError } from '../../../src-shared/errors';
import { ApiClient } from './api-client';
import { Pacer } from './pacer';

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

/** A scripted local server: answers request n with script[n] (the last one repeats). */
async function scripted(script: ((res: import('node:http').ServerResponse, req: import('node:http').IncomingMessage) => void)[]): Promise<{ url: string; hits: () => number }> {
  let n = 0;
  server = createServer((req, res) => {
    const step = script[Math.min(n++, script.length - 1)]!;
    req.resume();
    req.on('end', () => step(res, req));
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', () => done()));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/api`, hits: () => n };
}

const ok = (res: import('node:http').ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
const status = (code: number, headers: Record<string, string> = {}) => (res: import('node:http').ServerResponse) => res.writeHead(code, headers).end('{}');
const drop = (res: import('node:http').ServerResponse) => res.socket?.destroy();
const malformed = (res: import('node:http').ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":tr');

const TOKEN = 'tok_SECRET_should_never_show';
const make = (url: string, extra: Partial<ConstructorParameters<typeof ApiClient>[0]> = {}) =>
  new ApiClient({ name: 'connection "t"', baseUrl: url, headers: { authorization: `Bearer ${TOKEN}` }, pacer: new Pacer(1000), random: () => 0, ...extra });

describe('ApiClient', () => {
  it('retries idempotent requests through 5xx, drops and malformed bodies, and counts the retries', async () => {
    const s = await scripted([status(503), drop, malformed, ok]);
    const client = make(s.url);
    const r = await client.request({ method: 'GET', path: '/users', idempotent: true });
    expect(r.body).toEqual({ ok: true });
    expect(client.stats).toMatchObject({ requests: 4, retries: 3 });
  });

  it('waits out a 429 for as long as Retry-After says, then goes on', async () => {
    const s = await scripted([status(429, { 'retry-after': '1' }), ok]);
    const client = make(s.url);
    const started = Date.now();
    await client.request({ method: 'GET', path: '/users', idempotent: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(client.stats.rateLimited).toBe(1);
    expect(client.stats.rateLimitedMs).toBe(1000);
  });

  it('does not resend a non-idempotent request whose answer was lost: outcome_unknown', async () => {
    for (const step of [drop, status(502), malformed]) {
      const s = await scripted([step, ok]);
      const client = make(s.url);
      const error = await client.request({ method: 'POST', path: '/users', body: { a: 1 }, idempotent: false }).catch((e: unknown) => e);
      expect(isRekeyError(error) && error.code).toBe('outcome_unknown');
      expect(s.hits()).toBe(1);
      await new Promise<void>((done) => server!.close(() => done()));
      server = undefined;
    }
  });

  it('gives a clear error after retries are spent, naming the connection and path but never the token', async () => {
    const s = await scripted([status(500)]);
    const client = make(s.url, { maxRetries: 2 });
    const error = (await client.request({ method: 'GET', path: '/users?x=1', idempotent: true }).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/connection "t": GET \/api\/users: the server answered 500 after 3 attempts/);
    expect(error.message).not.toContain(TOKEN);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it('times out a slow answer and retries it', async () => {
    const s = await scripted([(res) => setTimeout(() => ok(res), 1500), ok]);
    const client = make(s.url, { timeoutMs: 300 });
    expect((await client.request({ method: 'GET', path: '/u', idempotent: true })).body).toEqual({ ok: true });
    expect(client.stats.retries).toBe(1);
  });

  it('refuses to follow a link to another host with the token', async () => {
    const s = await scripted([ok]);
    const error = (await make(s.url).request({ method: 'GET', path: 'http://127.0.0.2:9/steal', idempotent: true }).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/linked to another host/);
  });
});
