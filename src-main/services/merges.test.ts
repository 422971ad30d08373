import { afterAll, describe, expect, it } from 'vitest';
import { sandboxWorkspace } from '../../test/support/sandbox-workspace';
import { startSandbox, type Sandbox } from '../sandbox/sandbox';
import { openWorkspace } from '../store/workspace';
import { createServiceContext } from './context';
import { dismissCandidate, findMergeCandidates, mergeCandidatePage } from './merges';
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

  it('the Merges page reads pages of one find, kept until the workspace changes here or in another process', async () => {
    sandbox ??= await startSandbox({ users: 200, rpm: 0 });
    const { ctx, path } = sandboxWorkspace(sandbox, { ratePerSecond: 0 });
    for (const name of ['pb', 'scim', 'uv']) await pullConnection(ctx, name);
    const all = findMergeCandidates(ctx);
    const first = mergeCandidatePage(ctx, { offset: 0, limit: 3 });
    const second = mergeCandidatePage(ctx, { offset: 3, limit: 3 });
    expect([...first.candidates, ...second.candidates].map((c) => c.key)).toEqual(all.slice(0, 6).map((c) => c.key));
    expect(first.total).toBe(all.length);
    expect(Object.values(first.counts).reduce((a, b) => a + b, 0)).toBe(all.length);
    // The same list object answers every page until something is written.
    const kept = (page: { candidates: unknown[] }) => page.candidates[0];
    expect(kept(mergeCandidatePage(ctx, { offset: 0, limit: 1 }))).toBe(first.candidates[0]);

    // A dismissal here: the next page comes from a new find, without the dismissed one.
    dismissCandidate(ctx, all[0]!.key, null);
    const after = mergeCandidatePage(ctx, { offset: 0, limit: 1000 });
    expect(after.total).toBe(all.length - 1);
    expect(after.candidates.some((c) => c.key === all[0]!.key)).toBe(false);

    // A dismissal by another process (the CLI on the same file) is seen too.
    const other = createServiceContext(openWorkspace(path), 'cli');
    dismissCandidate(other, all[1]!.key, null);
    other.workspace.close();
    expect(mergeCandidatePage(ctx, { offset: 0, limit: 1000 }).total).toBe(all.length - 2);
    ctx.workspace.close();
  }, 60_000);
});
