import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawRequest } from '../../test/support/raw-request';
import { createServiceContext } from '../services/context';
import { SCHEMA_VERSION } from '../store/migrations';
import { openWorkspace, type Workspace } from '../store/workspace';
import { startBrowserMode, type BrowserMode } from './server';

let dir: string;
let workspace: Workspace;
let server: BrowserMode;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rekey-web-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Rekey</title>');
  writeFileSync(join(dir, 'outside.txt'), 'secret stuff');
  workspace = openWorkspace(join(dir, 'w.rekey'));
  server = await startBrowserMode(createServiceContext(workspace, 'browser'), { rendererDir });
});

afterEach(async () => {
  await server.close();
  workspace.close();
});

const raw = (path: string, options?: Parameters<typeof rawRequest>[2]) => rawRequest(server.port, path, options);

const auth = () => ({ Authorization: `Bearer ${server.secret}` });
const json = { 'Content-Type': 'application/json' };

describe('browser mode', () => {
  it('listens on loopback only', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses a request without the secret (401)', async () => {
    expect((await raw('/')).status).toBe(401);
    const api = await raw('/api/workspace.info', { method: 'POST', headers: json, body: '{}' });
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body).error.code).toBe('no_session');
  });

  it('refuses a wrong secret (401)', async () => {
    const r = await raw('/api/workspace.info', {
      method: 'POST',
      headers: { ...json, Authorization: 'Bearer not-the-secret' },
      body: '{}',
    });
    expect(r.status).toBe(401);
  });

  it('refuses a foreign Origin even with the secret (403, CSRF)', async () => {
    const r = await raw('/api/workspace.info', {
      method: 'POST',
      headers: { ...json, ...auth(), Origin: 'http://evil.example' },
      body: '{}',
    });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error.code).toBe('bad_origin');
  });

  it('refuses a foreign Host even with the secret (403, DNS rebinding)', async () => {
    const r = await raw('/', { headers: { ...auth(), Host: `evil.example:${server.port}` } });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error.code).toBe('bad_host');
  });

  it('trades the launch link for an HttpOnly SameSite=Strict session cookie', async () => {
    const open = await raw(new URL(server.launchUrl).pathname + new URL(server.launchUrl).search);
    expect(open.status).toBe(302);
    const cookie = String(open.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await raw('/', { headers: { Cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect((await raw('/open?secret=wrong')).status).toBe(401);
  });

  it('answers contract calls with {ok,value} and validates input at the boundary', async () => {
    const ok = await raw('/api/workspace.info', { method: 'POST', headers: { ...json, ...auth() }, body: '{}' });
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { schemaVersion: SCHEMA_VERSION, mode: 'browser' } });
    const bad = await raw('/api/audit.list', { method: 'POST', headers: { ...json, ...auth() }, body: '{"limit":-1}' });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.parse(bad.body).error.message).toContain('limit');
    const unknown = await raw('/api/nope', { method: 'POST', headers: { ...json, ...auth() }, body: '{}' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
  });

  it('refuses non-JSON bodies for calls (no simple cross-site form posts)', async () => {
    const r = await raw('/api/workspace.info', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', ...auth() },
      body: '{}',
    });
    expect(r.status).toBe(415);
  });

  it('serves nothing outside the renderer bundle', async () => {
    const r = await raw('/..%2Foutside.txt', { headers: auth() });
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('secret stuff');
  });
});
