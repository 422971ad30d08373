import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { xlsxBytes } from '../../test/support/xlsx-file';
import { openWorkspace } from '../store/workspace';
import { createServiceContext } from './context';
import { dispatch } from './dispatch';

/** The app's calls take an .xlsx as base64 bytes where they take a CSV's text (issue 21, item 7). */
describe('the app stages renames and previews from an .xlsx', () => {
  const ctx = createServiceContext(openWorkspace(join(mkdtempSync(join(tmpdir(), 'rekey-xlsx-')), 'w.rekey')), 'cli');
  ctx.workspace.connections.add({ name: 'braze', kind: 'braze', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, 'now');

  it('stages a rename batch from the first sheet, checksummed by its bytes', async () => {
    const bytes = xlsxBytes([{ name: 'Renames', rows: [['current_external_id', 'new_external_id'], ['legacy-1', 'usr_1'], ['legacy-2', 'usr_2']] }]);
    const r = await dispatch(ctx, 'changesets.stageRenames', { connection: 'braze', xlsxBase64: Buffer.from(bytes).toString('base64'), fileName: 'renames.xlsx' });
    expect(r).toMatchObject({ ok: true, value: { kind: 'rename', source: 'renames.xlsx', sourceSha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(ctx.workspace.changeSets.rows((r as { value: { id: number } }).value.id).map((row) => row.payload)).toEqual([
      { current_external_id: 'legacy-1', new_external_id: 'usr_1' },
      { current_external_id: 'legacy-2', new_external_id: 'usr_2' },
    ]);
  });

  it('says in one line what is wrong with a workbook', async () => {
    const bytes = xlsxBytes([{ name: 'People', rows: [['email'], ['a@x.io']] }]);
    const r = await dispatch(ctx, 'changesets.stageRenames', { connection: 'braze', xlsxBase64: Buffer.from(bytes).toString('base64'), fileName: 'renames.xlsx' });
    expect(r).toEqual({ ok: false, error: { code: 'missing_column', message: 'renames.xlsx:1: missing column "current_external_id" (found 1 column: "email")' } });
    const preview = await dispatch(ctx, 'preview.run', { connection: 'braze', xlsxBase64: Buffer.from('PK\u0003\u0004junk').toString('base64'), fileName: 'people.xlsx' });
    expect(preview).toMatchObject({ ok: false, error: { code: 'bad_xlsx', message: expect.stringMatching(/^people\.xlsx: not a readable \.xlsx/) } });
    const neither = await dispatch(ctx, 'preview.run', { connection: 'braze', fileName: 'people.xlsx' });
    expect(neither).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
