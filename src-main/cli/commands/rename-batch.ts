import type { RenameBatchView } from '../../../src-shared/model/rename-batch';
import { pushRenameBatch, renameBatchView } from '../../services/rename-batch';
import type { PushResult } from '../../services/push';
import { badInput } from '../../../src-shared/errors';
import { defineCommand } from '../command';

const keyArgument = (args: string[], command: string): string => {
  const key = args[0];
  if (!key) throw badInput('missing_argument', `${command}: name the batch (the "batch" of rekey changesets create --json, or rekey changesets list)`);
  return key;
};

/** `rekey changesets batch KEY`: a rename batch side by side, with what each system keeps and the checklist. */
export const changesetsBatchCommand = defineCommand<RenameBatchView>({
  async run({ args, services }) {
    return renameBatchView(services(), keyArgument(args, 'changesets batch'));
  },
  human: (view) => {
    const names = view.connections.map((c) => c.name);
    const head = `${['current', 'new', ...names.map((n) => `${n} (#${view.connections.find((c) => c.name === n)!.changeSetId})`)].join('\t')}\n`;
    const cell = (c: RenameBatchView['persons'][number]['cells'][string]) => (!c ? 'not held' : c.error ? `problem: ${c.error}` : (c.result ?? c.review));
    const rows = view.persons.map((p) => [p.current, p.next, ...names.map((n) => cell(p.cells[n] ?? null))].join('\t')).join('\n');
    const checklist = view.checklist.length ? `\nBy hand:\n${view.checklist.map((c) => `  [ ] ${c.connection}: ${c.step}`).join('\n')}\n` : '\nNothing is left to do by hand.\n';
    return head + rows + '\n' + checklist;
  },
});

/** `rekey changesets push-batch KEY`: every approved change set of a batch, side by side. */
export const changesetsPushBatchCommand = defineCommand<{ connection: string; result?: PushResult; error?: string }[]>({
  async run({ args, services, signal }) {
    return pushRenameBatch(services(), keyArgument(args, 'changesets push-batch'), { signal });
  },
  human: (results) =>
    results
      .map((r) => (r.result ? `${r.connection}: change set #${r.result.id} ${r.result.state}: ${r.result.applied} applied, ${r.result.failed} failed, ${r.result.skipped} skipped` : `${r.connection}: ${r.error}`))
      .join('\n') + '\n',
});
