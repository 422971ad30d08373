import type { PullResult } from './pull';

const when = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

/**
 * What kind of pull it was, in plain words, for the CLI and the app alike. `askFull` says
 * how a person asks for a full pull where they are (a command, a button).
 */
export function pullModeWords(r: Pick<PullResult, 'mode' | 'since'>, askFull: string): string {
  if (r.mode === 'full') return 'A full pull: every user was read, and users the remote no longer lists are marked gone.';
  const lists = Object.entries(r.since ?? {}).map(([list, since]) => `${list} changed since ${when(since)}`);
  const what = lists.length ? lists.join(', ') : 'what changed since the last pull';
  return `An incremental pull: only ${what} was read. Users deleted on the remote are found by a full pull (${askFull}).`;
}
