import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src-main/sandbox/sandbox';
import { exportAuditCsv } from '../../src-main/services/audit-export';
import { approveChangeSet, submitChangeSet } from '../../src-main/services/change-sets';
import { dispatch } from '../../src-main/services/dispatch';
import { pullConnection } from '../../src-main/services/pull';
import { pushChangeSet } from '../../src-main/services/push';
import { exportBundle } from '../../src-main/services/review-bundle';
import { previewCsv, previewReport, runPreview } from '../../src-main/services/preview-session';
import { stageRenameBatch } from '../../src-main/services/stage-rename';
import { sandboxWorkspace } from '../support/sandbox-workspace';

let sandbox: Sandbox | undefined;
afterAll(() => sandbox?.close());

const TOKENS = {
  productboard: 'TOKEN-pb-7f3a9c1e5b',
  scim: 'TOKEN-scim-2d8e6f4a0c',
  uservoice: 'TOKEN-uv-9b1c3e5d7f',
  braze: 'TOKEN-braze-4a6c8e0b2d',
};

/**
 * Issue 10 token hygiene: a full scenario with recognisable tokens, then a search of
 * the workspace file, its WAL, every export and every answer the renderer receives.
 */
describe('tokens never leave the keychain or the environment', () => {
  it('appear in no workspace file, WAL, export or renderer-bound answer after connect, pull, preview, push and exports', async () => {
    sandbox = await startSandbox({ users: 120, rpm: 0, tokens: TOKENS });
    const { ctx, path } = sandboxWorkspace(sandbox, { ratePerSecond: 0 });
    const dir = join(path, '..');
    for (const name of ['pb', 'scim', 'uv', 'braze']) await pullConnection(ctx, name);

    writeFileSync(join(dir, 'client.csv'), 'email,external_id\nada.novak0@acme-robotics.com,usr_10000\nnew@x.io,n1\n');
    await runPreview(ctx, { connection: 'pb', csv: readFileSync(join(dir, 'client.csv'), 'utf8'), fileName: 'client.csv' });
    writeFileSync(join(dir, 'report.html'), previewReport(ctx, 'strict').html);
    writeFileSync(join(dir, 'plan.csv'), previewCsv(ctx).csv);

    const cs = stageRenameBatch(ctx, { connection: 'braze', renames: [{ current_external_id: 'usr_10000', new_external_id: 'acct_1' }], source: 'r.csv' });
    submitChangeSet(ctx, cs.id);
    exportBundle(ctx, cs.id, join(dir, 'bundle.json'));
    approveChangeSet(ctx, cs.id, { approveRemaining: true });
    expect((await pushChangeSet(ctx, cs.id)).state).toBe('applied');
    exportAuditCsv(ctx.workspace, join(dir, 'audit.csv'));

    // What the renderer can see: every read call of the contract.
    const answers = await Promise.all(
      (
        [
          ['workspace.info', {}],
          ['connections.list', {}],
          ['users.query', { limit: 1000 }],
          ['changesets.list', {}],
          ['changesets.get', { id: cs.id }],
          ['changesets.rows', { id: cs.id }],
          ['audit.list', { limit: 1000 }],
          ['windows.list', {}],
          ['connections.test', { name: 'pb' }],
        ] as const
      ).map(([channel, input]) => dispatch(ctx, channel, input)),
    );
    // Every file, the saved identity indexes beside the workspace (workspace.rekey.index/) included.
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => !f.endsWith('.lock') && statSync(join(dir, f)).isFile());
    expect(files).toEqual(expect.arrayContaining(['workspace.rekey', 'report.html', 'plan.csv', 'bundle.json', 'audit.csv']));
    expect(files.some((f) => f.startsWith('workspace.rekey.index'))).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(true); // searched while the workspace is open
    const haystacks = [...files.map((f) => readFileSync(join(dir, f)).toString('latin1')), JSON.stringify(answers)];
    for (const token of Object.values(TOKENS)) {
      for (const hay of haystacks) expect(hay.includes(token)).toBe(false);
    }
    // And the scenario really used them: the answers mention the connections.
    expect(JSON.stringify(answers)).toContain('SANDBOX_PB_TOKEN');
    ctx.workspace.close();
  }, 60_000);
});
