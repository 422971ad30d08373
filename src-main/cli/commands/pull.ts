import { badInput, failed } from '../../../src-shared/errors';
import type { PullAllResult } from '../../../src-shared/model/pull';
import { pullModeWords } from '../../../src-shared/model/pull-mode-words';
import { testConnection, type ConnectionTestReport } from '../../services/connection-test';
import { pullConnection, type PullResult } from '../../services/pull';
import { pullAll } from '../../services/pull-all';
import { defineCommand } from '../command';
import { pullProgressBar } from '../progress-bar';

const one = (args: string[], command: string) => {
  if (args.length !== 1) throw badInput('missing_argument', `${command}: give exactly one connection NAME`);
  return args[0]!;
};

const pulledLine = (r: PullResult) =>
  `Pulled ${r.pulled} records from ${r.connection} in ${r.pages} pages (${r.requests} requests, ${r.retries} retries, ${(r.rateLimitedMs / 1000).toFixed(1)} s rate-limited${r.vanished ? `, ${r.vanished} gone from the remote` : ''}${r.resumed ? ', resumed' : ''})\n` +
  `${pullModeWords(r, `rekey pull ${r.connection} --full`)}\n` +
  r.warnings.map((w) => `Note: ${w}\n`).join('');

const pullAllText = (r: PullAllResult) => r.pulls.map(pulledLine).join('') + r.failed.map((f) => `Did not pull ${f.connection}: ${f.error}\n`).join('');

/**
 * `rekey pull NAME` (SPEC §9): resumable; incremental where the API allows; progress on
 * stderr when it is a terminal. `rekey pull --all`: every connection, Braze-style ones
 * after the kinds that list users.
 */
export const pullCommand = defineCommand<PullResult | PullAllResult>({
  async run({ args, options, services, io, signal, json }) {
    const bar = pullProgressBar(io.stderr, io.stderrIsTty);
    if (!options.all) {
      try {
        return await pullConnection(services(), one(args, 'pull'), { signal, full: options.full === true, onProgress: (p) => bar.update(p) });
      } finally {
        bar.end();
      }
    }
    if (args.length > 0) throw badInput('bad_arguments', 'pull: give a connection NAME or --all, not both');
    let result: PullAllResult;
    try {
      result = await pullAll(services(), { signal, full: options.full === true, onProgress: (p) => bar.update(p) });
    } finally {
      bar.end();
    }
    if (result.pulls.length === 0 && result.failed.length === 0) throw badInput('no_connections', 'pull --all: this workspace has no connections (see rekey connections add)');
    if (result.failed.length > 0) {
      // What did pull is still reported, then the exit code says that not everything did.
      io.stdout(json ? JSON.stringify(result, null, 2) + '\n' : pullAllText(result));
      throw failed('pull_failed', `${result.failed.length} of ${result.pulls.length + result.failed.length} connections did not pull: ${result.failed.map((f) => f.connection).join(', ')}`);
    }
    return result;
  },
  human: (r) => ('pulls' in r ? pullAllText(r) : pulledLine(r)),
});

export const connectionsTestCommand = defineCommand<ConnectionTestReport>({
  async run({ args, services }) {
    return testConnection(services(), one(args, 'connections test'));
  },
  human: (r) => r.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.check}: ${c.detail}`).join('\n') + `\n${r.ok ? 'The connection works.' : 'The connection does not work yet.'}\n`,
});
