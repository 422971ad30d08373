import { badInput } from '../../../src-shared/errors';
import { pullModeWords } from '../../../src-shared/model/pull-mode-words';
import { testConnection, type ConnectionTestReport } from '../../services/connection-test';
import { pullConnection, type PullResult } from '../../services/pull';
import { defineCommand } from '../command';
import { pullProgressBar } from '../progress-bar';

const one = (args: string[], command: string) => {
  if (args.length !== 1) throw badInput('missing_argument', `${command}: give exactly one connection NAME`);
  return args[0]!;
};

/** `rekey pull NAME` (SPEC §9): resumable; incremental where the API allows; progress on stderr when it is a terminal. */
export const pullCommand = defineCommand<PullResult>({
  path: ['pull'],
  summary: "Pull a connection's users into the workspace (only what changed, where the API allows; resumes an interrupted pull)",
  usage: 'NAME',
  options: {
    full: { type: 'boolean', description: 'read every user even where only the changes could be read (also finds users deleted on the remote)' },
  },
  async run({ args, options, services, io, signal }) {
    const bar = pullProgressBar(io.stderr, io.stderrIsTty);
    try {
      return await pullConnection(services(), one(args, 'pull'), { signal, full: options.full === true, onProgress: (p) => bar.update(p) });
    } finally {
      bar.end();
    }
  },
  human: (r) =>
    `Pulled ${r.pulled} records from ${r.connection} in ${r.pages} pages (${r.requests} requests, ${r.retries} retries, ${(r.rateLimitedMs / 1000).toFixed(1)} s rate-limited${r.vanished ? `, ${r.vanished} gone from the remote` : ''}${r.resumed ? ', resumed' : ''})\n` +
    `${pullModeWords(r, `rekey pull ${r.connection} --full`)}\n` +
    r.warnings.map((w) => `Note: ${w}\n`).join(''),
});

export const connectionsTestCommand = defineCommand<ConnectionTestReport>({
  path: ['connections', 'test'],
  summary: 'Check a connection: token, reachability, auth, version header, a first page',
  usage: 'NAME',
  async run({ args, services }) {
    return testConnection(services(), one(args, 'connections test'));
  },
  human: (r) => r.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.check}: ${c.detail}`).join('\n') + `\n${r.ok ? 'The connection works.' : 'The connection does not work yet.'}\n`,
});
