// Loaded with `node --import` into a CLI child by file-shapes.test.ts: at exit it writes
// the process's peak resident set size (KiB, all threads) where REKEY_PEAK_RSS_FILE says.
// A process killed by V8's out-of-memory abort writes nothing, which the test reports.
import { writeFileSync } from 'node:fs';

const target = process.env.REKEY_PEAK_RSS_FILE;
if (target) {
  delete process.env.REKEY_PEAK_RSS_FILE; // not for the processes this one starts
  process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
}
