import type { ChangeSetKind } from '../../../src-shared/changesets/lifecycle';
import { failed } from '../../../src-shared/errors';
import type { ConnectionKind } from '../../../src-shared/model/connection';
import type { PushAdapter } from '../adapter';
import { brazeExternalIdsAdapter } from './braze-external-ids';
import { brazeTrackImportAdapter } from './braze-track-import';
import { mergeStepsAdapter } from './merge-steps';
import { productboardImportAdapter } from './productboard-import';
import { scimImportAdapter } from './scim-import';
import { uservoiceIdentifyAdapter } from './uservoice-identify';
import { uservoiceImportAdapter } from './uservoice-import';

/** Which adapter pushes a kind of change set to a kind of system (`via`: a staged choice of endpoint). */
export function adapterFor(connection: ConnectionKind, kind: ChangeSetKind, via?: unknown): PushAdapter {
  // A merge's rows carry their own per-system requests (src-shared/merges/merge-plan.ts).
  if (kind === 'merge') return mergeStepsAdapter;
  // Renames elsewhere than Braze-style are per-user requests planned as steps (src-shared/renames).
  if (kind === 'rename' && connection !== 'braze') return mergeStepsAdapter;
  if (connection === 'uservoice' && kind === 'import' && via === 'bulk_identify') return uservoiceIdentifyAdapter;
  if (connection === 'braze' && (kind === 'rename' || kind === 'removal')) return brazeExternalIdsAdapter;
  if (connection === 'productboard' && kind === 'import') return productboardImportAdapter;
  if (connection === 'uservoice' && kind === 'import') return uservoiceImportAdapter;
  if (connection === 'productboard-scim' && kind === 'import') return scimImportAdapter;
  if (connection === 'braze' && kind === 'import') return brazeTrackImportAdapter;
  throw failed('unsupported_push', `pushing ${kind} change sets to ${connection} connections is not supported yet (renames: every kind; removals of deprecated ids: braze; imports and merges: every kind)`);
}
