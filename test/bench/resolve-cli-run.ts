import { closeSync, openSync, writeSync } from 'node:fs';
import { runCli } from '../../src-main/cli/main';
import { peakRssMiB } from './bench-row';

/**
 * One timed `rekey resolve` (resolver.bench.ts runs it in a process of its own, so the
 * peak RSS is this command's): the CLI's own code path, in process — reading and checking
 * both files, the packed index, the rules, and the JSON written to a file — but not the
 * start of Node and the loading of modules, which do not grow with the rows.
 * Prints {"seconds","peakRssMiB","bytes"} on stdout.
 */
const [users, incoming, out] = process.argv.slice(2) as [string, string, string];
const fd = openSync(out, 'w');
let bytes = 0;
const started = process.hrtime.bigint();
const code = await runCli(
  ['resolve', '--users', users, '--incoming', incoming, '--mode', 'lenient'],
  {
    stdout: (text) => {
      bytes += writeSync(fd, text);
    },
    stderr: (text) => process.stderr.write(text),
    stderrIsTty: false,
  },
  new AbortController().signal,
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
closeSync(fd);
if (code !== 0) process.exit(code);
process.stdout.write(JSON.stringify({ seconds, peakRssMiB: peakRssMiB(), bytes }) + '\n');
