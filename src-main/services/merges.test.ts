import { afterAll, describe, expect, it } from 'vitest';
import { sandboxWorkspace } from '../../test/support/sandbox-workspace';
import { startSandbox, type Sandbox } from '../sandbox/sandbox';
import { dismissCandidate, findMergeCandidates } from './merges';
import { pullConnection } from './pull';

let sandbox: Sandbox | undefined;
afterAll(() => sandbox?.close());

describe('finding duplicates (issue 9) on the sandbox’s planted situations', () => {
  it('finds every planted duplicate kind, nothing unplanted above the default confidence, and dismissals survive a pull', async () => {
    sandbox = await startSandbox({ users: 200, rpm: 0 });
    const { ctx } = sandboxWorkspace(sandbox, { ratePerSecond: 0 });
    for (const name of ['pb', 'scim', 'uv', 'braze']) await pullConnection(ctx, name);
    const candidates = findMergeCandidates(ctx);
    const planted = sandbox.planted;

    // Every detached user left by lenient matching is paired with its email holder.
    const detached = planted.filter((p) => p.kind === 'detached_user');
    expect(detached.length).toBeGreaterThan(0);
    for (const p of detached) {
      expect(candidates.some((c) => c.kind === 'detached_user' && c.records.some((r) => r.remoteId === p.detail.userId))).toBe(true);
    }
    // Every case-variant email, every stale UserVoice attachment, every diverging person.
    for (const p of planted.filter((x) => x.kind === 'case_variant_email')) {
      expect(candidates.some((c) => c.kind === 'case_variant_email' && c.evidence[0]!.includes(p.detail.elsewhere!))).toBe(true);
    }
    for (const p of planted.filter((x) => x.kind === 'uservoice_stale_attachment')) {
      expect(candidates.some((c) => c.kind === 'stale_attachment' && c.key.endsWith(`:${p.detail.externalUserId}`))).toBe(true);
    }
    for (const p of planted.filter((x) => x.kind === 'diverging_fields')) {
      expect(candidates.some((c) => c.kind === 'diverging_fields' && c.key === `diverging_fields:${p.detail.externalId}`)).toBe(true);
    }
    // Nothing else: every candidate traces back to a planted situation.
    const plantedPeople = new Set(planted.map((p) => p.person));
    const personOf = (c: (typeof candidates)[number]) => c.evidence.join(' ').match(/usr_1(\d{4})|[a-z]+\.[a-z-]+?(\d+)(?:\.old)?@/i);
    for (const c of candidates) {
      const m = personOf(c);
      const person = m ? Number(m[1] ?? m[2]) : NaN;
      expect(plantedPeople.has(person), `${c.key}: ${c.evidence.join(' | ')}`).toBe(true);
    }

    // A dismissed pair stays dismissed after another pull.
    const first = candidates[0]!;
    dismissCandidate(ctx, first.key, 'checked by hand');
    await pullConnection(ctx, 'pb');
    expect(findMergeCandidates(ctx).some((c) => c.key === first.key)).toBe(false);
    expect(findMergeCandidates(ctx, { includeDismissed: true }).some((c) => c.key === first.key)).toBe(true);
    ctx.workspace.close();
  }, 60_000);
});
