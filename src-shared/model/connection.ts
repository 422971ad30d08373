export const CONNECTION_KINDS = ['productboard', 'productboard-scim', 'uservoice', 'braze'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

/** SPEC §2 "Connection". Never carries the token itself (SPEC §8). */
export interface Connection {
  id: number;
  name: string;
  kind: ConnectionKind;
  baseUrl: string;
  /** The environment variable the CLI and browser mode read the token from. */
  tokenEnv: string | null;
  createdAt: string;
  updatedAt: string;
}
