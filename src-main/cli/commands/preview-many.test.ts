import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRekeyAsync } from '../../../test/support/cli';
import { heldEverywhere, sandboxForCli } from '../../../test/support/sandbox-workspace';
import type { Sandbox } from '../../sandbox/sandbox';

let sandbox: Sandbox;
let path: string;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  ({ sandbox, path, env, dir } = await sandboxForCli({ users: 40, pull: 'all' }));
}, 60_000);
afterAll(async () => {
  await sandbox.close();
});

const rekey = (...args: string[]) => runRekeyAsync(['--db', path, ...args], { env });

describe('rekey preview and changesets create into several connections (issue 19 item 4)', () => {
  it('writes one client report and one plan CSV covering every connection, then stages one import change set per connection', async () => {
    const id = heldEverywhere(sandbox)[0]!;
    const known = sandbox.state.productboard.users.byExternalId(id)!.user;
    const file = join(dir, 'client.csv');
    writeFileSync(file, `email,external_id,name\n${known.email},${id},Known\nfresh@client.example,client-1,Fresh\nonly.email@client.example,,No Id\n`);
    const report = join(dir, 'report.html');
    const plan = join(dir, 'plan.csv');

    const json = await rekey('preview', file, '--into', 'pb,scim,uv,braze', '--mode', 'strict', '--out', report, '--plan-csv', plan, '--json');
    expect(json.code, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout) as { report: string; plan_csv: string; connections: Record<string, { by_hand: number; counts: Record<string, number> }> };
    expect(out).toMatchObject({ report, plan_csv: plan });
    expect(Object.keys(out.connections)).toEqual(['pb', 'scim', 'uv', 'braze']);
    expect(out.connections.braze!.by_hand).toBe(1); // a profile needs an external id
    expect(out.connections.pb!.by_hand).toBe(0);
    const html = readFileSync(report, 'utf8');
    for (const c of ['pb', 'scim', 'uv', 'braze']) expect(html).toContain(`<th class="num">${c}</th>`);
    expect(html).toContain('fresh@client.example');
    const lines = readFileSync(plan, 'utf8').trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('pb_strict_action');
    expect(lines[0]).toContain('braze_by_hand');
    expect(lines[3]).toMatch(/,track_needs_external_id,$/); // then braze_renamed_to, empty

    // Without --json: the counts per connection, what is left by hand, where the files went.
    const human = await rekey('preview', file, '--into', 'pb,braze', '--mode', 'strict', '--out', report, '--plan-csv', plan);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('  braze:\n');
    expect(human.stdout).toMatch(/Left by hand +1 {2}rows this system's API will not carry out \(the report says which and why\)/);
    expect(human.stdout).toContain(`Report: ${report}\nPlan, every row in every connection: ${plan}\n`);

    // One connection: as before, both modes in the plan CSV.
    const single = await rekey('preview', file, '--into', 'pb', '--mode', 'strict', '--plan-csv', plan, '--json');
    expect(single.code, single.stderr).toBe(0);
    expect(readFileSync(plan, 'utf8').split('\r\n')[0]).toBe('line,email,external_id,strict_action,strict_user,strict_reason,lenient_action,lenient_user,lenient_reason,renamed_from,renamed_to,strict_by_hand,lenient_by_hand');

    const staged = await rekey('changesets', 'create', '--kind', 'import', '--connection', 'pb,scim,uv,braze', '--file', file, '--mode', 'strict', '--json');
    expect(staged.code, staged.stderr).toBe(0);
    const made = JSON.parse(staged.stdout) as { id: number; connection: string; kind: string; rows: number }[];
    expect(made.map((m) => [m.connection, m.kind, m.rows])).toEqual([
      ['pb', 'import', 3],
      ['scim', 'import', 3],
      ['uv', 'import', 3],
      ['braze', 'import', 3],
    ]);
    expect(made.every((m) => Number.isInteger(m.id))).toBe(true);
    const one = await rekey('changesets', 'create', '--kind', 'import', '--connection', 'pb', '--file', file, '--mode', 'strict', '--json');
    expect(JSON.parse(one.stdout)).toMatchObject({ kind: 'import', connection: 'pb', rows: 3 });
  }, 120_000);

  it('refuses an unknown connection in the list, staging nothing', async () => {
    const file = join(dir, 'one.csv');
    writeFileSync(file, 'email,external_id\nnew.one@client.example,n-1\n');
    const before = JSON.parse((await rekey('changesets', 'list', '--json')).stdout) as unknown[];
    const r = await rekey('changesets', 'create', '--kind', 'import', '--connection', 'pb,nope', '--file', file, '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope');
    expect(JSON.parse((await rekey('changesets', 'list', '--json')).stdout)).toHaveLength(before.length);
  }, 60_000);
});
