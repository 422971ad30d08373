import type { TeamReviewView } from './derive-review';
import type { ApprovalPolicy, SharedChangeSetEntry } from './team-doc';

export interface TeamChangeSetSummary extends SharedChangeSetEntry {
  /** The local change set it was shared from, on the author's workspace. */
  localId: number | null;
  counts: TeamReviewView['counts'];
  approvable: boolean;
  blockers: string[];
  results: number;
}

/** `rekey team status` and the Team page: where this workspace stands with its team. */
export interface TeamStatus {
  server: string;
  member: string;
  joinedAt: string;
  lastSyncAt: string | null;
  pendingUpdates: number;
  stateHash: string;
  policy: ApprovalPolicy;
  changeSets: TeamChangeSetSummary[];
  conflicts: { changeSet: string; idx: number; approvedBy: string[]; rejectedBy: string[] }[];
}

/** What a member shows the others: who, and which change set and rows they look at. */
export interface Presence {
  member: string;
  changeSet: string | null;
  rows: number[];
}

export interface PushLeaseView {
  changeSet: string;
  member: string;
  since: string;
  expiresAt: string;
}

/** The app's live view of the team, beside the shared state. */
export interface TeamLiveState {
  connected: boolean;
  /** Why the app is not syncing, in plain words, or null. */
  problem: string | null;
  presence: Presence[];
  members: { name: string; revoked: boolean }[];
  leases: PushLeaseView[];
}

export type TeamPageState = { joined: false } | ({ joined: true; live: TeamLiveState } & TeamStatus);
