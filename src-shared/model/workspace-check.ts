/** What a full check of the workspace file found (`rekey doctor`, the Audit page's "Check the file"). */
export interface WorkspaceCheck {
  path: string;
  ok: boolean;
  /** SQLite's own words for each problem, at most 20. */
  problems: string[];
  pages: number;
  bytes: number;
  ms: number;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;

/** The result in plain words, one sentence (and the problems, one a line, when there are any). */
export function describeCheck(check: WorkspaceCheck): string {
  const what = `${check.pages.toLocaleString('en-US')} pages, ${megabytes(check.bytes)}, read in ${(check.ms / 1000).toFixed(1)} s`;
  if (check.ok) return `The workspace file is sound: every page and every index was checked (${what}).`;
  return `The workspace file is damaged (${what}). Restore it from a backup; SQLite found:\n${check.problems.map((p) => `  ${p}`).join('\n')}`;
}
