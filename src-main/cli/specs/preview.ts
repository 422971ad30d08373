import type { CommandSpec } from '../command';

export const previewSpec: CommandSpec = {
  path: ['preview'],
  summary: 'Preview how every row of a CSV or .xlsx resolves in a connection, before anything is sent',
  usage: 'FILE.csv|FILE.xlsx',
  options: {
    into: { type: 'string', description: 'the target connection (pulled first); several, comma-separated, side by side' },
    mode: { type: 'string', description: 'strict or lenient' },
    out: { type: 'string', description: 'write the client report (self-contained HTML) here; several connections: one report covering them all' },
    'plan-csv': { type: 'string', description: 'write the whole plan as CSV here; several connections: a group of columns per connection' },
    sheet: { type: 'string', description: 'an .xlsx: the sheet to read, by name (default: the first)' },
    'rewrite-renamed': { type: 'boolean', description: 'plan rows naming an external id a pushed rename replaced with the new id (several connections: each by its own renames)' },
  },
};
