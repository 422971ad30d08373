import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullEverySystem, sandboxWorkspace } from '../../test/support/sandbox-workspace';
import { startSandbox, type Sandbox } from '../sandbox/sandbox';
import type { ServiceContext } from './context';
import { comparePlanCsv, comparePreview, compareReport, runPreview, stagePreviewInto } from './preview-session';

let sandbox: Sandbox;
let ctx: ServiceContext;

beforeAll(async () => {
  sandbox = await startSandbox({ users: 40, rpm: 0 });
  ctx = sandboxWorkspace(sandbox, { ratePerSecond: 0 }).ctx;
  await pullEverySystem(ctx);
}, 60_000);
afterAll(async () => {
  ctx.workspace.close();
  await sandbox.close();
});

describe('the app preview into several connections (issue 19 item 4)', () => {
  it('plans the previewed rows in each connection side by side, and stages one import change set per connection', async () => {
    const known = sandbox.state.productboard.users.users().find((u) => u.email && u.externalId?.startsWith('usr_'))!;
    const csv = `email,external_id\n${known.email},${known.externalId}\nfresh@client.example,client-9\n`;
    await runPreview(ctx, { connection: 'pb', csv, fileName: 'client.csv' });
    const view = comparePreview(ctx, { connections: ['uv', 'scim', 'braze', 'pb'], mode: 'strict', limit: 1 });
    expect(view.connections).toEqual(['pb', 'uv', 'scim', 'braze']);
    expect(view.total).toBe(2);
    expect(view.rows).toHaveLength(1);
    expect(Object.values(view.counts).map((c) => Object.values(c).reduce((a, b) => a + b, 0))).toEqual([2, 2, 2, 2]);
    expect(view.rows[0]!.outcomes.pb!.action).toBe('match');
    expect(view.counts.uv).toMatchObject({ create: 1 });
    expect(view.byHand).toEqual({ pb: 0, uv: 0, scim: 0, braze: 0 });
    // The downloads cover every compared connection and every row.
    const report = compareReport(ctx, { connections: ['uv', 'scim', 'braze'], mode: 'strict' });
    expect(report.fileName).toBe('client-preview-4-systems.html');
    for (const c of ['pb', 'uv', 'scim', 'braze']) expect(report.html).toContain(`<th class="num">${c}</th>`);
    expect(report.html).toContain('fresh@client.example');
    const plan = comparePlanCsv(ctx, { connections: ['uv', 'scim', 'braze'], mode: 'strict' });
    expect(plan.fileName).toBe('client-plan-4-systems.csv');
    expect(plan.csv.trimEnd().split('\r\n').map((l) => l.split(',').slice(0, 4))).toEqual([
      ['line', 'email', 'external_id', 'pb_strict_action'],
      ['2', known.email, known.externalId, 'match'],
      ['3', 'fresh@client.example', 'client-9', 'create'],
    ]);
    const made = stagePreviewInto(ctx, { connections: view.connections, mode: 'strict' });
    expect(made.map((cs) => [cs.kind, cs.connection, cs.rowCounts.total])).toEqual([
      ['import', 'pb', 2],
      ['import', 'uv', 2],
      ['import', 'scim', 2],
      ['import', 'braze', 2],
    ]);
  });
});
