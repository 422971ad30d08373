import { startSandbox } from '../../src-main/sandbox/sandbox';
import { approveChangeSet, submitChangeSet } from '../../src-main/services/change-sets';
import { pullConnection } from '../../src-main/services/pull';
import { pushChangeSet } from '../../src-main/services/push';
import { stageImport } from '../../src-main/services/stage-import';
import { stageRenameBatch } from '../../src-main/services/stage-rename';
import { sandboxWorkspace } from '../support/sandbox-workspace';

export interface SoakReport {
  rounds: number;
  rows: number;
  applied: number;
  failed: number;
  resumedAfterErrors: number;
  /** Requests whose answer was lost (5xx, drop) and that were settled by reading the remote. */
  reconciled: number;
  /** Requests the sandbox failed or dropped on purpose. */
  faults: number;
  /** Operations the sandbox applied more than once: must be 0. */
  appliedTwice: number;
  /** Approved rows that ended neither applied nor failed with a reason: must be 0. */
  unaccounted: number;
}

/**
 * Issue 10's soak: rounds of renames (Braze-style) and imports (Productboard) pushed
 * against the sandbox with 5% 5xx, 2% dropped connections and 5% slow answers, until
 * `durationMs` has passed. Bounded in time and rounds; loopback only.
 */
export async function runSoak(options: { durationMs: number; maxRounds?: number; batch?: number; seed?: number }): Promise<SoakReport> {
  const batch = options.batch ?? 100;
  const sandbox = await startSandbox({ users: batch, rpm: 0, faults: { error5xx: 0.05, drop: 0.02, slow: 0.05, slowMs: 200, seed: options.seed ?? 7 } });
  const { ctx } = sandboxWorkspace(sandbox, { ratePerSecond: 0 });
  const report: SoakReport = { rounds: 0, rows: 0, applied: 0, failed: 0, resumedAfterErrors: 0, reconciled: 0, faults: 0, appliedTwice: 0, unaccounted: 0 };
  try {
    await pullConnection(ctx, 'pb');
    await pullConnection(ctx, 'braze');
    const deadline = Date.now() + options.durationMs;
    const current = Array.from({ length: batch }, (_, n) => `usr_${10000 + n}`);
    for (let round = 1; Date.now() < deadline && round <= (options.maxRounds ?? 10_000); round++) {
      const renames = current.map((id, n) => ({ current_external_id: id, new_external_id: `r${round}_${n}` }));
      const imports = Array.from({ length: batch }, (_, n) => ({ line: n + 2, email: `soak${round}-${n}@example.com`, externalId: `soak_${round}_${n}`, name: null, company: null }));
      const sets = [stageRenameBatch(ctx, { connection: 'braze', renames, source: `soak ${round}` }), stageImport(ctx, { connection: 'pb', rows: imports, mode: 'strict', source: `soak ${round}` })];
      for (const cs of sets) {
        submitChangeSet(ctx, cs.id);
        approveChangeSet(ctx, cs.id, { approveRemaining: true });
        // A push that gives up (retries spent) is simply run again: it resumes from its journal.
        for (let attempt = 0; attempt < 20; attempt++) {
          try {
            report.reconciled += (await pushChangeSet(ctx, cs.id)).reconciled;
            break;
          } catch {
            report.resumedAfterErrors++;
          }
        }
        for (const row of ctx.workspace.changeSets.rows(cs.id).filter((r) => r.review === 'approved')) {
          report.rows++;
          if (row.result === 'applied') report.applied++;
          else if (row.result === 'failed' && row.resultDetail) report.failed++;
          else report.unaccounted++;
        }
      }
      ctx.workspace.changeSets.rows(sets[0]!.id).forEach((r, n) => {
        if (r.result === 'applied') current[n] = String(r.payload.new_external_id);
      });
      report.rounds = round;
    }
    report.faults = sandbox.log.list().filter((e) => e.fault && e.fault !== 'malformed').length;
    report.appliedTwice = [...sandbox.log.applied()].filter(([op, n]) => n > 1 && !op.includes('.accepted')).length;
    return report;
  } finally {
    ctx.workspace.close();
    await sandbox.close();
  }
}

// `npm run soak`: ten minutes.
if (process.argv[1]?.endsWith('push-soak.ts')) {
  const minutes = Number(process.env.SOAK_MINUTES ?? 10);
  const report = await runSoak({ durationMs: minutes * 60_000 });
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  process.exitCode = report.appliedTwice === 0 && report.unaccounted === 0 ? 0 : 1;
}
