import { failed } from '../../src-shared/errors';
import type { PushLease } from '../store/team-server/leases';

/** The team server's HTTP API lives on the same port as its WebSocket: ws→http, wss→https. */
export function httpBase(serverUrl: string): string {
  return serverUrl.replace(/^ws/, 'http').replace(/\/+$/, '');
}

async function call<T>(serverUrl: string, token: string, method: 'GET' | 'POST', path: string): Promise<{ status: number; body: T }> {
  let response: Response;
  try {
    response = await fetch(`${httpBase(serverUrl)}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (e) {
    throw failed('team_unreachable', `the team server at ${serverUrl} cannot be reached (${(e as Error).message})`);
  }
  if (response.status === 401) throw failed('team_token_refused', 'the team server refused the member token; ask its operator for a new one');
  const body = (await response.json()) as T & { error?: string };
  if (response.status >= 500) throw failed('team_unavailable', `the team server at ${serverUrl} could not answer: ${body.error ?? response.status}`);
  return { status: response.status, body };
}

export async function takeLease(serverUrl: string, token: string, changeSet: string): Promise<{ granted: boolean; lease: PushLease }> {
  return (await call<{ granted: boolean; lease: PushLease }>(serverUrl, token, 'POST', `/api/leases/${encodeURIComponent(changeSet)}/take`)).body;
}

export async function releaseLease(serverUrl: string, token: string, changeSet: string): Promise<void> {
  await call(serverUrl, token, 'POST', `/api/leases/${encodeURIComponent(changeSet)}/release`);
}

export async function activeLeases(serverUrl: string, token: string): Promise<PushLease[]> {
  return (await call<{ leases: PushLease[] }>(serverUrl, token, 'GET', '/api/leases')).body.leases;
}

export async function teamMembers(serverUrl: string, token: string): Promise<{ name: string; revoked: boolean }[]> {
  return (await call<{ members: { name: string; revoked: boolean }[] }>(serverUrl, token, 'GET', '/api/members')).body.members;
}
