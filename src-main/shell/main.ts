import { app, ipcMain } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { IPC_EVENT, IPC_INVOKE } from '../../src-shared/contract/bridge';
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

  ipcMain.handle(IPC_INVOKE, (event, channel: unknown, input: unknown) => {
    if (!isTrustedSender(event, isAppUrl) || event.sender !== window.webContents) {
      return { ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame' } };
    }
    return dispatch(ctx, String(channel), input);
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
    stopDemoPull.abort();
    void Promise.resolve(demoPull).then(() => {
      ctx.workspace.close();
      void sandbox?.close();
    });
  });
});

app.on('window-all-closed', () => app.quit());
