import type { ChangeSetState } from '../changesets/lifecycle';

/** SPEC §9 `rekey push` output. */
export interface PushResultValue {
  id: number;
  state: ChangeSetState;
  sent: number;
  applied: number;
  failed: number;
  skipped: number;
  requests: number;
  reconciled: number;
  retries: number;
}

/** A push's progress, for the Push page. */
export interface PushProgressValue {
  changeSetId: number;
  operations: number;
  settled: number;
  applied: number;
  failed: number;
}
