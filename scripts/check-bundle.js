#!/usr/bin/env node
// The bundled app starts its worker threads from files beside its bundle (electron.vite.config.ts,
// scripts/build-cli.js): out/main/incoming-worker.js reads an import preview's file, and
// out/main/fetch-worker.js sends a pull's requests. Tests mostly run the sources, so this
// checks the built files themselves: the reading thread reads a small CSV and reports its
// header, its rows and a bad line; the fetching thread pages a Productboard list from a
// server on 127.0.0.1 and stops at its end.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const root = join(import.meta.dirname, '..');
// The app's bundle, or the CLI's with `--cli`.
const which = process.argv.includes('--cli') ? 'cli' : 'main';

function fail(file, why) {
  process.stderr.write(`bundle: out/${which}/${file} ${why}\n`);
  process.exit(1);
}

/** Runs a worker until `done` says what it showed, or fails after 10 s. */
function check(file, options, onMessage, onStart = () => undefined) {
  return new Promise((resolve) => {
    const worker = new Worker(join(root, 'out', which, file), options);
    const timer = setTimeout(() => fail(file, 'gave no answer in 10 s'), 10_000);
    worker.on('error', (e) => fail(file, `failed: ${e.message}`));
    const done = (what) => {
      clearTimeout(timer);
      void worker.terminate();
      process.stdout.write(`bundle: out/${which}: ${what}\n`);
      resolve();
    };
    worker.on('message', (m) => onMessage(m, worker, done));
    onStart(worker);
  });
}

async function readingThread() {
  const dir = mkdtempSync(join(tmpdir(), 'rekey-bundle-'));
  try {
    const csv = join(dir, 'people.csv');
    writeFileSync(csv, 'email,external_id\nann@x.io,e1\nnot-an-email,e2\n');
    const seen = [];
    await check('incoming-worker.js', {}, (m, worker, done) => {
      seen.push(m);
      if (m.type === 'error') fail('incoming-worker.js', `refused the file: ${m.error.message}`);
      if (m.type !== 'end') return;
      const head = seen.find((x) => x.type === 'head');
      const rows = seen.filter((x) => x.type === 'chunk').reduce((n, x) => n + x.chunk.rows, 0);
      if (!(head?.head.mapping.email === 0 && rows === 1 && m.end.problems[0]?.line === 3)) fail('incoming-worker.js', `answered wrongly: ${JSON.stringify(seen).slice(0, 300)}`);
      done('the reading thread reads a CSV (1 row, line 3 reported)');
    }, (worker) => worker.postMessage({ file: csv, saved: {} }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function fetchingThread() {
  const users = [{ id: 'u1', email: 'ann@x.io', externalId: 'e1', name: 'Ann' }];
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ data: req.url?.startsWith('/users') ? users : [], links: { next: null } }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const setup = { kind: 'productboard', name: 'bundle check', baseUrl: `http://127.0.0.1:${port}`, headers: {}, ratePerSecond: 0 };
  const pages = [];
  try {
    await check('fetch-worker.js', { workerData: setup }, (m, worker, done) => {
      if (m.type === 'ready') worker.postMessage({ type: 'list', list: 1, resource: 'users', cursor: { next: '/users?pageLimit=100' } });
      else if (m.type === 'page') pages.push(m.page);
      else if (m.type === 'error') fail('fetch-worker.js', `failed the list: ${m.error.message}`);
      else if (m.type === 'end') {
        if (!(pages.length === 1 && pages[0].records[0]?.email === 'ann@x.io' && m.counters.requests === 1)) fail('fetch-worker.js', `answered wrongly: ${JSON.stringify(pages).slice(0, 300)}`);
        done('the fetching thread pages a list (1 page, 1 request)');
      }
    });
  } finally {
    server.close();
  }
}

await readingThread();
await fetchingThread();
