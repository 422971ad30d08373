import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { xlsxBytes } from '../../test/support/xlsx-file';
import { streamXlsx } from './read-xlsx';

function read(bytes: Uint8Array, options: Parameters<typeof streamXlsx>[2] = { badRows: 'collect' }) {
  const rows: [number, string[]][] = [];
  const end = streamXlsx(bytes, 'people.xlsx', options, { row: (line, cells) => rows.push([line, cells]) });
  return { ...end, rows };
}

describe('.xlsx as a table (issue 21, item 7)', () => {
  const people = { name: 'People', rows: [['email', 'external_id', 'name'], ['ann@x.io', 'e1', 'Ann'], [], ['bo@x.io', 42, null], ['cy@x.io', null, 'Cy & co <ltd>']] };

  it('reads the first sheet: texts, numbers, gaps and blank rows, each row by its number', () => {
    const t = read(xlsxBytes([people, { name: 'Other', rows: [['x'], ['y']] }]));
    expect(t.sheet).toBe('People');
    expect(t.header).toEqual(['email', 'external_id', 'name']);
    expect(t.rows).toEqual([
      [2, ['ann@x.io', 'e1', 'Ann']],
      [4, ['bo@x.io', '42', '']],
      [5, ['cy@x.io', '', 'Cy & co <ltd>']],
    ]);
  });

  it('reads the sheet asked for by name, and names the sheets when there is none of that name', () => {
    const bytes = xlsxBytes([people, { name: 'Renames', rows: [['current_external_id', 'new_external_id'], ['a', 'b']] }]);
    expect(read(bytes, { sheet: 'renames' }).rows).toEqual([[2, ['a', 'b']]]);
    expect(() => read(bytes, { sheet: 'Nope' })).toThrow('people.xlsx: no sheet named "Nope" (the sheets: "People", "Renames")');
  });

  it('places an oversized cell by sheet, row and column, and reads on', () => {
    const big = 'z'.repeat(5000);
    const t = read(xlsxBytes([{ name: 'People', rows: [['email', 'name'], ['ann@x.io', big], ['bo@x.io', 'Bo']] }]), { badRows: 'collect', limits: { cellChars: 1000 } });
    expect(t.problems).toEqual([{ line: 2, message: 'column B: a cell of 5,000 characters, longer than the 1,000 bytes limit' }]);
    expect(t.rows).toEqual([[3, ['bo@x.io', 'Bo']]]);
    expect(() => read(xlsxBytes([{ name: 'People', rows: [['email', 'name'], ['ann@x.io', big]] }]), { limits: { cellChars: 1000 } })).toThrow('people.xlsx, sheet "People", row 2: column B: a cell of 5,000 characters');
  });

  it('a value right of the header is a bad row', () => {
    const t = read(xlsxBytes([{ name: 'S', rows: [['email'], ['ann@x.io', 'extra']] }]));
    expect(t.problems).toEqual([{ line: 2, message: "column B: a value beyond the header's 1 columns" }]);
  });

  it('stops a zip bomb at the limit instead of inflating it', () => {
    // 20 MB of texts compress to a few tens of kilobytes; the limit here is 1 MiB.
    const bomb = strToU8(`<sst>${'<si><t>x</t></si>'.repeat(20 << 20 >> 4)}</sst>`);
    const bytes = xlsxBytes([{ name: 'S', rows: [['a']] }], { 'xl/sharedStrings.xml': bomb });
    expect(bytes.length).toBeLessThan(200_000);
    expect(() => read(bytes, { limits: { fileBytes: 1 << 20 } })).toThrow('people.xlsx: xl/sharedStrings.xml inflates past the 1 MiB limit');
    const rows = strToU8(`<worksheet><sheetData>${'<row><c t="inlineStr"><is><t>x</t></is></c></row>'.repeat(20 << 20 >> 5)}</sheetData></worksheet>`);
    expect(() => read(xlsxBytes([{ name: 'S', rows: [] }], { 'xl/worksheets/sheet1.xml': rows }), { limits: { fileBytes: 1 << 20 } })).toThrow('people.xlsx: xl/worksheets/sheet1.xml inflates past the 4 MiB limit');
    // One text of 3 MB: refused before the XML parser holds it all.
    const long = strToU8(`<sst><si><t>${'y'.repeat(3 << 20)}</t></si></sst>`);
    expect(() => read(xlsxBytes([{ name: 'S', rows: [['a']] }], { 'xl/sharedStrings.xml': long }), { limits: { rowChars: 1 << 20 } })).toThrow('people.xlsx: xl/sharedStrings.xml holds a text of more than 1 MiB, the limit');
  });

  it('refuses what is not a workbook, and entities a document declares for itself', () => {
    expect(() => read(strToU8('PK\u0003\u0004 not really a zip'))).toThrow(/^people\.xlsx: not a readable \.xlsx/);
    const laughs = '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><sst><si><t>&b;</t></si></sst>';
    expect(() => read(xlsxBytes([{ name: 'S', rows: [['a']] }], { 'xl/sharedStrings.xml': laughs }))).toThrow(/^people\.xlsx: not a readable \.xlsx \(xl\/sharedStrings\.xml: /);
  });
});
