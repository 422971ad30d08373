import type { CandidateKind, DuplicateCandidate } from '../merges/find-duplicates';
import type { MergeField, MergePlan } from '../merges/merge-plan';

/** One merge as a person chose it: in one connection, who survives, who is merged, which values win. */
export interface MergeChoice {
  connection: string;
  /** Remote id (or, in a merge file, an email or external id) of the survivor. */
  survivor: string;
  losers: string[];
  values: Partial<Record<MergeField, string | null>>;
  /** UserVoice: the external users to move (default: all of the merged users'). */
  moveExternalUsers?: string[];
  /** The duplicate candidate it came from, if any. */
  candidate?: string;
}

/** A candidate's merge planned in every system it spans, and the checklist of it all. */
export interface MergePlanView {
  key: string;
  plans: { connection: string; choice: MergeChoice; plan: MergePlan }[];
  /** Markdown: every step, automatic or by hand, with whether and how it can be undone. */
  checklist: string;
}

/** A page of the duplicate candidates a find listed, with how many there are of each kind. */
export interface MergeCandidatePage {
  total: number;
  /** Candidates per kind, over the whole list (not only this page). */
  counts: Partial<Record<CandidateKind, number>>;
  candidates: DuplicateCandidate[];
}
