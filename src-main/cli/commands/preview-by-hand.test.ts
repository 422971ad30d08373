import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BY_HAND_SENTENCES } from '../../../src-shared/import-by-hand';
import { runRekeyAsync } from '../../../test/support/cli';
import { heldEverywhere, sandboxForCli } from '../../../test/support/sandbox-workspace';
import type { Sandbox } from '../../sandbox/sandbox';

let sandbox: Sandbox;
let path: string;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  ({ sandbox, path, env, dir } = await sandboxForCli({ users: 30, pull: 'all' }));
}, 60_000);
afterAll(async () => {
  await sandbox.close();
});

const rekey = (...args: string[]) => runRekeyAsync(['--db', path, ...args], { env });

interface SingleJson {
  by_hand: number;
  rows_sample: { line: number; action: string; by_hand?: { code: string; says: string } }[];
}

describe('rows left by hand in a preview into one connection, and in the change set it stages (issue 19)', () => {
  it('names them in the JSON, the summary, the report, the plan CSV and each staged row, not as ordinary creates', async () => {
    const id = heldEverywhere(sandbox)[0]!;
    const known = sandbox.state.productboard.users.byExternalId(id)!.user;
    const file = join(dir, 'client.csv');
    writeFileSync(file, `email,external_id,name\n${known.email},${id},Known\nfresh@client.example,client-1,Fresh\nonly.email@client.example,,No Id\n`);
    const report = join(dir, 'report.html');
    const plan = join(dir, 'plan.csv');

    const json = await rekey('preview', file, '--into', 'braze', '--mode', 'strict', '--out', report, '--plan-csv', plan, '--json');
    expect(json.code, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout) as SingleJson;
    expect(out.by_hand).toBe(1);
    // Planned as a create, but the engagement platform creates profiles by external id only.
    expect(out.rows_sample[2]).toMatchObject({ line: 4, action: 'create', by_hand: { code: 'track_needs_external_id', says: BY_HAND_SENTENCES.track_needs_external_id } });
    expect(out.rows_sample[1]!.by_hand).toBeUndefined();
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<tr><td>Left by hand</td><td class="num">1</td>');
    expect(html).toContain(`<li title="track_needs_external_id"><strong>1 row</strong>: ${BY_HAND_SENTENCES.track_needs_external_id.replace(/'/g, '&#39;')} <span class="muted">Line 4.</span></li>`);
    const lines = readFileSync(plan, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/,strict_by_hand,lenient_by_hand$/);
    expect(lines[3]).toMatch(/^4,only\.email@client\.example,,create,.*,track_needs_external_id,track_needs_external_id$/);
    expect(lines[2]).toMatch(/,,$/);

    // Productboard takes the same rows through its API: nothing by hand there.
    const pb = JSON.parse((await rekey('preview', file, '--into', 'pb', '--mode', 'strict', '--json')).stdout) as SingleJson;
    expect(pb.by_hand).toBe(0);

    const human = await rekey('preview', file, '--into', 'braze', '--mode', 'strict');
    expect(human.stdout).toMatch(/\n {2}Left by hand +1 {2}rows this system's API will not carry out \(--json says which and why\)\n/);

    // Staged: the row's plan carries the step, so review says it before a push would fail it.
    const staged = await rekey('changesets', 'create', '--kind', 'import', '--connection', 'braze', '--file', file, '--mode', 'strict', '--json');
    expect(staged.code, staged.stderr).toBe(0);
    const setId = String((JSON.parse(staged.stdout) as { id: number }).id);
    const shown = JSON.parse((await rekey('changesets', 'show', setId, '--json')).stdout) as { changeSet: { plan: Record<string, unknown> }; rows: { plan: Record<string, unknown> }[] };
    expect(shown.changeSet.plan.byHand).toBe(1);
    expect(shown.rows[2]!.plan).toMatchObject({ action: 'create', byHand: 'track_needs_external_id' });
    expect(shown.rows[1]!.plan.byHand).toBeUndefined();
    const words = await rekey('changesets', 'show', setId);
    expect(words.stdout).toContain(`Will be created. Left by hand: ${BY_HAND_SENTENCES.track_needs_external_id}`);
  }, 120_000);
});
