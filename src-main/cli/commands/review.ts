import { currentActor } from '../../store/workspace';
import { decideInBundle, exportBundle, importBundle } from '../../services/review-bundle';
import { badInput } from '../../../src-shared/errors';
import { idArgument, intOption, requiredOption } from '../args';
import { defineCommand } from '../command';

export const reviewExportCommand = defineCommand<{ path: string; rows: number; rowsSha256: string }>({
  async run({ args, options, services }) {
    return exportBundle(services(), idArgument(args, 'review export'), requiredOption(options.out, '--out FILE', 'review export'));
  },
  human: (r) => `Wrote ${r.rows} rows to ${r.path} (rows locked by sha256 ${r.rowsSha256.slice(0, 12)}…)\n`,
});

export const reviewImportCommand = defineCommand<{ id: number; applied: number; unchanged: number }>({
  async run({ args, services }) {
    if (args.length !== 1) throw badInput('missing_argument', 'review import: give the bundle FILE');
    return importBundle(services(), args[0]!);
  },
  human: (r) => `Change set #${r.id}: ${r.applied} decisions recorded, ${r.unchanged} unchanged\n`,
});

export const reviewDecideCommand = defineCommand<{ path: string; row: number; review: string }>({
  async run({ args, options }) {
    if (args.length !== 1) throw badInput('missing_argument', 'review decide: give the bundle FILE');
    const row = intOption(options.row, '--row', 'review decide');
    if (row === undefined) throw badInput('missing_option', 'review decide: --row N is required');
    if (Boolean(options.approve) === Boolean(options.reject)) throw badInput('bad_option', 'review decide: give exactly one of --approve or --reject');
    const review = options.approve ? 'approved' : 'rejected';
    decideInBundle(args[0]!, row, review, (options.comment as string | undefined) ?? null, currentActor());
    return { path: args[0]!, row, review };
  },
  human: (r) => `${r.path}: row ${r.row} ${r.review}\n`,
});
