import type { ByHandCode } from '../import-by-hand';
import type { RenamedId } from './renamed-id';

/** What the Import preview page shows of a preview (SPEC §7.2); its rows come in windows. */
export interface PreviewSummary {
  file: string;
  sha256: string;
  createdAt: string;
  connection: string;
  header: string[];
  mapping: Partial<Record<'email' | 'externalId' | 'name' | 'company', number>>;
  total: number;
  counts: { strict: Record<string, number>; lenient: Record<string, number> };
  conflicts: { strict: number; lenient: number };
  /** The first 1,000 unreadable rows, by line. */
  problems: { line: number; message: string }[];
  problemCount: number;
  /** Rows naming an external id a pushed rename replaced; `rewritten` of them are planned with the new id; the first 20 in words. */
  renamed: { rows: number; rewritten: number; first: RenamedIdWords[] };
  /** Per mode: planned rows the system's push will not carry out, left to a person (src-shared/import-by-hand.ts). */
  byHand: { strict: number; lenient: number };
}

/** A row's renamed-away id in words, with its code. */
export interface RenamedIdWords {
  line: number;
  from: string;
  to: string;
  rewritten: boolean;
  code: string;
  says: string;
}

export interface PreviewRowView {
  index: number;
  line: number;
  email: string | null;
  externalId: string | null;
  name: string | null;
  strict: Record<string, unknown>;
  lenient: Record<string, unknown>;
  /** The row names an id a pushed rename replaced (issue 19 item 5); `rewritten`: planned with the new one. */
  renamedId?: RenamedId & { rewritten: boolean };
}

/** The previewed file planned in several connections at once (issue 19): outcomes side by side. */
export interface PreviewComparison {
  /** The preview's own connection first, then the others chosen. */
  connections: string[];
  mode: 'strict' | 'lenient';
  total: number;
  /** Per connection name: rows per outcome. */
  counts: Record<string, Record<string, number>>;
  /** Per connection name: rows its API will not carry out, left by hand (src-shared/import-by-hand.ts). */
  byHand: Record<string, number>;
  /** Per connection name: rows naming an id a rename pushed to that connection replaced, and how many are planned with the new id. */
  renamed: Record<string, { rows: number; rewritten: number }>;
  /** Whether "Stage into each" maps each connection's old ids to its own new ids (it does when this preview mapped any). */
  stagesRewritten: boolean;
  /** The first rows, each with its outcome per connection name. */
  rows: {
    index: number;
    line: number;
    email: string | null;
    externalId: string | null;
    outcomes: Record<string, Record<string, unknown>>;
    /** Per connection name: the step this row leaves to a person there, if any. */
    byHand: Record<string, ByHandCode | null>;
    /** Per connection name: the id a rename pushed there replaced, in words, if the row names one. */
    renamed: Record<string, RenamedIdWords | null>;
  }[];
}
