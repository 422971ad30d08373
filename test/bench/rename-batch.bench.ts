import { startSandbox } from '../../src-main/sandbox/sandbox';
import { approveChangeSet, submitChangeSet } from '../../src-main/services/change-sets';
import { pushDryRun } from '../../src-main/services/push';
import { pushRenameBatch, stageRenameBatchAcross } from '../../src-main/services/rename-batch';
import { KIND_CEILING_PER_SECOND } from '../../src-main/sync/kind-limits';
import { CONNECTIONS, heldEverywhere, pullEverySystem, sandboxWorkspace } from '../support/sandbox-workspace';
import { emitBenchRow, peakRssMiB } from './bench-row';

/**
 * Issue 19: a rename batch of 1,000 persons held in all four sandbox systems, pushed side
 * by side, each system at its real limit (Productboard and SCIM 50 requests a second,
 * UserVoice and Braze-style 1,000 a minute). Each system's ceiling time is its requests
 * divided by its limit; pushed side by side, the batch should take about the slowest
 * system's ceiling time, not their sum. Goal: ≤ 1.05 × the slowest ceiling, 0 failed.
 */
const PERSONS = 1_000;
const sandbox = await startSandbox({ users: 1_300 });
const { ctx } = sandboxWorkspace(sandbox);
// Staging needs the users: pulled without pacing (the pushes are what is measured).
sandbox.setRpm(0);
await pullEverySystem(ctx);
sandbox.setRpm(undefined);

const ids = heldEverywhere(sandbox).slice(0, PERSONS);
if (ids.length < PERSONS) throw new Error(`only ${ids.length} persons are held in all four systems`);

const renames = ids.map((id) => ({ current_external_id: id, new_external_id: `acct-${id}` }));
const { changeSets } = stageRenameBatchAcross(ctx, { connections: CONNECTIONS.map((c) => c.name), renames, source: 'bench' });
const ceilings = changeSets.map((cs) => {
  submitChangeSet(ctx, cs.id);
  approveChangeSet(ctx, cs.id, { approveRemaining: true });
  const requests = pushDryRun(ctx, cs.id).requests.length;
  const kind = ctx.workspace.connections.byName(cs.connection)!.kind;
  return { connection: cs.connection, requests, seconds: requests / KIND_CEILING_PER_SECOND[kind] };
});
const slowest = ceilings.reduce((a, b) => (b.seconds > a.seconds ? b : a));

const started = process.hrtime.bigint();
const results = await pushRenameBatch(ctx, (changeSets[0]!.plan.batch as { key: string }).key);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const failed = results.reduce((n, r) => n + (r.result?.failed ?? PERSONS), 0);
const applied = results.reduce((n, r) => n + (r.result?.applied ?? 0), 0);
const sum = ceilings.reduce((n, c) => n + c.seconds, 0);
emitBenchRow({
  suite: 'rename-batch',
  name: `rename ${PERSONS.toLocaleString('en-US')} persons in 4 systems side by side (${ceilings.map((c) => `${c.connection} ${c.requests} req`).join(', ')}; ${applied} applied, ${failed} failed)`,
  value: Number(seconds.toFixed(2)),
  unit: 's',
  baseline: { value: Number(slowest.seconds.toFixed(2)), label: `slowest ceiling (${slowest.connection}; all four one after another: ${sum.toFixed(1)} s)` },
  peakRssMiB: peakRssMiB(),
  goal: { text: '≤ 1.05 × the slowest ceiling, 0 failed', met: seconds <= 1.05 * slowest.seconds && failed === 0 },
});
await sandbox.close();
