import type { CallInput, CallOutput, Channel } from '../../src-shared/contract/api';
import type { RekeyBridge } from '../../src-shared/contract/bridge';
import type { RekeyEvent } from '../../src-shared/contract/events';
import type { ErrorValue, Result } from '../../src-shared/errors';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    rekey?: RekeyBridge;
  }
}

/** A contract call that main answered with an error value. */
export class CallError extends Error {
  readonly code: string;
  constructor(error: ErrorValue) {
    super(error.message);
    this.code = error.code;
  }
}

/** Browser mode: the same contract over HTTP; the session cookie carries the secret. */
const httpBridge: RekeyBridge = {
  async invoke(channel, input) {
    const response = await fetch(`/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input ?? {}),
      credentials: 'same-origin',
    });
    return (await response.json()) as Result<unknown>;
  },
  onEvent(listener) {
    const source = new EventSource('/events');
    source.onmessage = (message) => listener(JSON.parse(message.data as string) as RekeyEvent);
    return () => source.close();
  },
};

const bridge: RekeyBridge = window.rekey ?? httpBridge;

/** The renderer's only way to main: typed by the contract, the same in both modes. */
export async function call<C extends Channel>(channel: C, input: CallInput<C>): Promise<CallOutput<C>> {
  const result = await bridge.invoke(channel, input);
  if (!result.ok) throw new CallError(result.error);
  return result.value as CallOutput<C>;
}

export function onEvent(listener: (event: RekeyEvent) => void): () => void {
  return bridge.onEvent(listener);
}
