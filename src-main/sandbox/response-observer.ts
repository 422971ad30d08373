import type { SystemName } from './request-log';

/** One answer as the sandbox sent it (before any wire fault cuts it). */
export interface ObservedResponse {
  system: SystemName;
  method: string;
  path: string;
  query: string;
  status: number;
  body: unknown;
}

let observer: ((response: ObservedResponse) => void) | undefined;

/**
 * Lets the test suite see every answer every in-process sandbox gives, so that each
 * Productboard answer can be checked against the API description (errors included)
 * without each test having to ask for it. Unset outside tests: then this costs nothing.
 */
export function setResponseObserver(next: ((response: ObservedResponse) => void) | undefined): void {
  observer = next;
}

export function observeResponse(response: ObservedResponse): void {
  observer?.(response);
}
