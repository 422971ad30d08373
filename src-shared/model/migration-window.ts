/** SPEC §4 "Migration window": while open, the deprecated id still identifies the user. */
export interface MigrationWindow {
  id: number;
  connection: string;
  oldId: string;
  newId: string;
  /** The remote user, when known (remote id or the new external id). */
  userRef: string | null;
  /** The rename batch that opened it. */
  changeSetId: number | null;
  openedAt: string;
  closesAt: string;
  closedAt: string | null;
  /** The removal batch that closes it, once staged. */
  closingChangeSetId: number | null;
}
