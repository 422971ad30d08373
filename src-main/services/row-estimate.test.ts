import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TextColumns } from '../../src-shared/resolver/text-columns';
import { estimateRows } from './row-estimate';

const rows = (n: number) => Array.from({ length: n }, (_, i) => `fresh${i}@example.com,fresh-${i},Name ${i}`);
/** The first chunk as the reader hands it over: the mapped cells of the first rows (email, external id, name, company). */
const firstChunk = (lines: string[]) => TextColumns.of(4, lines.slice(0, 1024).map((l) => [...l.split(','), null])).chunkOf(0);

describe('estimateRows', () => {
  it('guesses a CSV file’s rows from its size and first chunk, within a fifth', () => {
    const lines = rows(5000);
    const file = join(mkdtempSync(join(tmpdir(), 'rekey-estimate-')), 'new.csv');
    const text = ['email,external_id,name', ...lines].join('\n') + '\n';
    writeFileSync(file, text);
    for (const estimate of [estimateRows({ file }, firstChunk(lines), 4), estimateRows({ file, text }, firstChunk(lines), 4)]) {
      expect(estimate).toBeGreaterThan(5000 * 0.8);
      expect(estimate).toBeLessThan(5000 * 1.2);
    }
  });

  it('makes no guess for a spreadsheet or a file it cannot look at', () => {
    const lines = rows(10);
    expect(estimateRows({ file: 'people.xlsx', bytes: new Uint8Array(100) }, firstChunk(lines), 4)).toBeUndefined();
    expect(estimateRows({ file: join(tmpdir(), 'no-such-dir-rekey', 'x.csv') }, firstChunk(lines), 4)).toBeUndefined();
  });
});
