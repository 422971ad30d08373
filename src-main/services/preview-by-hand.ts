import { importStepByHand, type ByHandCode } from '../../src-shared/import-by-hand';
import type { TextColumns } from '../../src-shared/resolver/text-columns';
import { EMAIL, EXTERNAL_ID, type ModePlan } from './import-plan';

/** Whether a row's cell holds text (without making a string of it: a million rows pass here). */
export function hasText(rows: TextColumns, i: number, column: number): boolean {
  return rows.chunkOf(i).lengths[rows.cellOf(i) + column]! > 0;
}

/**
 * The step planned row i leaves to a person in a system of this kind, if any (the shared
 * rules of src-shared/import-by-hand.ts), read from the typed plan without a row object.
 */
export function rowStepByHand(kind: string, rows: TextColumns, plan: ModePlan, i: number): ByHandCode | undefined {
  return importStepByHand(kind, plan.actionOf(i), { hasEmail: hasText(rows, i, EMAIL), hasExternalId: hasText(rows, i, EXTERNAL_ID) });
}

/** How many planned rows a system of this kind leaves by hand: one pass, no object per row. */
export function byHandCount(kind: string, rows: TextColumns, plan: ModePlan | undefined): number {
  if (!plan) return 0;
  let n = 0;
  for (let i = 0; i < rows.rows; i++) if (rowStepByHand(kind, rows, plan, i)) n++;
  return n;
}
