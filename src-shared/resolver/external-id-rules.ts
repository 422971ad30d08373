import type { RemovalErrorCode, RenameErrorCode } from './types';

/** SPEC §4 N4: ids are 1–512 code points after trimming, with no control characters. */
export const MAX_EXTERNAL_ID_LENGTH = 512;
// C0 controls, DEL and C1 controls (U+0000–U+001F, U+007F–U+009F).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Why a value is not a valid external id (N4), or undefined when it is. */
export function invalidIdReason(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'is not a string';
  const id = value.trim();
  if (id === '') return 'is empty';
  if ([...id].length > MAX_EXTERNAL_ID_LENGTH) return `is longer than ${MAX_EXTERNAL_ID_LENGTH} characters`;
  if (CONTROL.test(id)) return 'contains a control character';
  return undefined;
}

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v) : String(v));

/** Human words for each rename code, naming the ids involved. */
export function renameErrorMessage(code: RenameErrorCode, current: unknown, next: unknown, detail?: string): string {
  switch (code) {
    case 'invalid_id':
      return `invalid external id: ${detail ?? ''}`.trim();
    case 'same_id':
      return `current and new external id are the same (${show(current)})`;
    case 'current_not_found':
      return `${show(current)} is not any user's external id`;
    case 'current_is_deprecated':
      return `${show(current)} is a deprecated external id; rename from the user's primary id`;
    case 'new_in_use':
      return `${show(next)} is already in use as a primary or deprecated external id`;
  }
}

export function removalErrorMessage(code: RemovalErrorCode, id: unknown, detail?: string): string {
  switch (code) {
    case 'invalid_id':
      return `invalid external id: ${detail ?? ''}`.trim();
    case 'is_primary':
      return `${show(id)} is a user's primary external id; only deprecated ids can be removed`;
    case 'not_found':
      return `${show(id)} is not a deprecated external id of any user`;
  }
}
