import type { ConnectionKind } from './connection';

/** SPEC §2 "Record": a user as one remote system holds it. */
export interface UserRecord {
  connection: string;
  remoteId: string;
  email: string | null;
  externalId: string | null;
  deprecatedExternalIds: string[];
  name: string | null;
  company: string | null;
  status: string;
}

export interface UserRecordRow extends UserRecord {
  kind: ConnectionKind;
  vanishedAt: string | null;
}
