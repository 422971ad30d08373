import { badInput } from '../../../src-shared/errors';
import type { MigrationWindow } from '../../../src-shared/model/migration-window';
import { closeWindows, listOpenWindows } from '../../services/migration-windows';
import { defineCommand } from '../command';
import { changeSetSummary } from './changesets';

export const windowsListCommand = defineCommand<(MigrationWindow & { due: boolean })[]>({
  async run({ options, services }) {
    return listOpenWindows(services(), options.connection as string | undefined);
  },
  human: (list) =>
    list.length
      ? list.map((w) => `${w.id}\t${w.connection}\t${w.oldId} → ${w.newId}\tcloses ${w.closesAt}${w.due ? ' (due)' : ''}`).join('\n') + '\n'
      : 'No open migration windows.\n',
});

export const windowsCloseCommand = defineCommand<ReturnType<typeof changeSetSummary>>({
  async run({ args, options, services }) {
    const ctx = services();
    const ids = options.due
      ? listOpenWindows(ctx).filter((w) => w.due && !w.closingChangeSetId).map((w) => w.id)
      : args.map((a) => {
          const n = Number(a);
          if (!Number.isInteger(n) || n <= 0) throw badInput('bad_argument', `windows close: "${a}" is not a window id`);
          return n;
        });
    return changeSetSummary(closeWindows(ctx, ids));
  },
  human: (s) => `Staged removal batch #${s.id} with ${s.rows} ids; submit it for review: rekey changesets submit ${s.id}\n`,
});
