import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { failed } from '../../src-shared/errors';
import type { ServiceContext } from '../services/context';
import { dispatch } from '../services/dispatch';
import { closeTransfers } from '../services/file-transfers';
import { receiveUpload, sendDownload } from './file-endpoints';
import { checkHostAndOrigin, checkRequest, type GuardVerdict, SESSION_COOKIE, secretsEqual } from './guard';
import { readStatic } from './static-files';

/** The same policy as the renderer's <meta> CSP, sent as a header too. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

// The app's own files come through /upload; a script may still send a CSV's text in a call.
const MAX_BODY_BYTES = 512 * 1024 * 1024;

export interface BrowserMode {
  /** The launch link: opening it sets the session cookie. Contains the secret. */
  launchUrl: string;
  origin: string;
  port: number;
  secret: string;
  close(): Promise<void>;
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function refuse(res: ServerResponse, verdict: Exclude<GuardVerdict, { ok: true }>): void {
  sendJson(res, verdict.status, { ok: false, error: { code: verdict.code, message: verdict.message } });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw failed('body_too_large', 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Browser mode (issue 3): the services behind the same dispatcher as Electron's IPC,
 * served on 127.0.0.1 only, every request checked for host, origin and the per-launch
 * secret (see guard.ts), and the same renderer bundle as static files.
 */
export async function startBrowserMode(
  ctx: ServiceContext,
  options: { rendererDir: string; port?: number },
): Promise<BrowserMode> {
  if (!existsSync(join(options.rendererDir, 'index.html'))) {
    throw failed('renderer_not_built', `The renderer is not built (${options.rendererDir}); run npm run build`);
  }
  const secret = randomBytes(32).toString('base64url');
  let port = 0;
  const streams = new Set<ServerResponse>();

  const server = createServer(async (req, res) => {
    securityHeaders(res);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // The launch link trades the secret in its query for an HttpOnly, SameSite=Strict
    // cookie, then drops it from the address bar.
    if (req.method === 'GET' && url.pathname === '/open') {
      const presented = url.searchParams.get('secret') ?? '';
      const place = checkHostAndOrigin(headersOf(req), port);
      if (!place.ok) return refuse(res, place);
      if (!secretsEqual(presented, secret)) {
        return sendJson(res, 401, { ok: false, error: { code: 'no_session', message: 'This launch link is not the current one' } });
      }
      res.writeHead(302, {
        'Set-Cookie': `${SESSION_COOKIE}=${secret}; HttpOnly; SameSite=Strict; Path=/`,
        Location: '/',
      });
      return res.end();
    }
    const verdict = checkRequest(headersOf(req), port, secret);
    if (!verdict.ok) return refuse(res, verdict);

    // Files cross as request and response bodies streamed to and from disk, never inside a call's JSON.
    if (url.pathname === '/upload') return receiveUpload(ctx, req, res, sendJson, url.searchParams.get('name') ?? '');
    if (url.pathname.startsWith('/download/') && req.method === 'GET') return sendDownload(ctx, res, sendJson, url.pathname.slice('/download/'.length));
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'method', message: 'POST only' } });
      // A JSON content type cannot be sent cross-site without a preflight, which we never grant.
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendJson(res, 415, { ok: false, error: { code: 'content_type', message: 'application/json only' } });
      }
      let input: unknown;
      try {
        const body = await readBody(req);
        input = body ? JSON.parse(body) : {};
      } catch {
        return sendJson(res, 400, { ok: false, error: { code: 'invalid_json', message: 'The request body is not JSON' } });
      }
      return sendJson(res, 200, await dispatch(ctx, url.pathname.slice('/api/'.length), input));
    }
    if (url.pathname === '/events' && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (req.method !== 'GET') return sendJson(res, 405, { ok: false, error: { code: 'method', message: 'GET only' } });
    const file = await readStatic(options.rendererDir, url.pathname);
    if (!file) return sendJson(res, 404, { ok: false, error: { code: 'not_found', message: url.pathname } });
    res.writeHead(200, { 'Content-Type': file.type });
    res.end(file.body);
  });

  const unsubscribe = ctx.events.subscribe((event) => {
    for (const stream of streams) stream.write(`data: ${JSON.stringify(event)}\n\n`);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only, never another interface (issue 3, SPEC §8).
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    launchUrl: `${origin}/open?secret=${secret}`,
    origin,
    port,
    secret,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        closeTransfers(ctx);
        for (const stream of streams) stream.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function headersOf(req: IncomingMessage) {
  return {
    host: req.headers.host,
    origin: req.headers.origin,
    cookie: req.headers.cookie,
    authorization: req.headers.authorization,
  };
}
