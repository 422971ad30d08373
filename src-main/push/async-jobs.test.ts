import { afterEach, describe, expect, it } from 'vitest';
import { sandboxWorkspace } from '../../test/support/sandbox-workspace';
import { startSandbox, type Sandbox } from '../sandbox/sandbox';
import { approveChangeSet, submitChangeSet } from '../services/change-sets';
import { pushChangeSet } from '../services/push';
import { stageImport } from '../services/stage-import';

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.close());

const rows = [
  { line: 2, email: 'a@jobs.example', externalId: 'job-a', name: 'A', company: null },
  { line: 3, email: 'b@jobs.example', externalId: 'job-b', name: 'B', company: null },
];

describe('asynchronous endpoints are tracked until done (issue 8)', () => {
  it('pushes a UserVoice import through bulk_identify, polls the job, and applies every row', async () => {
    sandbox = await startSandbox({ seed: 'empty', rpm: 0, asyncDelayMs: 300 });
    const { ctx } = sandboxWorkspace(sandbox, { ratePerSecond: 0 });
    const cs = stageImport(ctx, { connection: 'uv', rows, mode: 'strict', source: 't', via: 'bulk_identify' });
    submitChangeSet(ctx, cs.id);
    approveChangeSet(ctx, cs.id, { approveRemaining: true });
    const result = await pushChangeSet(ctx, cs.id);
    expect(result).toMatchObject({ state: 'applied', applied: 2, failed: 0 });
    expect([...sandbox.state.uservoice.uv.externalUsers.keys()].sort()).toEqual(['job-a', 'job-b']);
  });

  it('after an interruption while the job runs, resumes by polling the same job, never by sending it again', async () => {
    sandbox = await startSandbox({ seed: 'empty', rpm: 0, asyncDelayMs: 1500 });
    const { ctx } = sandboxWorkspace(sandbox, { ratePerSecond: 0 });
    const cs = stageImport(ctx, { connection: 'uv', rows, mode: 'strict', source: 't', via: 'bulk_identify' });
    submitChangeSet(ctx, cs.id);
    approveChangeSet(ctx, cs.id, { approveRemaining: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('closed the laptop')), 400);
    await expect(pushChangeSet(ctx, cs.id, { signal: controller.signal })).rejects.toThrow();
    expect(ctx.workspace.journal.forChangeSet(cs.id)[0]).toMatchObject({ state: 'accepted', jobId: expect.any(String) });
    const result = await pushChangeSet(ctx, cs.id);
    expect(result).toMatchObject({ state: 'applied', applied: 2 });
    const accepted = [...sandbox.log.applied()].filter(([op]) => op.startsWith('uservoice bulk_identify.accepted'));
    expect(accepted).toEqual([[expect.any(String), 1]]);
  });
});
