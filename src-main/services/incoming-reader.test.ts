import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { freshBundle } from '../../bin/cli-bundle.js';
import { readIncomingRows, spawnIncomingWorker } from './incoming-reader';
import type { IncomingChunk, IncomingHead } from './incoming-rows';

const text = 'email,external_id\nann@x.io,e1\nnot-an-email,e2\nbo@x.io,\n';

async function read(options: Parameters<typeof readIncomingRows>[2]) {
  let head: IncomingHead | undefined;
  const chunks: IncomingChunk[] = [];
  let before = 0;
  const end = await readIncomingRows({ file: 'people.csv', text, saved: {} }, { head: (h) => (head = h), chunk: (c) => chunks.push(c) }, { ...options, before: () => before++ });
  return { head, rows: chunks.reduce((n, c) => n + c.chunk.rows, 0), lines: chunks.flatMap((c) => [...c.lines]), problems: end.problems, before };
}

describe('readIncomingRows', () => {
  it('gives the same events from the worker thread as from the caller’s', async () => {
    const here = await read({ thread: 'caller' });
    expect(here).toMatchObject({ rows: 2, lines: [2, 4], problems: [{ line: 3, message: '"not-an-email" is not a valid email' }], before: 1 });
    expect(await read({ thread: 'worker' })).toEqual(here);
  });

  // The fallback below reads in the caller's thread when the worker cannot start, and
  // gives the same events: the test above passes even if no worker ever runs. This one
  // hears the thread itself, started as the CLI and the app from source start it: the
  // CLI bundle's worker while the bundle is fresh (the tests' setup builds it), and the
  // TypeScript module through tsx when the sources are asked for.
  for (const from of ['bundle', 'source'] as const) {
    it(`parses in the reading thread when asked: the thread itself sends the events (worker from the ${from})`, async () => {
      const heard: string[] = [];
      const spawn = () => {
        const saved = process.env.REKEY_FROM_SOURCE;
        process.env.REKEY_FROM_SOURCE = from === 'source' ? '1' : '0';
        try {
          const worker = spawnIncomingWorker();
          worker.on('message', (m: { type: string }) => heard.push(m.type));
          return worker;
        } finally {
          if (saved === undefined) delete process.env.REKEY_FROM_SOURCE;
          else process.env.REKEY_FROM_SOURCE = saved;
        }
      };
      // The setup built the bundle: here the bundle's worker is the one started.
      if (from === 'bundle') expect(freshBundle(new URL('../../', import.meta.url))).not.toBeNull();
      expect(await read({ thread: 'worker', spawn })).toEqual(await read({ thread: 'caller' }));
      expect(heard[0]).toBe('head');
      expect(heard.at(-1)).toBe('end');
      expect(heard).toContain('chunk');
    });
  }

  it('reads in the caller’s thread when the worker cannot start', async () => {
    const broken = () => new Worker('throw new Error("module not found")', { eval: true });
    expect(await read({ thread: 'worker', spawn: broken })).toEqual(await read({ thread: 'caller' }));
  });

  it('passes a refusal across the thread with its kind and code', async () => {
    const refused = readIncomingRows({ file: 'people.csv', text: 'email\n', mapping: { email: 3 }, saved: {} }, { head: () => undefined, chunk: () => undefined }, { thread: 'worker' });
    await expect(refused).rejects.toMatchObject({ kind: 'bad_input', code: 'bad_mapping', message: expect.stringContaining('people.csv: mapping for email points at column 3') });
  });
});

describe('readIncomingRows on an .xlsx (issue 21, item 7)', () => {
  it('reads a large workbook in the worker thread and hands its bytes over after, for the checksum', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { xlsxBytes } = await import('../../test/support/xlsx-file');
    const rows: (string | number)[][] = [['email', 'external_id']];
    // Distinct texts so the file is large enough (over 64 KiB) to own its buffer, which the worker then moves.
    for (let i = 0; i < 20_000; i++) rows.push([`person${i}@x.io`, `e${i}`]);
    const file = join(mkdtempSync(join(tmpdir(), 'rekey-xlsx-worker-')), 'people.xlsx');
    writeFileSync(file, xlsxBytes([{ name: 'People', rows }]));
    let bytes = 0;
    let count = 0;
    const end = await readIncomingRows({ file, saved: {} }, { bytes: (b) => (bytes = b.length), head: () => undefined, chunk: (c) => (count += c.chunk.rows) }, { thread: 'worker' });
    expect(end.problemCount).toBe(0);
    expect(count).toBe(20_000);
    expect(bytes).toBeGreaterThan(64 * 1024);
  });
});
