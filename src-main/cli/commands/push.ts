import { pushChangeSet, pushDryRun, retryFailedRows, type PushResult } from '../../services/push';
import { idArgument } from '../args';
import { defineCommand } from '../command';
import { changeSetSummary } from './changesets';

/** `rekey push ID [--dry-run]` (SPEC §9). Resumes a push that was interrupted. */
export const pushCommand = defineCommand<PushResult | ReturnType<typeof pushDryRun>>({
  async run({ args, options, services, io, signal }) {
    const id = idArgument(args, 'push');
    if (options['dry-run']) return pushDryRun(services(), id);
    return pushChangeSet(services(), id, {
      signal,
      onProgress: (p) => {
        if (io.stderrIsTty) io.stderr(`\r\x1b[2Kchange set #${p.changeSetId}: ${p.settled}/${p.operations} requests · ${p.applied} rows applied · ${p.failed} failed`);
      },
    }).finally(() => io.stderrIsTty && io.stderr('\n'));
  },
  human: (r) =>
    'requests' in r && Array.isArray(r.requests)
      ? r.requests.map((q) => `${q.method} ${q.path} ${JSON.stringify(q.body)}`).join('\n') + `\n${r.requests.length} requests would be sent\n`
      : (() => {
          const p = r as PushResult;
          return `Change set #${p.id} ${p.state}: ${p.applied} applied, ${p.failed} failed, ${p.skipped} skipped (${p.sent} requests sent, ${p.retries} retries, ${p.reconciled} reconciled)\n`;
        })(),
});

export const changesetsRetryCommand = defineCommand<ReturnType<typeof changeSetSummary>>({
  async run({ args, services }) {
    return changeSetSummary(retryFailedRows(services(), idArgument(args, 'changesets retry')));
  },
  human: (s) => `Staged change set #${s.id} with the ${s.rows} rows to retry\n`,
});
