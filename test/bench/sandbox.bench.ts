import { Pool } from 'undici';
import { startSandbox } from '../../src-main/sandbox/sandbox';
import { emitBenchRow, peakRssMiB } from './bench-row';

/**
 * Issue 5: the sandbox must serve ≥ 2,000 requests/second with the limit off, so it is
 * never the bottleneck of a sync benchmark. 16 keep-alive connections from this process,
 * a fixed number of requests (bounded), Productboard user pages of 100.
 */
const sandbox = await startSandbox({ users: 2_000, rpm: 0 });
const url = new URL(sandbox.info.productboard.url);
const pool = new Pool(url.origin, { connections: 16, pipelining: 1 });
const headers = { authorization: `Bearer ${sandbox.info.productboard.token}`, 'x-version': '1' };
const TOTAL = 20_000;
let next = 0;
let failures = 0;

async function worker(): Promise<void> {
  while (next < TOTAL) {
    const i = next++;
    const res = await pool.request({ method: 'GET', path: `${url.pathname}/users?pageLimit=100&pageOffset=${(i % 20) * 100}`, headers });
    await res.body.text();
    if (res.statusCode !== 200) failures++;
  }
}

const start = process.hrtime.bigint();
await Promise.all(Array.from({ length: 32 }, worker));
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const rps = Math.round(TOTAL / seconds);
emitBenchRow({
  suite: 'sandbox',
  name: `GET /users pages of 100, ${TOTAL.toLocaleString('en-US')} requests, limit off (${failures} failed)`,
  value: rps,
  unit: 'req/s',
  peakRssMiB: peakRssMiB(),
  goal: { text: '≥ 2,000 req/s', met: rps >= 2000 && failures === 0 },
});
await pool.close();
await sandbox.close();
