import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readComments, readDecisions, rowMemberKey } from '../../src-shared/team/change-set-doc';
import { stageChangeSet } from '../../src-main/services/change-sets';
import { createServiceContext, type ServiceContext } from '../../src-main/services/context';
import { joinTeam, shareChangeSet } from '../../src-main/services/team';
import { syncOnce, teamDocs } from '../../src-main/services/team-session';
import { openWorkspace } from '../../src-main/store/workspace';
import { inviteMember } from '../../src-main/team/members';
import { startTeamServer } from '../../src-main/team/team-server';

export interface TeamSoakReport {
  members: number;
  rows: number;
  decisions: number;
  comments: number;
  disconnects: number;
  /** Distinct shared-state hashes after the final sync: must be 1. */
  hashes: number;
  /** Decisions a member made (their last per row) missing or different anywhere: must be 0. */
  missingDecisions: number;
  /** Comments written but not present everywhere: must be 0. */
  missingComments: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

/**
 * Issue 20's soak: MEMBERS member processes on a 2,000-row shared change set, random
 * decisions and comments with random disconnects for `seconds`; then every workspace
 * syncs and all must hold the same shared state with every decision and comment.
 * Loopback only; bounded in time and in actions per member.
 */
export async function runTeamSoak(options: { seconds: number; members?: number }): Promise<TeamSoakReport> {
  const count = options.members ?? 5;
  const dir = mkdtempSync(join(tmpdir(), 'rekey-team-soak-'));
  const dataDir = join(dir, 'server');
  const names = Array.from({ length: count }, (_, i) => `m${i}`);
  const tokens = Object.fromEntries(names.map((n) => [n, inviteMember(dataDir, n).token]));
  const server = await startTeamServer({ port: 0, host: '127.0.0.1', dataDir });
  const open = (name: string): ServiceContext => createServiceContext(openWorkspace(join(dir, `${name}.rekey`)), 'cli');
  try {
    for (const name of names) {
      process.env[`SOAK_${name}`] = tokens[name];
      const ctx = open(name);
      joinTeam(ctx, { url: server.url, member: name, tokenEnv: `SOAK_${name}` });
      ctx.workspace.close();
    }
    const author = open(names[0]!);
    const connectionId = author.workspace.connections.add({ name: 'braze', kind: 'braze', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, 'now').id;
    const cs = stageChangeSet(
      author,
      { kind: 'rename', connectionId, title: 'soak', plan: {} },
      Array.from({ length: 2_000 }, (_, i) => ({ payload: { current_external_id: `legacy-${i}`, new_external_id: `usr_${i}` }, plan: { action: 'rename' } })),
    );
    const { key } = shareChangeSet(author, cs.id);
    await syncOnce(author);
    author.workspace.close();
    for (const name of names.slice(1)) {
      const ctx = open(name);
      await syncOnce(ctx);
      ctx.workspace.close();
    }

    const results = await Promise.all(
      names.map(
        (name, i) =>
          new Promise<{ member: string; decided: Record<string, string>; comments: number; disconnects: number }>((resolve, reject) => {
            const child = spawn(
              process.execPath,
              [join(root, 'bin', 'run-ts.js'), join(here, 'team-soak-member.ts'), join(dir, `${name}.rekey`), server.url, name, key, String(options.seconds), String(1000 + i)],
              { cwd: root, env: { ...process.env, SOAK_TEAM_TOKEN: tokens[name] }, stdio: ['ignore', 'pipe', 'inherit'] },
            );
            let out = '';
            child.stdout.on('data', (d: Buffer) => (out += d.toString()));
            const timer = setTimeout(() => child.kill('SIGKILL'), (options.seconds + 60) * 1000);
            child.once('exit', (code) => {
              clearTimeout(timer);
              if (code !== 0) return reject(new Error(`member ${name} exited with ${code}`));
              resolve(JSON.parse(out.trim().split('\n').at(-1)!));
            });
          }),
      ),
    );

    // Two rounds: the first brings every member's updates to the server, the second back out.
    const contexts = names.map(open);
    for (let round = 0; round < 2; round++) for (const ctx of contexts) await syncOnce(ctx, 30_000);
    const hashes = new Set(contexts.map((ctx) => teamDocs(ctx).stateHash()));
    let missingDecisions = 0;
    let missingComments = 0;
    for (const ctx of contexts) {
      const doc = teamDocs(ctx).changeSet(key);
      const decisions = new Map(readDecisions(doc).map((d) => [rowMemberKey(d.idx, d.member), d.verdict]));
      const comments = readComments(doc);
      for (const r of results) {
        for (const [idx, verdict] of Object.entries(r.decided)) if (decisions.get(rowMemberKey(Number(idx), r.member)) !== verdict) missingDecisions++;
        if (comments.filter((c) => c.member === r.member).length !== r.comments) missingComments++;
      }
    }
    for (const ctx of contexts) ctx.workspace.close();
    return {
      members: count,
      rows: 2_000,
      decisions: results.reduce((n, r) => n + Object.keys(r.decided).length, 0),
      comments: results.reduce((n, r) => n + r.comments, 0),
      disconnects: results.reduce((n, r) => n + r.disconnects, 0),
      hashes: hashes.size,
      missingDecisions,
      missingComments,
    };
  } finally {
    await server.close();
  }
}

// `npm run soak:team`: two minutes.
if (process.argv[1]?.endsWith('team-soak.ts')) {
  const report = await runTeamSoak({ seconds: Number(process.env.SOAK_SECONDS ?? 120) });
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  process.exitCode = report.hashes === 1 && report.missingDecisions === 0 && report.missingComments === 0 ? 0 : 1;
}
