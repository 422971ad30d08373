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
