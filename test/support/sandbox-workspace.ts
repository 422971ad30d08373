import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addConnection } from '../../src-main/services/connections';
import { createServiceContext, type ServiceContext } from '../../src-main/services/context';
import { envSecrets } from '../../src-main/services/secrets';
import type { Sandbox } from '../../src-main/sandbox/sandbox';
import { openWorkspace } from '../../src-main/store/workspace';

export const CONNECTIONS = [
  { name: 'pb', kind: 'productboard', system: 'productboard', env: 'SANDBOX_PB_TOKEN' },
  { name: 'scim', kind: 'productboard-scim', system: 'scim', env: 'SANDBOX_SCIM_TOKEN' },
  { name: 'uv', kind: 'uservoice', system: 'uservoice', env: 'SANDBOX_UV_TOKEN' },
  { name: 'braze', kind: 'braze', system: 'braze', env: 'SANDBOX_BRAZE_TOKEN' },
] as const;

/** The environment a CLI child needs to read the sandbox tokens. */
export function sandboxEnv(sandbox: Sandbox): Record<string, string> {
  return Object.fromEntries(CONNECTIONS.map((c) => [c.env, sandbox.info[c.system].token]));
}

/** A fresh workspace with one connection per sandbox system, tokens from an env map. */
export function sandboxWorkspace(
  sandbox: Sandbox,
  options: { dir?: string; ratePerSecond?: number } = {},
): { ctx: ServiceContext; path: string; env: Record<string, string> } {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'rekey-sbw-'));
  const path = join(dir, 'workspace.rekey');
  const env = sandboxEnv(sandbox);
  const ctx = createServiceContext(openWorkspace(path), 'cli', { secrets: envSecrets(env) });
  for (const c of CONNECTIONS) {
    addConnection(ctx, { name: c.name, kind: c.kind, baseUrl: sandbox.info[c.system].url, tokenEnv: c.env, ...(options.ratePerSecond !== undefined ? { ratePerSecond: options.ratePerSecond } : {}) });
  }
  return { ctx, path, env };
}
