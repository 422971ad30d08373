import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRenames, resolveRows } from '../../src-shared/resolver';
import { repoRoot } from '../../test/support/cli';
import { productboardViolations, validateProductboard } from '../../test/support/productboard-openapi';
import { startSandbox, type Sandbox, type SandboxInfo, type SandboxOptions } from './sandbox';
import { client } from './sandbox-test-client';

/** Validates a Productboard response against the OpenAPI description (not a hand-made check). */
async function valid(operationId: string, status: number, body: unknown): Promise<void> {
  const errors = await validateProductboard(operationId, status, body);
  expect(errors, `${operationId} ${status}: ${JSON.stringify(errors)}`).toEqual([]);
}

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});
const start = async (options: SandboxOptions = {}) => (sandbox = await startSandbox({ rpm: 0, users: 60, ...options }));

describe('every system', () => {
  it('answers 401 to a missing or wrong token, in its own error style', async () => {
    const s = await start();
    for (const system of ['productboard', 'scim', 'uservoice', 'braze'] as const) {
      const path = { productboard: '/users', scim: '/Users', uservoice: '/api/v2/admin/users', braze: '/users/export/ids' }[system];
      const r = await client(s.info, system, { token: 'wrong' })(system === 'braze' ? 'POST' : 'GET', path, system === 'braze' ? { external_ids: ['x'] } : undefined);
      expect(r.status, system).toBe(401);
    }
    const pb = await client(s.info, 'productboard', { token: 'wrong' })('GET', '/users');
    await valid('getUsers', 400, pb.body); // the same ApiErrors shape as 400
    const scim = await client(s.info, 'scim', { token: '' })('GET', '/Users');
    expect(scim.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' });
  });

  it('listens on loopback only', async () => {
    const s = await start();
    for (const system of ['productboard', 'scim', 'uservoice', 'braze'] as const) expect(s.info[system].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  });

  it('answers 429 with Retry-After in each system\'s form once the limit is spent', async () => {
    const s = await start({ rpm: 3 });
    for (const system of ['productboard', 'uservoice', 'braze', 'scim'] as const) {
      const call = client(s.info, system);
      const path = { productboard: '/users', scim: '/Users', uservoice: '/api/v2/admin/users', braze: '/users/export/ids' }[system];
      let last;
      for (let i = 0; i < 4; i++) last = await call(system === 'braze' ? 'POST' : 'GET', path, system === 'braze' ? { external_ids: ['x'] } : undefined);
      expect(last!.status, system).toBe(429);
      const retryAfter = Number(last!.headers.get('retry-after'));
      if (system === 'uservoice') expect(retryAfter).toBeGreaterThan(Date.now() / 1000 - 1); // epoch seconds
      else expect(retryAfter > 0 && retryAfter <= 60, `${system} Retry-After ${retryAfter}`).toBe(true); // delay seconds
      expect(last!.headers.get('x-ratelimit-limit')).toBe('3');
      expect(last!.headers.get('x-ratelimit-remaining')).toBe('0');
    }
  });

  it('injects faults at the configured rate, reproducibly from a seed, and logs applied operations once', async () => {
    const s = await start({ faults: { error5xx: 0.2, seed: 7 } });
    const call = client(s.info, 'productboard');
    let errors = 0;
    for (let i = 0; i < 300; i++) if ((await call('GET', '/users?pageLimit=1')).status === 503) errors++;
    expect(errors / 300).toBeGreaterThan(0.14);
    expect(errors / 300).toBeLessThan(0.26);
    s.faults.set({ error5xx: 0, drop: 1 });
    await expect(call('GET', '/users')).rejects.toThrow();
    s.faults.set({ drop: 0, malformed: 1 });
    await expect(call('GET', '/users')).rejects.toThrow(/JSON/);
    s.faults.set({ malformed: 0 });
    const created = await call('POST', '/users', { data: { email: 'once@x.io', externalId: 'once-1' } });
    expect(created.status).toBe(201);
    expect(s.log.applied().get('productboard user.create once@x.io|once-1')).toBe(1);
  });

  it('switches faults at run time through the admin endpoint, which needs its own token', async () => {
    const s = await start();
    const post = (token: string) => fetch(`${s.info.admin.url}/faults`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: JSON.stringify({ error5xx: 1 }) });
    expect((await post(s.info.productboard.token)).status).toBe(401);
    expect((await post(s.info.admin.token)).status).toBe(200);
    expect((await client(s.info, 'braze')('POST', '/users/export/ids', { external_ids: ['a'] })).status).toBe(500);
  });
});

describe('Productboard REST', () => {
  it('requires X-Version: 1 (missing or wrong → 400)', async () => {
    const s = await start();
    expect((await client(s.info, 'productboard', { version: null })('GET', '/users')).status).toBe(400);
    const wrong = await client(s.info, 'productboard', { version: '2' })('GET', '/users');
    expect(wrong.status).toBe(400);
    await valid('getUsers', 400, wrong.body);
  });

  it('pages users and companies by links.next with no row missing or repeated, responses valid', async () => {
    const s = await start({ users: 250 });
    const call = client(s.info, 'productboard');
    for (const [path, op] of [
      ['/users', 'getUsers'],
      ['/companies?pageLimit=5', 'getCompanies'],
    ] as const) {
      const seen: string[] = [];
      let next: string | null = path;
      while (next) {
        const r = await call('GET', next);
        expect(r.status).toBe(200);
        await valid(op, 200, r.body);
        expect(r.body.data.length).toBeLessThanOrEqual(100);
        seen.push(...r.body.data.map((x: { id: string }) => x.id));
        next = r.body.links.next;
      }
      const total = path.startsWith('/users') ? s.state.productboard.users.size : s.state.productboard.companies.size;
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(total);
    }
  });

  it('words every error the way the API description does for its resource (companies and notes 404 carry ok)', async () => {
    const s = await start();
    const call = client(s.info, 'productboard');
    const missing = '00000000-0000-4000-8000-000000000000';
    const answers = [
      ['getCompany', await call('GET', `/companies/${missing}`)],
      ['getNote', await call('GET', `/notes/${missing}`)],
      ['updateNote', await call('PATCH', `/notes/${missing}`, { data: { title: 't' } })],
      ['getUser', await call('GET', `/users/${missing}`)],
      ['getCompanies', await call('GET', '/companies?pageLimit=0')],
      ['getNotes', await call('GET', '/notes?pageCursor=nope')],
    ] as const;
    for (const [op, r] of answers) {
      expect(r.status, op).toBeGreaterThanOrEqual(400);
      await valid(op, r.status, r.body);
    }
    expect(answers[0][1].body).toEqual({ ok: false, errors: { source: ['Requested company could not be found'] } });
    // The check can fail: the body the sandbox used to give a missing company is refused.
    const old = { errors: [{ code: 'company.notFound', title: 'Not Found', detail: 'Requested company could not be found' }] };
    expect(await validateProductboard('getCompany', 404, old)).toEqual([expect.stringMatching(/ok/)]);
    // And so is an error form a status the operation does not describe, held to its resource's form.
    const check = (status: number, body: unknown) => productboardViolations({ method: 'GET', path: `/companies/${missing}`, query: '', status, body });
    expect(await check(503, { ok: false, errors: { source: ['later'] } })).toEqual([]);
    expect((await check(503, { message: 'later' })).length).toBeGreaterThan(0);
  });

  it('pages notes by pageCursor; a stale cursor gets 422', async () => {
    const s = await start({ users: 200, cursorTtlMs: 200 });
    const call = client(s.info, 'productboard');
    const seen: string[] = [];
    let r = await call('GET', '/notes?pageLimit=20');
    const first = r.body as unknown; // checked after paging: cursors live 200 ms here
    const firstCursor = r.body.pageCursor as string;
    while (true) {
      seen.push(...r.body.data.map((n: { id: string }) => n.id));
      if (!r.body.pageCursor) break;
      r = await call('GET', `/notes?pageLimit=20&pageCursor=${r.body.pageCursor}`);
    }
    await valid('getNotes', 200, first);
    expect(new Set(seen).size).toBe(s.state.productboard.notes.length);
    expect(seen.length).toBe(s.state.productboard.notes.length);
    await new Promise((done) => setTimeout(done, 250));
    const stale = await call('GET', `/notes?pageCursor=${firstCursor}`);
    expect(stale.status).toBe(422);
  });

  it('creates and updates users strictly, as the shared resolver decides', async () => {
    const s = await start({ seed: 'empty' });
    const call = client(s.info, 'productboard');
    const a = await call('POST', '/users', { data: { email: 'A@x.io', externalId: 'ea', name: 'A' } });
    expect(a.status).toBe(201);
    await valid('createUser', 201, a.body);
    const b = await call('POST', '/users', { data: { email: 'b@x.io' } });
    const dupEmail = await call('POST', '/users', { data: { email: 'a@X.io' } });
    expect(dupEmail.status).toBe(409);
    expect(dupEmail.body.errors[0].code).toBe('email.conflict');
    await valid('createUser', 409, dupEmail.body);
    const taken = await call('PATCH', `/users/${b.body.data.id}`, { data: { externalId: 'ea' } });
    expect(taken.status).toBe(409);
    expect(taken.body.errors[0].code).toBe('externalId.conflict');
    const ok = await call('PATCH', `/users/${b.body.data.id}`, { data: { externalId: 'eb' } });
    expect(ok.status).toBe(200);
    await valid('updateUser', 200, ok.body);
    expect((await call('GET', '/users/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('resolves seed scenarios #1–#3 through notes (strict) and ingest (lenient) by the rules’ own table, and as resolveRows does', async () => {
    const users = [
      { email: 'other@x.io', externalId: 'id1' }, // #1
      { email: 'email2@x.io' }, // #2
      { email: 'email3@x.io', externalId: 'different' }, // #3
    ];
    const rows = [
      { external_id: 'id1', email: 'email1@x.io' },
      { external_id: 'id2', email: 'email2@x.io' },
      { external_id: 'id3', email: 'email3@x.io' },
    ];
    for (const mode of ['strict', 'lenient'] as const) {
      const s = await start({ seed: 'empty' });
      const call = client(s.info, 'productboard');
      for (const u of users) await call('POST', '/users', { data: u });
      const expected = resolveRows(
        s.state.productboard.users.users(),
        rows.map((r) => ({ externalId: r.external_id, email: r.email })),
        mode,
      ).decisions.map((d) => d.action);
      let actions: string[];
      if (mode === 'strict') {
        actions = [];
        for (const row of rows) {
          const r = await call('POST', '/notes', { title: 't', content: 'c', user: row });
          actions.push(r.status === 201 ? 'ok' : `fail ${r.status}`);
        }
        expect(actions).toEqual(expected.map((a) => (a === 'fail' ? 'fail 409' : 'ok')));
        // The rules' own table, not the resolver the sandbox runs: #1 matches by external
        // id (M1), #2 matches by email and backfills (M3), #3's email belongs to another
        // external id (M4, strict: refused, nothing changes).
        expect(actions).toEqual(['ok', 'ok', 'fail 409']);
        expect(s.state.productboard.users.users().map((u) => [u.email, u.externalId ?? null])).toEqual([
          ['other@x.io', 'id1'],
          ['email2@x.io', 'id2'],
          ['email3@x.io', 'different'],
        ]);
      } else {
        const r = await call('POST', '/insights/ingest', { data: rows.map((user) => ({ user, content: 'c' })) });
        actions = r.body.data.map((d: { action: string }) => d.action);
        expect(actions).toEqual(expected);
        expect(actions).toEqual(['match', 'backfill', 'create-detached']);
      }
      await s.close();
      sandbox = undefined;
    }
  });

  it('lists members (seed 001) with pageCursor', async () => {
    const s = await start();
    const r = await client(s.info, 'productboard')('GET', '/members');
    expect(r.status).toBe(200);
    expect(r.body.data[0]).toEqual({ id: expect.any(String), email: expect.stringContaining('@'), name: expect.any(String), role: expect.any(String) });
  });
});

describe('Productboard SCIM 2.0', () => {
  it('pages with 1-based startIndex and count, complete and without repeats', async () => {
    const s = await start({ users: 130 });
    const call = client(s.info, 'scim');
    const seen: string[] = [];
    let startIndex = 1;
    let total = Infinity;
    while (startIndex <= total) {
      const r = await call('GET', `/Users?startIndex=${startIndex}&count=40`);
      expect(r.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
      expect(r.body.startIndex).toBe(startIndex);
      total = r.body.totalResults;
      seen.push(...r.body.Resources.map((u: { id: string }) => u.id));
      startIndex += r.body.itemsPerPage;
    }
    expect(seen.length).toBe(130);
    expect(new Set(seen).size).toBe(130);
  });

  it('filters, creates, patches, deprovisions (never deletes) and answers SCIM errors', async () => {
    const s = await start({ seed: 'empty' });
    const call = client(s.info, 'scim');
    const created = await call('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'Jo@x.io', externalId: 'j1', name: { givenName: 'Jo' } });
    expect(created.status).toBe(201);
    const dup = await call('POST', '/Users', { userName: 'jo@X.io' });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '409', scimType: 'uniqueness', detail: expect.any(String) });
    expect((await call('GET', '/Users?filter=userName%20eq%20%22JO%40x.io%22')).body.totalResults).toBe(1);
    expect((await call('GET', '/Users?filter=externalId%20eq%20%22j1%22')).body.totalResults).toBe(1);
    expect((await call('GET', '/Users?filter=name%20co%20%22x%22')).body.scimType).toBe('invalidFilter');
    const id = created.body.id;
    const patched = await call('PATCH', `/Users/${id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: false }] });
    expect(patched.body.active).toBe(false);
    expect((await call('DELETE', `/Users/${id}`)).status).toBe(204);
    expect((await call('GET', `/Users/${id}`)).body.active).toBe(false);
    const group = await call('POST', '/Groups', { displayName: 'Product Team', members: [{ value: id }] });
    expect(group.body.members).toEqual([{ value: id }]);
  });
});

describe('UserVoice', () => {
  it('pages users by page/per_page ≤ 100 with no repeats', async () => {
    const s = await start({ users: 150 });
    const call = client(s.info, 'uservoice');
    expect((await call('GET', '/api/v2/admin/users?per_page=101')).status).toBe(400);
    const seen: number[] = [];
    for (let page = 1; ; page++) {
      const r = await call('GET', `/api/v2/admin/users?page=${page}&per_page=100`);
      if (r.body.users.length === 0) break;
      seen.push(...r.body.users.map((u: { id: number }) => u.id));
    }
    expect(seen.length).toBe(s.state.uservoice.uv.users.size);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('imports external users synchronously (≤ 1,000) with per-row results, and applies bulk_identify later', async () => {
    const s = await start({ seed: 'empty', asyncDelayMs: 100 });
    const call = client(s.info, 'uservoice');
    expect((await call('POST', '/api/v2/admin/external_users/import', { external_users: Array(1001).fill({ email: 'a@x.io' }) })).status).toBe(400);
    const r = await call('POST', '/api/v2/admin/external_users/import', { external_users: [{ id: 'x1', email: 'a@x.io' }, { id: 'x2', email: 'A@x.io' }, {}] });
    expect(r.body.results.map((x: { status: string; action?: string }) => x.action ?? x.status)).toEqual(['created_user', 'attached_existing', 'error']);
    const job = await call('POST', '/api/v2/admin/bulk_identify', { users: [{ email: 'new@x.io', external_id: 'n1' }] });
    expect(job.status).toBe(202);
    expect((await call('GET', `/api/v2/admin/bulk_identify/${job.body.job.id}`)).body.job.status).toBe('queued');
    await new Promise((done) => setTimeout(done, 150));
    expect((await call('GET', `/api/v2/admin/bulk_identify/${job.body.job.id}`)).body.job.status).toBe('completed');
  });
});

describe('Braze-style', () => {
  it('renames and removes with per-index errors exactly as checkRenames decides, and rejects N5 violations', async () => {
    const s = await start({ seed: 'empty' });
    const call = client(s.info, 'braze');
    await call('POST', '/users/track', { attributes: [{ external_id: 'a' }, { external_id: 'b' }, { external_id: 'c' }] });
    const renames = [
      { current_external_id: 'a', new_external_id: 'b' },
      { current_external_id: 'c', new_external_id: 'c2' },
      { current_external_id: 'c', new_external_id: 'c3' },
      { current_external_id: 'zz', new_external_id: 'zz' },
      { current_external_id: '', new_external_id: 'x' },
    ];
    const expected = checkRenames(s.state.braze.users.users(), renames);
    const r = await call('POST', '/users/external_ids/rename', { external_id_renames: renames });
    expect(r.body.rename_errors).toEqual(expected.rename_errors);
    expect(r.body.rename_errors.map((e: { code: string }) => e.code)).toEqual(['new_in_use', 'current_is_deprecated', 'same_id', 'invalid_id']);
    expect((await call('POST', '/users/external_ids/rename', { external_id_renames: [] })).status).toBe(400);
    expect((await call('POST', '/users/external_ids/rename', { external_id_renames: Array(51).fill(renames[0]) })).status).toBe(400);
    const removed = await call('POST', '/users/external_ids/remove', { external_ids: ['c', 'c2', 'nope'] });
    expect(removed.body).toEqual({ message: 'success', removed_ids: ['c'], removal_errors: [expect.objectContaining({ index: 1, code: 'is_primary' }), expect.objectContaining({ index: 2, code: 'not_found' })] });
  });

  it('performs a swap through the step plan the resolver proposes', async () => {
    const s = await start({ seed: 'empty' });
    const call = client(s.info, 'braze');
    await call('POST', '/users/track', { attributes: [{ external_id: 'a', email: 'a@x.io' }, { external_id: 'b', email: 'b@x.io' }] });
    const { plan } = checkRenames(s.state.braze.users.users(), [
      { current_external_id: 'a', new_external_id: 'b' },
      { current_external_id: 'b', new_external_id: 'a' },
    ]);
    for (const step of plan[0]!.steps) {
      const r =
        step.action === 'rename'
          ? await call('POST', '/users/external_ids/rename', { external_id_renames: [step] })
          : await call('POST', '/users/external_ids/remove', { external_ids: [step.external_id] });
      expect(r.body.rename_errors ?? r.body.removal_errors).toEqual([]);
    }
    const users = (await call('POST', '/users/export/ids', { external_ids: ['a', 'b'] })).body.users;
    expect(users.map((u: { external_id: string; email: string }) => `${u.external_id}=${u.email}`).sort()).toEqual(['a=b@x.io', 'b=a@x.io']);
  });

  it('merges asynchronously (≤ 50): visible in export once applied', async () => {
    const s = await start({ seed: 'empty', asyncDelayMs: 100 });
    const call = client(s.info, 'braze');
    await call('POST', '/users/track', { attributes: [{ external_id: 'keep', email: 'k@x.io' }, { external_id: 'dup', first_name: 'Dee' }] });
    expect((await call('POST', '/users/merge', { merge_updates: [{ identifier_to_merge: { external_id: 'dup' }, identifier_to_keep: { external_id: 'keep' } }] })).status).toBe(202);
    await new Promise((done) => setTimeout(done, 150));
    const after = (await call('POST', '/users/export/ids', { external_ids: ['keep', 'dup'] })).body;
    expect(after.users).toEqual([expect.objectContaining({ external_id: 'keep', first_name: 'Dee' })]);
    expect(after.invalid_user_ids).toEqual(['dup']);
  });
});

describe('demo seed', () => {
  it('plants every situation the product exists for, deterministically', async () => {
    const a = await startSandbox({ users: 200, rpm: 0 });
    // The other in a process of its own (`rekey sandbox`), so that nothing the two could
    // share in one process (a module's PRNG, a cache) can make them look alike.
    const cli = spawn(process.execPath, [join(repoRoot, 'bin', 'rekey.js'), 'sandbox', '--users', '200', '--rpm', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const info = await new Promise<SandboxInfo>((resolve, reject) => {
        cli.once('exit', (code) => reject(new Error(`rekey sandbox exited with ${code}`)));
        createInterface({ input: cli.stdout }).once('line', (line) => resolve(JSON.parse(line) as SandboxInfo));
      });
      const kinds = new Set(a.planted.map((p) => p.kind));
      expect([...kinds].sort()).toEqual(['backfill_waiting', 'case_variant_email', 'deprecated_id_in_window', 'detached_user', 'diverging_fields', 'email_taken_by_other_external_id', 'uservoice_stale_attachment']);
      const [here, there] = await Promise.all([seen(a.info), seen(info)]);
      expect(here.productboard.length).toBeGreaterThan(200);
      expect(here.scim.length).toBeGreaterThan(0);
      expect(here.planted).toEqual(a.planted);
      // Every id, the generated UUIDs included, is the same in both.
      expect(there).toEqual(here);
    } finally {
      cli.kill('SIGTERM');
      await a.close();
    }
  });
});

/** What a client sees of a sandbox: what was planted, and every id each listing system gives out. */
async function seen(info: SandboxInfo) {
  const admin = await fetch(`${info.admin.url}/planted`, { headers: { authorization: `Bearer ${info.admin.token}` } });
  const { planted } = (await admin.json()) as { planted: unknown[] };
  const pb = client(info, 'productboard');
  const ids = async (first: string) => {
    const found: string[] = [];
    for (let r = await pb('GET', first); ; r = await pb('GET', r.body.links.next)) {
      found.push(...(r.body.data as { id: string }[]).map((u) => u.id));
      if (!r.body.links?.next) return found;
    }
  };
  const scim: string[] = [];
  for (let r = await client(info, 'scim')('GET', '/Users?startIndex=1'); ; r = await client(info, 'scim')('GET', `/Users?startIndex=${scim.length + 1}`)) {
    scim.push(...(r.body.Resources as { id: string }[]).map((u) => u.id));
    if (r.body.Resources.length === 0 || scim.length >= r.body.totalResults) break;
  }
  return { planted, productboard: await ids('/users'), companies: await ids('/companies'), scim };
}
