import type { CommandSpec } from '../command';

export const changesetsCreateSpec: CommandSpec = {
  path: ['changesets', 'create'],
  summary: 'Stage a change set (import, rename, removal, merge) from a CSV or .xlsx file, as a draft for review',
  options: {
    kind: { type: 'string', description: 'import | rename | removal | merge' },
    connection: { type: 'string', description: 'the target connection; renames: several, comma-separated (pb,scim,uv,braze), make one linked batch; imports: several make one change set each' },
    file: { type: 'string', description: 'the CSV: rename current_external_id,new_external_id; removal external_id; import email/external_id/name columns' },
    mode: { type: 'string', description: 'imports: strict (Users/Notes APIs) or lenient (Insights)' },
    'window-days': { type: 'string', description: 'renames: how long old ids keep working (default 30)' },
    from: { type: 'string', description: 'renames by pattern: e.g. legacy-{n} (instead of --file)' },
    to: { type: 'string', description: 'renames by pattern: e.g. usr_{n}' },
    sheet: { type: 'string', description: 'an .xlsx file: the sheet to read, by name (default: the first)' },
    'scim-username': { type: 'boolean', description: 'renames in SCIM: also rename userName where it carries the old external id' },
    via: { type: 'string', description: 'UserVoice imports: bulk_identify (asynchronous, tracked until done) instead of external_users/import' },
    'rewrite-renamed': { type: 'boolean', description: 'imports: rows naming an external id a pushed rename replaced take the new id (the mapping is kept per row)' },
  },
};
