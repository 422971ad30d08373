/** One request of a push, as the push engine hands it to the HTTP layer. */
export interface PushRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Appended to the connection's base URL. */
  path: string;
  body?: unknown;
  /** Safe to repeat (reads): the HTTP layer may retry it on 5xx and dropped connections. */
  idempotent: boolean;
}

/** An answer from the remote (any status but 429, which the HTTP layer waits out). */
export interface PushResponse {
  status: number;
  body: unknown;
}

/**
 * How the push engine reaches a remote system: paced and retried by the sync engine.
 * For a request that is not idempotent, a dropped connection or a 5xx after sending
 * throws a RekeyError with code `outcome_unknown` — the engine then reads the remote
 * state to learn what happened, and never resends blindly.
 */
export interface Transport {
  send(request: PushRequest, signal?: AbortSignal): Promise<PushResponse>;
}

export const OUTCOME_UNKNOWN = 'outcome_unknown';
