import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRekey } from '../../../test/support/cli';
import { sandboxWorkspace } from '../../../test/support/sandbox-workspace';
import { startSandbox, type Sandbox } from '../../sandbox/sandbox';
import { pullConnection } from '../../services/pull';

let sandbox: Sandbox;
let db: string;
let dir: string;

// The workspace is pulled in-process; the CLI then works on it offline, as after a pull.
beforeAll(async () => {
  sandbox = await startSandbox({ users: 60, rpm: 0 });
  const { ctx, path } = sandboxWorkspace(sandbox, { ratePerSecond: 0 });
  for (const name of ['pb', 'scim', 'uv']) await pullConnection(ctx, name);
  ctx.workspace.close();
  db = path;
  dir = dirname(path);
}, 60_000);
afterAll(() => sandbox.close());

const rekey = (...args: string[]) => runRekey(['--db', db, ...args]);

describe('rekey merges plan / stage and changesets create --kind merge (issue 9)', () => {
  it('plans a candidate per system, writes the checklist, and stages it as merge change sets', () => {
    const candidates = JSON.parse(rekey('merges', 'find', '--json').stdout) as { key: string; kind: string; records: { connection: string; remoteId: string }[] }[];
    const detached = candidates.find((c) => c.kind === 'detached_user')!;
    const checklist = join(dir, 'checklist.md');
    const plan = rekey('merges', 'plan', detached.key, '--name', 'Kept Name', '--checklist', checklist, '--json');
    expect(plan.code).toBe(0);
    const view = JSON.parse(plan.stdout);
    expect(view.plans[0].plan.steps.map((s: { action: string }) => s.action)).toEqual(['productboard.repoint_note', 'productboard.delete', 'productboard.update']);
    expect(readFileSync(checklist, 'utf8')).toContain('**Not reversible**');

    const staged = rekey('merges', 'stage', detached.key, '--survivor', `pb/${detached.records[0]!.remoteId}`, '--json');
    expect(staged.code).toBe(0);
    expect(JSON.parse(staged.stdout)).toMatchObject([{ kind: 'merge', state: 'draft', connection: 'pb', rows: 1 }]);
  });

  it('merges find gives a page of the candidates with --offset and --limit, and counts each kind', () => {
    const all = JSON.parse(rekey('merges', 'find', '--json').stdout) as { key: string; kind: string }[];
    expect(all.length).toBeGreaterThan(3);
    const page = JSON.parse(rekey('merges', 'find', '--offset', '1', '--limit', '2', '--json').stdout);
    expect(page.total).toBe(all.length);
    expect(page.offset).toBe(1);
    expect(page.candidates.map((c: { key: string }) => c.key)).toEqual(all.slice(1, 3).map((c) => c.key));
    const kinds: Record<string, number> = {};
    for (const c of all) kinds[c.kind] = (kinds[c.kind] ?? 0) + 1;
    expect(page.counts).toEqual(kinds);
    const human = rekey('merges', 'find', '--offset', '1', '--limit', '2');
    expect(human.stdout).toMatch(new RegExp(`^${all.length} candidates \\(.*\\); 2–3 shown\n`));
    const bad = rekey('merges', 'find', '--limit', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--limit must be a whole number ≥ 1');
  });

  it('stages a merges file, naming users by remote id, email or external id', () => {
    const users = JSON.parse(rekey('users', 'list', '--connection', 'scim', '--json').stdout) as { remoteId: string; email: string; externalId: string }[];
    const [a, b, c] = users;
    const file = join(dir, 'merges.csv');
    writeFileSync(file, `survivor,loser,name\n${a!.email},${b!.remoteId}|${c!.externalId},Ada Kept\n`);
    const r = rekey('changesets', 'create', '--kind', 'merge', '--connection', 'scim', '--file', file, '--json');
    expect(r.code).toBe(0);
    const id = JSON.parse(r.stdout).id as number;
    const shown = JSON.parse(rekey('changesets', 'show', String(id), '--json').stdout);
    expect(shown.rows[0].payload).toMatchObject({ survivor: a!.remoteId, losers: [b!.remoteId, c!.remoteId] });
    expect(shown.rows[0].plan.steps.map((s: { action: string }) => s.action)).toEqual(['scim.deactivate', 'scim.deactivate', 'scim.update']);
    expect(shown.changeSet.plan.undo[0].steps).toHaveLength(3);
  });

  it('a bad merges file exits 2 with one line naming the file and line; nothing is staged', () => {
    const before = JSON.parse(rekey('changesets', 'list', '--json').stdout).length;
    const missing = join(dir, 'missing-col.csv');
    writeFileSync(missing, 'survivor,name\nx,y\n');
    const unknown = join(dir, 'unknown.csv');
    writeFileSync(unknown, 'survivor,loser\nnobody@nowhere.test,x\n');
    const empty = join(dir, 'no-loser.csv');
    writeFileSync(empty, 'survivor,loser\nsomeone,\n');
    for (const [file, pattern] of [
      [missing, /missing-col\.csv:1: missing column "loser"/],
      [empty, /no-loser\.csv:2: name a user to merge into "someone"/],
      [unknown, /unknown\.csv:2: survivor "nobody@nowhere\.test" is not a pulled user of scim/],
    ] as const) {
      const r = rekey('changesets', 'create', '--kind', 'merge', '--connection', 'scim', '--file', file);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    }
    expect(JSON.parse(rekey('changesets', 'list', '--json').stdout)).toHaveLength(before);
  });
});
