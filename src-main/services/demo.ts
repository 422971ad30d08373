import type { PullAllResult } from '../../src-shared/model/pull';
import type { Sandbox } from '../sandbox/sandbox';
import { addConnection, updateConnection } from './connections';
import type { ServiceContext } from './context';
import { pullAll } from './pull-all';

export const DEMO_CONNECTIONS = [
  { name: 'demo-productboard', kind: 'productboard', system: 'productboard', env: 'REKEY_DEMO_PRODUCTBOARD_TOKEN' },
  { name: 'demo-scim', kind: 'productboard-scim', system: 'scim', env: 'REKEY_DEMO_SCIM_TOKEN' },
  { name: 'demo-uservoice', kind: 'uservoice', system: 'uservoice', env: 'REKEY_DEMO_USERVOICE_TOKEN' },
  { name: 'demo-braze', kind: 'braze', system: 'braze', env: 'REKEY_DEMO_BRAZE_TOKEN' },
] as const;

/**
 * The demo workspace (issue 5 §7): one connection per system of the built-in sandbox.
 * The sandbox gets a new port and tokens at each launch, so the connections' URLs are
 * brought up to date and the tokens handed over through the environment variables the
 * connections name — the same path real tokens take in browser mode.
 */
export function prepareDemo(ctx: ServiceContext, sandbox: Sandbox, env: NodeJS.ProcessEnv = process.env): void {
  for (const c of DEMO_CONNECTIONS) {
    env[c.env] = sandbox.info[c.system].token;
    const url = sandbox.info[c.system].url;
    const existing = ctx.workspace.connections.byName(c.name);
    if (!existing) addConnection(ctx, { name: c.name, kind: c.kind, baseUrl: url, tokenEnv: c.env });
    else if (existing.baseUrl !== url) updateConnection(ctx, { name: c.name, baseUrl: url });
  }
}

/**
 * The demo's first start pulls every demo connection by itself (Braze-style last), so a
 * newcomer lands on Users, Merges and Import preview with data; the windows show the
 * progress through the usual pull events. Later starts keep what was pulled. Undefined
 * when there is nothing to do; a failed pull is reported in the result, never thrown.
 */
export function pullDemoOnFirstStart(ctx: ServiceContext, signal?: AbortSignal): Promise<PullAllResult> | undefined {
  const neverPulled = DEMO_CONNECTIONS.every((c) => {
    const connection = ctx.workspace.connections.byName(c.name);
    return connection !== undefined && ctx.workspace.pullState.forConnection(connection.id).length === 0;
  });
  return neverPulled ? pullAll(ctx, signal ? { signal } : {}) : undefined;
}
