import type { ConnectionKind } from '../../src-shared/model/connection';

/**
 * Each API's documented ceiling (SPEC §6), and the pace we keep: 1% under it, so even
 * spacing never puts a 51st request into a fixed one-second window.
 */
export const KIND_CEILING_PER_SECOND: Record<ConnectionKind, number> = {
  productboard: 50,
  'productboard-scim': 50,
  uservoice: 1000 / 60,
  braze: 1000 / 60,
};

export const PACE_FRACTION = 0.99;

export function paceFor(kind: ConnectionKind): number {
  return KIND_CEILING_PER_SECOND[kind] * PACE_FRACTION;
}

/** The headers each kind authenticates (and versions) with. */
export function authHeaders(kind: ConnectionKind, token: string): Record<string, string> {
  return kind === 'productboard' ? { authorization: `Bearer ${token}`, 'x-version': '1' } : { authorization: `Bearer ${token}` };
}
