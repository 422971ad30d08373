import { badInput } from '../../../src-shared/errors';
import type { DuplicateCandidate } from '../../../src-shared/merges/find-duplicates';
import { dismissCandidate, findMergeCandidates } from '../../services/merges';
import { defineCommand } from '../command';

export const mergesFindCommand = defineCommand<DuplicateCandidate[]>({
  path: ['merges', 'find'],
  summary: 'Find duplicate candidates among pulled users, highest confidence first, with their evidence',
  options: { 'min-confidence': { type: 'string', description: 'show candidates at or above this confidence (0–1, default 0.6)' } },
  async run({ options, services }) {
    const min = options['min-confidence'] === undefined ? undefined : Number(options['min-confidence']);
    if (min !== undefined && !(min >= 0 && min <= 1)) throw badInput('bad_option', 'merges find: --min-confidence is a number from 0 to 1');
    return findMergeCandidates(services(), min === undefined ? {} : { minConfidence: min });
  },
  human: (list) =>
    list.length
      ? list.map((c) => `${c.confidence.toFixed(2)}  ${c.kind}  ${c.key}\n      ${c.evidence.join('\n      ')}`).join('\n') + '\n'
      : 'No duplicate candidates. Pull your connections first, or lower --min-confidence.\n',
});

export const mergesDismissCommand = defineCommand<{ dismissed: string }>({
  path: ['merges', 'dismiss'],
  summary: 'Mark a candidate "not a duplicate"; it stays dismissed on later pulls',
  usage: 'KEY',
  options: { reason: { type: 'string', description: 'why, for the audit log' } },
  async run({ args, options, services }) {
    if (args.length !== 1) throw badInput('missing_argument', 'merges dismiss: give the candidate KEY (from rekey merges find)');
    return dismissCandidate(services(), args[0]!, (options.reason as string | undefined) ?? null);
  },
  human: (r) => `Dismissed ${r.dismissed}\n`,
});
