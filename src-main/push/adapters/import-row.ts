import type { ChangeRow } from '../../../src-shared/model/change-set';
import type { RowDecision } from '../adapter';

/** An import row's fields, as staged (src-main/services/stage-import.ts). */
export interface ImportFields {
  email: string | null;
  externalId: string | null;
  name: string | null;
}

export const importFields = (row: ChangeRow): ImportFields => row.payload as unknown as ImportFields;

/** A row every import adapter settles without a request: it already matches, or its plan fails it. */
export function decidedWithoutRequest(row: ChangeRow): RowDecision | undefined {
  if (row.plan.action === 'match') return { idx: row.idx, result: 'applied', detail: `already matches user ${String(row.plan.userId)}; nothing to send` };
  if (row.plan.action === 'fail') return { idx: row.idx, result: 'failed', detail: `${String(row.plan.error ?? 'fail')}: the plan says this row fails` };
  return undefined;
}

/** "Ada Lovelace" → given "Ada", family "Lovelace" (systems that keep two name fields). */
export function splitName(name: string | null): { given: string | null; family: string | null } {
  const trimmed = name?.trim();
  if (!trimmed) return { given: null, family: null };
  const space = trimmed.indexOf(' ');
  return space < 0 ? { given: trimmed, family: null } : { given: trimmed.slice(0, space), family: trimmed.slice(space + 1).trim() };
}
