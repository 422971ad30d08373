import { isRekeyError } from '../../src-shared/errors';
import type { Connection } from '../../src-shared/model/connection';
import type { ConnectionCheck, ConnectionTestReport } from '../../src-shared/model/pull';
import { connectorFor } from '../sync/connectors';
import { requireConnection } from './connections';
import type { ServiceContext } from './context';
import { clientFor } from './pull';

export type { ConnectionCheck, ConnectionTestReport };

/**
 * `connections test` (issue 6): what works and what does not, in plain words — the
 * token is there, the server answers, it accepts the token (and Productboard's version
 * header), and a first page can be read.
 */
export async function testConnection(ctx: ServiceContext, name: string): Promise<ConnectionTestReport> {
  const connection = requireConnection(ctx, name);
  const checks: ConnectionCheck[] = [];
  const done = () => {
    const report = { connection: name, ok: checks.every((c) => c.ok), checks };
    ctx.workspace.write({ action: 'connection.tested', subject: name, detail: { ok: report.ok, failed: checks.filter((c) => !c.ok).map((c) => c.check) } }, () => undefined);
    return report;
  };
  let client;
  try {
    // A test answers quickly: one retry and a short timeout, not a pull's patience.
    client = clientFor(ctx, connection, undefined, { maxRetries: 1, timeoutMs: 10_000 });
    checks.push({ check: 'token', ok: true, detail: connection.tokenEnv ? `read from $${connection.tokenEnv}` : 'read from the keychain' });
  } catch (e) {
    checks.push({ check: 'token', ok: false, detail: (e as Error).message });
    return done();
  }
  const probe = connectorFor(connection.kind).probe;
  let status: number;
  let body: unknown;
  try {
    ({ status, body } = await client.request({ ...probe, idempotent: true }));
    checks.push({ check: 'reachable', ok: true, detail: `${connection.baseUrl} answered` });
  } catch (e) {
    checks.push({ check: 'reachable', ok: false, detail: isRekeyError(e) ? e.message : String(e) });
    return done();
  }
  if (status === 401 || status === 403) {
    checks.push({ check: 'auth', ok: false, detail: `the server refused the token (HTTP ${status}); check that it is current and has API access` });
    return done();
  }
  checks.push({ check: 'auth', ok: true, detail: 'the token is accepted' });
  if (connection.kind === 'productboard') checks.push(versionCheck(status, body));
  checks.push(firstPage(connection, status, body));
  return done();
}

function versionCheck(status: number, body: unknown): ConnectionCheck {
  const detail = JSON.stringify(body ?? '').toLowerCase();
  if (status === 400 && detail.includes('x-version')) return { check: 'version', ok: false, detail: 'the server does not accept X-Version: 1' };
  return { check: 'version', ok: true, detail: 'X-Version: 1 is accepted' };
}

function firstPage(connection: Connection, status: number, body: unknown): ConnectionCheck {
  if (status < 200 || status >= 300) return { check: 'first_page', ok: false, detail: `reading the first page answered HTTP ${status}` };
  const b = body as { data?: unknown[]; Resources?: unknown[]; users?: unknown[]; totalResults?: number; pagination?: { total_records?: number } };
  const rows = b.data?.length ?? b.Resources?.length ?? b.users?.length ?? 0;
  const total = b.totalResults ?? b.pagination?.total_records;
  const what = connection.kind === 'braze' ? 'look-up by external id works' : `first page read (${rows} row${rows === 1 ? '' : 's'}${total !== undefined ? ` of ${total}` : ''})`;
  return { check: 'first_page', ok: true, detail: what };
}
