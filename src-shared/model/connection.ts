export const CONNECTION_KINDS = ['productboard', 'productboard-scim', 'uservoice', 'braze'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

/** How a connection's pulls stand, for the Connections page. */
export interface ConnectionSummary extends Connection {
  /** Records pulled and still listed by the remote. */
  records: number;
  lastPull: { status: 'running' | 'done' | 'failed'; finishedAt: string | null; updatedAt: string; pages: number; rows: number; error: string | null;
    /** The last pull read only what changed since the one before (SPEC §7.1). */
    incremental: boolean;
  } | null;
  /** A pull this process is running or has queued right now (a "Pull all", the demo's first start). */
  pulling?: 'running' | 'queued';
}

/** SPEC §2 "Connection". Never carries the token itself (SPEC §8). */
export interface Connection {
  id: number;
  name: string;
  kind: ConnectionKind;
  baseUrl: string;
  /** The environment variable the CLI and browser mode read the token from. */
  tokenEnv: string | null;
  /** Its own pace in requests per second (0: unpaced); null: the kind's documented limit. */
  ratePerSecond: number | null;
  createdAt: string;
  updatedAt: string;
}
