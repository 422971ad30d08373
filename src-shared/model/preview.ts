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
}

export interface PreviewRowView {
  index: number;
  line: number;
  email: string | null;
  externalId: string | null;
  name: string | null;
  strict: Record<string, unknown>;
  lenient: Record<string, unknown>;
}
