import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE, type RekeyBridge } from '../../src-shared/contract/bridge';
import type { RekeyEvent } from '../../src-shared/contract/events';
import type { Result } from '../../src-shared/errors';

/**
 * The only thing the sandboxed renderer can reach: one invoke and one event stream.
 * No ipcRenderer, no Node, no arbitrary channel names cross the bridge.
 */
const bridge: RekeyBridge = {
  invoke: (channel, input) => ipcRenderer.invoke(IPC_INVOKE, String(channel), input) as Promise<Result<unknown>>,
  onEvent: (listener) => {
    const wrapped = (_e: IpcRendererEvent, event: RekeyEvent) => listener(event);
    ipcRenderer.on(IPC_EVENT, wrapped);
    return () => ipcRenderer.removeListener(IPC_EVENT, wrapped);
  },
};

contextBridge.exposeInMainWorld('rekey', bridge);
