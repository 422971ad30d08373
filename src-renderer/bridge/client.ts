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
  // The File itself is the request body: the browser streams it from disk, no copy in this page.
  async registerFile(file) {
    const chosen = file as File;
    const response = await fetch(`/upload?name=${encodeURIComponent(chosen.name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: chosen,
      credentials: 'same-origin',
    });
    return (await response.json()) as Result<{ upload: string }>;
  },
  // An attachment link: the browser saves it to disk as it arrives, like any download.
  saveDownload(download) {
    const a = document.createElement('a');
    a.href = `/download/${encodeURIComponent(download)}`;
    a.download = '';
    a.click();
    return Promise.resolve({ ok: true, value: { saved: null } });
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

/**
 * Hands a chosen or dropped file to main without reading it here (a CSV of a million
 * rows would be hundreds of MB of strings): its path in Electron, a streamed upload in
 * browser mode. Contract calls then name the upload.
 */
export async function sendFile(file: File): Promise<string> {
  const result = await bridge.registerFile(file);
  if (!result.ok) throw new CallError(result.error);
  return result.value.upload;
}

/** Saves a file main wrote (preview.download): an attachment in browser mode, the save dialog in Electron. */
export async function saveFile(download: { download: string }): Promise<void> {
  const result = await bridge.saveDownload(download.download);
  if (!result.ok) throw new CallError(result.error);
}
