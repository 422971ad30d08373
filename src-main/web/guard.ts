import { timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'rekey_session';

export type GuardVerdict =
  | { ok: true }
  | { ok: false; status: 401 | 403; code: string; message: string };

export interface GuardRequest {
  host: string | undefined;
  origin: string | undefined;
  cookie: string | undefined;
  authorization: string | undefined;
}

export function secretsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/**
 * Browser mode's door check, in order:
 * 1. Host must be this server's loopback address — a DNS-rebinding page reaches us
 *    under its own host name and is refused (403).
 * 2. Origin, when the browser sends one, must be ours — a cross-site page (CSRF) is
 *    refused (403).
 * 3. The per-launch secret, from the session cookie set by the launch link or a
 *    Bearer header (scripts, tests), must match (401).
 */
export function checkRequest(req: GuardRequest, port: number, secret: string): GuardVerdict {
  const place = checkHostAndOrigin(req, port);
  if (!place.ok) return place;
  const bearer = req.authorization?.startsWith('Bearer ') ? req.authorization.slice(7) : undefined;
  const presented = bearer ?? cookieValue(req.cookie, SESSION_COOKIE);
  if (!presented || !secretsEqual(presented, secret)) {
    return {
      ok: false,
      status: 401,
      code: 'no_session',
      message: 'Open Rekey with the link printed when it started (it carries this launch’s secret)',
    };
  }
  return { ok: true };
}

/** Steps 1 and 2 alone: the launch link presents its secret in the query instead. */
export function checkHostAndOrigin(req: Pick<GuardRequest, 'host' | 'origin'>, port: number): GuardVerdict {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!req.host || !allowedHosts.includes(req.host.toLowerCase())) {
    return { ok: false, status: 403, code: 'bad_host', message: 'Rekey answers only on its loopback address' };
  }
  if (req.origin !== undefined && !allowedHosts.some((h) => req.origin === `http://${h}`)) {
    return { ok: false, status: 403, code: 'bad_origin', message: 'Requests from other sites are refused' };
  }
  return { ok: true };
}
