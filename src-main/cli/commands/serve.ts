import { badInput } from '../../../src-shared/errors';
import { join } from 'node:path';
import { rendererDir } from '../../app-paths';
import { startSandbox } from '../../sandbox/sandbox';
import { prepareDemo, pullDemoOnFirstStart } from '../../services/demo';
import { rekeyHome } from '../../store/paths';
import { openWorkspace } from '../../store/workspace';
import { createServiceContext } from '../../services/context';
import { watchOtherProcesses } from '../../services/workspace-watch';
import { stopTeamLive } from '../../services/team-live';
import { openInBrowser } from '../../web/open-browser';
import { startBrowserMode } from '../../web/server';
import { defineCommand } from '../command';

/**
 * `rekey serve`: browser mode. The app's services on 127.0.0.1 behind a per-launch
 * secret, the renderer in any browser. Prints one JSON ready line, serves until
 * SIGINT/SIGTERM.
 */
export const serveCommand = defineCommand<undefined>({
  async run({ options, workspace, io, signal, db }) {
    const port = options.port === undefined ? 0 : Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw badInput('bad_port', `--port ${String(options.port)}: not a port number`);
    }
    // The demo workspace lives beside the default one unless --db names another file.
    const ws = options.demo && !db ? openWorkspace(join(rekeyHome(), 'workspaces', 'demo.rekey')) : workspace();
    const ctx = createServiceContext(ws, 'browser');
    const sandbox = options.demo ? await startSandbox({ seed: 'demo', users: 300 }) : undefined;
    if (sandbox) prepareDemo(ctx, sandbox);
    const server = await startBrowserMode(ctx, { rendererDir, port });
    // The CLI may work on this workspace while the app shows it: its changes appear here.
    const unwatch = watchOtherProcesses(ctx);
    // Started once the server listens, so a window opened now sees the pulls from their start.
    const demoPull = sandbox ? pullDemoOnFirstStart(ctx, signal) : undefined;
    const opened = options.open ? openInBrowser(server.launchUrl) : false;
    io.stdout(
      JSON.stringify({
        ready: true,
        url: server.launchUrl,
        workspace: ctx.workspace.path,
        opened,
        ...(sandbox ? { sandbox: sandbox.info.productboard.url.replace(/\/productboard$/, ''), pulling: demoPull !== undefined } : {}),
      }) + '\n',
    );
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    // The demo's pulls stop at their last committed page before the workspace closes.
    await demoPull;
    unwatch();
    await server.close();
    stopTeamLive(ctx);
    await sandbox?.close();
    if (ws !== undefined && options.demo && !db) ws.close();
    return undefined;
  },
});
