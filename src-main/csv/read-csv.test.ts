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
