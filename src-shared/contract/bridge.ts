import type { Result } from '../errors';
import type { RekeyEvent } from './events';

/** The IPC channel names the preload and the shell agree on. */
export const IPC_INVOKE = 'rekey:invoke';
export const IPC_EVENT = 'rekey:event';
/** The path of a file the person chose or dropped, handed to main so main reads it (never the renderer). */
export const IPC_REGISTER_FILE = 'rekey:register-file';
/** Save a file main wrote (a plan CSV, a report) where the person chooses. */
export const IPC_SAVE_DOWNLOAD = 'rekey:save-download';

/**
 * What the preload exposes as `window.rekey` in Electron. Browser mode has no such
 * object; the renderer then speaks HTTP to the same dispatcher.
 */
export interface RekeyBridge {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: RekeyEvent) => void): () => void;
  /**
   * A chosen or dropped File (typed unknown: src-shared has no DOM), named to main by its path (the preload finds it; the
   * renderer never sees the path or reads the bytes): main answers an upload id for
   * contract calls.
   */
  registerFile(file: unknown): Promise<Result<{ upload: string }>>;
  /** Main's save dialog for a download (preview.download); `saved: null` when the person cancelled. */
  saveDownload(download: string): Promise<Result<{ saved: string | null }>>;
}
