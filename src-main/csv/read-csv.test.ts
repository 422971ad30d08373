import { describe, expect, it } from 'vitest';
import { parseCsv } from './read-csv';

describe('parseCsv line numbers', () => {
  it('names each row by its own line after blank and whitespace-only lines', () => {
    const table = parseCsv('\nemail,id\na@x.io,1\n\n\nb@x.io,2\n  \nc@x.io,3\n , \nd@x.io\n', 'f.csv', { badRows: 'collect' });
    expect(table.header).toEqual(['email', 'id']);
    expect(table.rows.map((r) => [r.line, r.cells[0]])).toEqual([
      [3, 'a@x.io'],
      [6, 'b@x.io'],
      [8, 'c@x.io'],
    ]);
    expect(table.problems).toEqual([{ line: 10, message: 'expected 2 cells like the header, found 1' }]);
  });

  it('counts CRLF and lone CR line ends, and line breaks inside quoted cells', () => {
    expect(parseCsv('email,note\r\na@x.io,"two\r\nlines"\r\nb@x.io,x\r\n\r\nc@x.io,y', 'f.csv').rows.map((r) => r.line)).toEqual([2, 4, 6]);
    expect(parseCsv('email,note\ra@x.io,"two\rlines"\rb@x.io,x\r\rc@x.io,y', 'f.csv').rows.map((r) => r.line)).toEqual([2, 4, 6]);
  });

  it('keeps cells and line numbers right across the 64 KiB pieces papaparse reads a large text in', () => {
    const lines = ['email,note'];
    let lineNo = 2; // the line the next row starts on
    const expected: [number, string][] = [];
    let size = 0;
    for (let i = 0; size < 3_500_000; i++) {
      if (i % 97 === 0) {
        lines.push(''); // a blank line
        lineNo++;
      }
      expected.push([lineNo, `user${i}@x.io`]);
      // Every fifth note is quoted and spans two lines.
      lines.push(i % 5 === 0 ? `user${i}@x.io,"note ${i}\nsecond line, with a comma"` : `user${i}@x.io,note ${i} ${'x'.repeat(i % 40)}`);
      size += lines[lines.length - 1]!.length + 1;
      lineNo += i % 5 === 0 ? 2 : 1;
    }
    const table = parseCsv(lines.join('\n') + '\n', 'big.csv');
    expect(table.rows.length).toBe(expected.length);
    expect(table.rows.map((r) => [r.line, r.cells[0]])).toEqual(expected);
    expect(table.rows[0]!.cells[1]).toBe('note 0\nsecond line, with a comma');
  });
});

describe('parseCsv on extreme shapes (issue 24)', () => {
  const limits = { cellChars: 1000, rowChars: 50_000 };

  it('makes a row with an oversized cell a located bad row and reads on, with the lines right', () => {
    const big = 'x'.repeat(200_000);
    const text = `email,note\na@x.io,one\nb@x.io,${big}\nc@x.io,"${big}\n${big}"\nd@x.io,four\n`;
    const table = parseCsv(text, 'f.csv', { badRows: 'collect', limits });
    expect(table.rows.map((r) => [r.line, r.cells[0]])).toEqual([
      [2, 'a@x.io'],
      [6, 'd@x.io'],
    ]);
    expect(table.problems).toEqual([
      { line: 3, message: 'a cell of 200,000 characters, longer than the 1,000 bytes limit' },
      { line: 4, message: 'a cell of 400,003 characters, longer than the 1,000 bytes limit' },
    ]);
  });

  it('says which line when bad rows are not collected, and refuses an oversized header cell', () => {
    expect(() => parseCsv(`a,b\n1,${'y'.repeat(5000)}\n`, 'f.csv', { limits })).toThrow('f.csv:2: a cell of 5,000 characters, longer than the 1,000 bytes limit');
    expect(() => parseCsv(`a,${'h'.repeat(70_000)}\n1,2\n`, 'f.csv', { badRows: 'collect', limits })).toThrow('f.csv:1: the header has a cell of 70,000 characters, longer than the 1,000 bytes limit');
  });

  it('the default cell limit is 1 MiB', () => {
    const table = parseCsv(`a\n${'z'.repeat((1 << 20) + 1)}\nok\n`, 'f.csv', { badRows: 'collect' });
    expect(table.problems).toEqual([{ line: 2, message: 'a cell of 1,048,577 characters, longer than the 1 MiB limit' }]);
    expect(table.rows.map((r) => r.cells[0])).toEqual(['ok']);
  });

  it('refuses a line past the row limit, and reads a long row of short cells under it', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => `c${i}`);
    expect(() => parseCsv(`${many.join(',')}\n`, 'f.csv', { limits })).toThrow(/^f\.csv:1: a header of 128,890 characters, longer than the 48\.8|f\.csv:1: a header of 128,890 characters/);
    const table = parseCsv(`${many.slice(0, 5000).join(',')}\n${many.slice(0, 5000).join(',')}\n`, 'f.csv', { limits });
    expect(table.header).toHaveLength(5000);
    expect(table.rows[0]!.cells[4999]).toBe('c4999');
  });

  it('a quoted cell never closed runs to the end of the file: one bad row', () => {
    const table = parseCsv(`a,b\n1,2\n3,"${'q\n'.repeat(100_000)}`, 'f.csv', { badRows: 'collect', limits });
    expect(table.rows).toHaveLength(1);
    expect(table.problems).toEqual([{ line: 3, message: 'a quoted cell that is never closed (200,001 characters to the end of the file)' }]);
  });

  it('names a missing column among 300,000 in one short line', () => {
    const header = Array.from({ length: 300_000 }, (_, i) => `c${i}`).join(',');
    let message = '';
    try {
      parseCsv(`${header}\n`, 'f.csv', { required: ['current_external_id'] });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^f\.csv:1: missing column "current_external_id" \(found 300,000 columns: "c0", "c1", .* … and 299,\d{3} more\)$/);
    expect(message.length).toBeLessThanOrEqual(300);
  });
});
