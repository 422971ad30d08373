import { badInput } from '../../../src-shared/errors';
import { rendererDir } from '../../app-paths';
import { createServiceContext } from '../../services/context';
import { openInBrowser } from '../../web/open-browser';
import { startBrowserMode } from '../../web/server';
import { defineCommand } from '../command';

/**
 * `rekey serve`: browser mode. The app's services on 127.0.0.1 behind a per-launch
 * secret, the renderer in any browser. Prints one JSON ready line, serves until
 * SIGINT/SIGTERM.
 */
export const serveCommand = defineCommand<undefined>({
  path: ['serve'],
  summary: 'Serve the app in browser mode on 127.0.0.1 (until Ctrl-C)',
  options: {
    port: { type: 'string', description: 'the port to listen on (default: a free one)' },
    open: { type: 'boolean', description: 'open the launch link in the desktop browser' },
  },
  async run({ options, workspace, io, signal }) {
    const port = options.port === undefined ? 0 : Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw badInput('bad_port', `--port ${String(options.port)}: not a port number`);
    }
    const ctx = createServiceContext(workspace(), 'browser');
    const server = await startBrowserMode(ctx, { rendererDir, port });
    const opened = options.open ? openInBrowser(server.launchUrl) : false;
    io.stdout(JSON.stringify({ ready: true, url: server.launchUrl, workspace: ctx.workspace.path, opened }) + '\n');
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    await server.close();
    return undefined;
  },
});
