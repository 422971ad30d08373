import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { addConnection } from '../../src-main/services/connections';
import { createServiceContext, type ServiceContext } from '../../src-main/services/context';
import { pullConnection } from '../../src-main/services/pull';
import { envSecrets } from '../../src-main/services/secrets';
import { startSandbox, type Sandbox } from '../../src-main/sandbox/sandbox';
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

/**
 * A sandbox (limits off) and a workspace on disk beside it with the named connections
 * pulled (in CONNECTIONS order, so Braze-style last: it looks up the ids the others know),
 * then closed: what a test that runs `rekey` in a child process works against.
 */
export async function sandboxForCli(options: { users: number; pull?: readonly (typeof CONNECTIONS)[number]['name'][] | 'all' }): Promise<{
  sandbox: Sandbox;
  path: string;
  env: Record<string, string>;
  dir: string;
}> {
  const sandbox = await startSandbox({ users: options.users, rpm: 0 });
  const made = sandboxWorkspace(sandbox, { ratePerSecond: 0 });
  const pull = options.pull ?? [];
  for (const c of CONNECTIONS) if (pull === 'all' || pull.includes(c.name)) await pullConnection(made.ctx, c.name, { ratePerSecond: 0 });
  made.ctx.workspace.close();
  return { sandbox, path: made.path, env: made.env, dir: dirname(made.path) };
}

/** Pulls every sandbox connection of a workspace, unpaced: a test measures what follows. */
export async function pullEverySystem(ctx: ServiceContext): Promise<void> {
  for (const c of CONNECTIONS) await pullConnection(ctx, c.name, { ratePerSecond: 0 });
}

/** The external ids of the persons the sandbox holds in all four systems, sorted. */
export function heldEverywhere(sandbox: Sandbox): string[] {
  const pb = new Set(sandbox.state.productboard.users.users().map((u) => u.externalId));
  const scim = new Set(sandbox.state.scim.users.users().map((u) => u.externalId));
  const uv = sandbox.state.uservoice.uv.externalUsers;
  return sandbox.state.braze.users
    .users()
    .map((u) => u.externalId!)
    .filter((id) => pb.has(id) && scim.has(id) && uv.has(id))
    .sort();
}
