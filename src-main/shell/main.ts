import { app, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { IPC_EVENT, IPC_INVOKE, IPC_REGISTER_FILE, IPC_SAVE_DOWNLOAD } from '../../src-shared/contract/bridge';
import { failure } from '../services/dispatch';
import { closeTransfers, findDownload, registerLocalFile, saveDownloadAs } from '../services/file-transfers';
import { dispatch } from '../services/dispatch';
import { createServiceContext } from '../services/context';
import { envSecrets } from '../services/secrets';
import { startSandbox } from '../sandbox/sandbox';
import { prepareDemo, pullDemoOnFirstStart } from '../services/demo';
import { watchOtherProcesses } from '../services/workspace-watch';
import { rekeyHome } from '../store/paths';
import { openWorkspace } from '../store/workspace';
import { keychainVault } from './keychain-vault';
import { hardenApp, isTrustedSender } from './security';
import { createMainWindow } from './window';

// The Electron door: the only file (with its siblings and the preload) that imports
// electron. It opens the workspace, wires IPC to the shared dispatcher and shows the
// renderer; every rule lives in the services behind `dispatch`.
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const rendererIndex = join(outDir, 'renderer', 'index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;
const isAppUrl = (url: string) => url.split('#')[0] === rendererUrl;

/** --db PATH opens that workspace; without it the app opens the demo against the built-in sandbox. */
function workspacePathFromArgs(argv: string[]): string | undefined {
  const at = argv.indexOf('--db');
  return at >= 0 && argv[at + 1] ? argv[at + 1]! : undefined;
}

hardenApp(isAppUrl);

app.whenReady().then(async () => {
  const chosen = workspacePathFromArgs(process.argv);
  const ctx = createServiceContext(openWorkspace(chosen ?? join(rekeyHome(), 'workspaces', 'demo.rekey')), 'electron', {
    secrets: envSecrets(process.env, keychainVault()),
  });
  const sandbox = chosen ? undefined : await startSandbox({ seed: 'demo', users: 300 });
  if (sandbox) prepareDemo(ctx, sandbox);
  const window = createMainWindow(outDir);

  const untrusted = (event: IpcMainInvokeEvent) => !isTrustedSender(event, isAppUrl) || event.sender !== window.webContents;
  const forbidden = { ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame' } } as const;
  ipcMain.handle(IPC_INVOKE, (event, channel: unknown, input: unknown) => {
    if (untrusted(event)) return forbidden;
    return dispatch(ctx, String(channel), input);
  });
  // A chosen or dropped file is read by main from its path: the renderer never holds it.
  ipcMain.handle(IPC_REGISTER_FILE, (event, path: unknown) => {
    if (untrusted(event)) return forbidden;
    try {
      return { ok: true, value: { upload: registerLocalFile(ctx, String(path)).id } };
    } catch (e) {
      return failure('files.register', e);
    }
  });
  // A plan CSV or report main wrote is copied where the person chooses.
  ipcMain.handle(IPC_SAVE_DOWNLOAD, async (event, id: unknown) => {
    if (untrusted(event)) return forbidden;
    try {
      const download = findDownload(ctx, String(id));
      if (!download) return { ok: false, error: { code: 'download_gone', message: 'This file is no longer held by Rekey; ask for it again' } };
      const chosen = await dialog.showSaveDialog(window, { defaultPath: join(app.getPath('downloads'), basename(download.fileName)) });
      if (chosen.canceled || !chosen.filePath) return { ok: true, value: { saved: null } };
      saveDownloadAs(ctx, download.id, chosen.filePath);
      return { ok: true, value: { saved: chosen.filePath } };
    } catch (e) {
      return failure('files.save', e);
    }
  });
  const unsubscribe = ctx.events.subscribe((event) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT, event);
  });
  // The CLI may work on this workspace while the app shows it: its changes appear here.
  const unwatch = watchOtherProcesses(ctx);

  window.loadFile(rendererIndex);
  // The demo's first start pulls every connection; the window shows it as any pull.
  const stopDemoPull = new AbortController();
  const demoPull = sandbox ? pullDemoOnFirstStart(ctx, stopDemoPull.signal) : undefined;
  window.on('closed', () => {
    unsubscribe();
    unwatch();
    closeTransfers(ctx);
    stopDemoPull.abort();
    void Promise.resolve(demoPull).then(() => {
      ctx.workspace.close();
      void sandbox?.close();
    });
  });
});

app.on('window-all-closed', () => app.quit());
