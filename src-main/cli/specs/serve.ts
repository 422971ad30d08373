import type { CommandSpec } from '../command';

export const serveSpec: CommandSpec = {
  path: ['serve'],
  summary: 'Serve the app in browser mode on 127.0.0.1 (until Ctrl-C)',
  options: {
    port: { type: 'string', description: 'the port to listen on (default: a free one)' },
    open: { type: 'boolean', description: 'open the launch link in the desktop browser' },
    demo: { type: 'boolean', description: 'start the built-in sandbox and open the demo workspace connected to it' },
  },
};
