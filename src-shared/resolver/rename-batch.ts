import { IdentityIndex } from './identity-index';
import type { IdentityUser, IndexedError, Rename, RenameErrorCode } from './types';

/** One step of a plan: a rename, or the removal of a deprecated id (SPEC §4). */
export type RenameStep =
  | { action: 'rename'; current_external_id: string; new_external_id: string }
  | { action: 'remove'; external_id: string };

/** A swap `a↔b` found in a batch: the two row indexes and the steps that perform it. */
export interface SwapPlan {
  rows: [number, number];
  steps: RenameStep[];
}

export interface BatchAnalysis {
  /** `a→b` then `b→c`: pairs of row indexes, earlier first. */
  chains: [number, number][];
  /** Two rows giving the same new id: pairs of row indexes. */
  collisions: [number, number][];
  swaps: SwapPlan[];
}

/** SPEC §9 `rekey renames check` output. */
export interface RenameCheck {
  external_ids: { index: number; current_external_id: string; new_external_id: string }[];
  rename_errors: IndexedError<RenameErrorCode>[];
  plan: SwapPlan[];
  analysis: BatchAnalysis;
  users: IdentityUser[];
}

/**
 * Finds chains, collisions and swaps in a batch, in the order given (never reordered).
 * A swap is `a→b` and `b→a` where `a` and `b` are primaries of two users: it cannot be
 * done directly because old ids stay reserved while deprecated, so it gets a step plan
 * through a temporary id that nobody uses: a→tmp, remove a, b→a, remove b, tmp→b, remove tmp.
 */
export function analyseBatch(index: IdentityIndex, renames: readonly Rename[]): BatchAnalysis {
  const trimmed = renames.map((r) => ({
    current: typeof r.current_external_id === 'string' ? r.current_external_id.trim() : '',
    next: typeof r.new_external_id === 'string' ? r.new_external_id.trim() : '',
  }));
  const byCurrent = new Map<string, number>();
  const byNew = new Map<string, number>();
  const chains: [number, number][] = [];
  const collisions: [number, number][] = [];
  const swaps: SwapPlan[] = [];
  const inBatch = new Set(trimmed.flatMap((r) => [r.current, r.next]));

  trimmed.forEach((r, i) => {
    const earlierTarget = byNew.get(r.current);
    // a→b then b→c is a chain; a→b then b→a is a swap, reported as one below.
    if (earlierTarget !== undefined && trimmed[earlierTarget]!.current !== r.next) chains.push([earlierTarget, i]);
    const sameNew = byNew.get(r.next);
    if (sameNew !== undefined && r.next !== '') collisions.push([sameNew, i]);
    const mirror = byCurrent.get(r.next);
    if (mirror !== undefined && trimmed[mirror]!.next === r.current && r.current !== r.next) {
      const a = index.byExternalId(trimmed[mirror]!.current);
      const b = index.byExternalId(r.current);
      if (a && b && !a.deprecated && !b.deprecated && a.user.id !== b.user.id) {
        swaps.push({ rows: [mirror, i], steps: swapSteps(trimmed[mirror]!.current, r.current, index, inBatch) });
      }
    }
    if (!byCurrent.has(r.current)) byCurrent.set(r.current, i);
    if (!byNew.has(r.next)) byNew.set(r.next, i);
  });
  return { chains, collisions, swaps };
}

function swapSteps(a: string, b: string, index: IdentityIndex, reserved: Set<string>): RenameStep[] {
  let tmp = `${a}~swap`;
  for (let n = 2; index.isExternalIdInUse(tmp) || reserved.has(tmp); n++) tmp = `${a}~swap${n}`;
  reserved.add(tmp);
  return [
    { action: 'rename', current_external_id: a, new_external_id: tmp },
    { action: 'remove', external_id: a },
    { action: 'rename', current_external_id: b, new_external_id: a },
    { action: 'remove', external_id: b },
    { action: 'rename', current_external_id: tmp, new_external_id: b },
    { action: 'remove', external_id: tmp },
  ];
}

/**
 * `rekey renames check` (SPEC §9, §4): the batch checked in order, as a push would send
 * it in chunks of 50 — each rename against the state the earlier ones left (N6).
 */
export function checkRenames(users: readonly IdentityUser[], renames: readonly Rename[]): RenameCheck {
  const index = new IdentityIndex(users);
  const analysis = analyseBatch(index, renames);
  const external_ids: RenameCheck['external_ids'] = [];
  const rename_errors: RenameCheck['rename_errors'] = [];
  renames.forEach((r, i) => {
    const outcome = index.rename(r.current_external_id, r.new_external_id);
    if (outcome.ok) external_ids.push({ index: i, current_external_id: r.current_external_id.trim(), new_external_id: r.new_external_id.trim() });
    else rename_errors.push({ index: i, code: outcome.code, message: outcome.message });
  });
  return { external_ids, rename_errors, plan: analysis.swaps, analysis, users: index.users() };
}

/** Applies a plan's steps one by one through the same rules (tests, previews). */
export function applySteps(index: IdentityIndex, steps: readonly RenameStep[]): { step: number; code: string }[] {
  const errors: { step: number; code: string }[] = [];
  steps.forEach((s, i) => {
    const outcome = s.action === 'rename' ? index.rename(s.current_external_id, s.new_external_id) : index.remove(s.external_id);
    if (!outcome.ok) errors.push({ step: i, code: outcome.code });
  });
  return errors;
}
