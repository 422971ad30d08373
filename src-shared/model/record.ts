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
  /** The person (SPEC §2) this record belongs to: the smallest record id among them. */
  personKey: number;
}

/** A user as a connector read it from one page of a remote list, before it is stored. */
export interface PulledRecord {
  remoteId: string;
  email: string | null;
  externalId: string | null;
  deprecatedExternalIds: string[];
  name: string | null;
  company: string | null;
  status: string;
  /** The remote's own JSON for the user, kept for the person view and diagnostics. */
  raw: unknown;
}
