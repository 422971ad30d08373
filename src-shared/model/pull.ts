/** SPEC §9 `rekey pull` output. */
export interface PullResult {
  connection: string;
  pulled: number;
  pages: number;
  requests: number;
  retries: number;
  rateLimitedMs: number;
  vanished: number;
  resumed: boolean;
  /**
   * full: every list read whole, so users no longer listed were marked gone; incremental:
   * at least one list read only what changed since the last pull (nothing is marked gone).
   */
  mode: 'full' | 'incremental';
  /** Per list read incrementally, the time its changes were asked from. */
  since?: Record<string, string>;
  /** Things the person should know, in plain words (a large UserVoice account, a refused filter). */
  warnings: string[];
}

export interface ConnectionCheck {
  check: 'token' | 'reachable' | 'auth' | 'version' | 'first_page';
  ok: boolean;
  detail: string;
}

export interface ConnectionTestReport {
  connection: string;
  ok: boolean;
  checks: ConnectionCheck[];
}

/** `rekey pull --all` and "Pull all": every connection, listing kinds first. */
export interface PullAllResult {
  pulls: PullResult[];
  failed: { connection: string; error: string }[];
}
