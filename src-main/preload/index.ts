import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE, IPC_REGISTER_FILE, IPC_SAVE_DOWNLOAD, type RekeyBridge } from '../../src-shared/contract/bridge';
import type { RekeyEvent } from '../../src-shared/contract/events';
import type { Result } from '../../src-shared/errors';

/**
 * The only thing the sandboxed renderer can reach: one invoke, one event stream, and
 * the two file doors. No ipcRenderer, no Node, no arbitrary channel names cross the
 * bridge; registerFile takes a File, not a path, so the renderer can name only files the
 * person chose or dropped.
 */
const bridge: RekeyBridge = {
  invoke: (channel, input) => ipcRenderer.invoke(IPC_INVOKE, String(channel), input) as Promise<Result<unknown>>,
  onEvent: (listener) => {
    const wrapped = (_e: IpcRendererEvent, event: RekeyEvent) => listener(event);
    ipcRenderer.on(IPC_EVENT, wrapped);
    return () => ipcRenderer.removeListener(IPC_EVENT, wrapped);
  },
  registerFile: (file) => ipcRenderer.invoke(IPC_REGISTER_FILE, webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0])) as Promise<Result<{ upload: string }>>,
  saveDownload: (download) => ipcRenderer.invoke(IPC_SAVE_DOWNLOAD, String(download)) as Promise<Result<{ saved: string | null }>>,
};

contextBridge.exposeInMainWorld('rekey', bridge);
