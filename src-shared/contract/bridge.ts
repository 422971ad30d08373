import type { Result } from '../errors';
import type { RekeyEvent } from './events';

/** The IPC channel names the preload and the shell agree on. */
export const IPC_INVOKE = 'rekey:invoke';
export const IPC_EVENT = 'rekey:event';

/**
 * What the preload exposes as `window.rekey` in Electron. Browser mode has no such
 * object; the renderer then speaks HTTP to the same dispatcher.
 */
export interface RekeyBridge {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: RekeyEvent) => void): () => void;
}
