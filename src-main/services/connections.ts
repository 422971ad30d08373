import { randomUUID } from 'node:crypto';
import type { AddConnectionInput, UpdateConnectionInput } from '../../src-shared/contract/connection-schemas';
import { badInput } from '../../src-shared/errors';
import type { Connection, ConnectionSummary } from '../../src-shared/model/connection';
import { activePulls } from './active-pulls';
import type { ServiceContext } from './context';

export function requireConnection(ctx: ServiceContext, name: string): Connection {
  const connection = ctx.workspace.connections.byName(name);
  if (!connection) throw badInput('unknown_connection', `no connection named "${name}" (see rekey connections list)`);
  return connection;
}

/** A token typed into the app goes to the keychain; elsewhere only an env var name is accepted. */
function keepToken(ctx: ServiceContext, token: string | undefined): string | null {
  if (token === undefined) return null;
  if (!ctx.secrets.vault) {
    throw badInput(
      'token_needs_env',
      'tokens are read from an environment variable here (tokenEnv); only the desktop app keeps typed tokens, in the OS keychain',
    );
  }
  const ref = `connection-${randomUUID()}`;
  ctx.secrets.vault.save(ref, token);
  return ref;
}

/** Connections with their record counts and last pull, for the Connections page. */
export function listConnections(ctx: ServiceContext): ConnectionSummary[] {
  const pulls = activePulls(ctx);
  return ctx.workspace.connections.list().map((c) => {
    const states = ctx.workspace.pullState.forConnection(c.id);
    const latest = states.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))[0];
    const failed = states.find((s) => s.status === 'failed');
    const running = states.find((s) => s.status === 'running');
    const shown = failed ?? running ?? latest;
    const pulling = pulls.get(c.name);
    return {
      ...c,
      ...(pulling ? { pulling } : {}),
      records: ctx.workspace.records.count({ connection: c.name, live: true }),
      lastPull: shown
        ? {
            status: shown.status,
            finishedAt: states.every((s) => s.status === 'done') ? (latest?.finishedAt ?? null) : null,
            updatedAt: shown.updatedAt,
            pages: states.reduce((n, s) => n + s.pages, 0),
            rows: states.reduce((n, s) => n + s.rows, 0),
            error: shown.error,
            incremental: states.some((s) => s.mode === 'incremental'),
          }
        : null,
    };
  });
}

export function addConnection(ctx: ServiceContext, input: AddConnectionInput): Connection {
  if (ctx.workspace.connections.byName(input.name)) {
    throw badInput('connection_exists', `a connection named "${input.name}" already exists`);
  }
  const tokenRef = keepToken(ctx, input.token);
  const connection = ctx.workspace.write(
    { action: 'connection.added', subject: input.name, detail: { kind: input.kind, baseUrl: input.baseUrl, tokenEnv: input.tokenEnv ?? null } },
    () =>
      ctx.workspace.connections.add(
        { name: input.name, kind: input.kind, baseUrl: input.baseUrl, tokenEnv: input.tokenEnv ?? null, tokenRef, ratePerSecond: input.ratePerSecond ?? null },
        new Date().toISOString(),
      ),
  );
  ctx.events.emit('workspace.changed', { topic: 'connections' });
  return connection;
}

export function updateConnection(ctx: ServiceContext, input: UpdateConnectionInput): Connection {
  const current = requireConnection(ctx, input.name);
  if (input.newName && input.newName !== input.name && ctx.workspace.connections.byName(input.newName)) {
    throw badInput('connection_exists', `a connection named "${input.newName}" already exists`);
  }
  const oldRef = ctx.workspace.connections.tokenRef(current.id);
  const tokenRef = keepToken(ctx, input.token);
  const changed = ctx.workspace.write(
    {
      action: 'connection.updated',
      subject: input.newName ?? input.name,
      detail: {
        ...(input.newName ? { renamedFrom: input.name } : {}),
        ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
        ...(input.tokenEnv ? { tokenEnv: input.tokenEnv } : {}),
        ...(input.ratePerSecond !== undefined ? { ratePerSecond: input.ratePerSecond } : {}),
        ...(input.token ? { token: 'replaced in keychain' } : {}),
      },
    },
    () => {
      // Another server: what changed since the last pull there says nothing here (the next pull is full).
      if (input.baseUrl && input.baseUrl !== current.baseUrl) ctx.workspace.pullState.forgetHistory(current.id);
      return ctx.workspace.connections.update(
        current.id,
        {
          name: input.newName,
          baseUrl: input.baseUrl,
          ratePerSecond: input.ratePerSecond,
          // A new env var replaces a keychain token and the other way round.
          tokenEnv: input.tokenEnv ?? (tokenRef ? null : undefined),
          tokenRef: tokenRef ?? (input.tokenEnv ? null : undefined),
        },
        new Date().toISOString(),
      );
    },
  );
  if (oldRef && (tokenRef || input.tokenEnv)) ctx.secrets.vault?.forget(oldRef);
  ctx.events.emit('workspace.changed', { topic: 'connections' });
  return changed;
}

export function removeConnection(ctx: ServiceContext, name: string): { removed: string; records: number } {
  const connection = requireConnection(ctx, name);
  const tokenRef = ctx.workspace.connections.tokenRef(connection.id);
  const records = ctx.workspace.records.count({ connection: name });
  ctx.workspace.write({ action: 'connection.removed', subject: name, detail: { records } }, () =>
    ctx.workspace.connections.remove(connection.id),
  );
  if (tokenRef) ctx.secrets.vault?.forget(tokenRef);
  ctx.events.emit('workspace.changed', { topic: 'connections' });
  ctx.events.emit('workspace.changed', { topic: 'records' });
  return { removed: name, records };
}
