import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawRequest, type RawAnswer } from '../../test/support/raw-request';
import { xlsxBytes } from '../../test/support/xlsx-file';
import { createServiceContext, type ServiceContext } from '../services/context';
import { KEPT_TRANSFERS, transferDir } from '../services/file-transfers';
import { openWorkspace } from '../store/workspace';
import { startBrowserMode, type BrowserMode } from './server';

let dir: string;
let ctx: ServiceContext;
let server: BrowserMode;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rekey-files-web-'));
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Rekey</title>');
  ctx = createServiceContext(openWorkspace(join(dir, 'w.rekey')), 'browser');
  const id = ctx.workspace.connections.add({ name: 'pb', kind: 'productboard', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, 'now').id;
  ctx.workspace.records.upsertPage(id, 'run', [{ remoteId: 'u1', email: 'ann@x.io', externalId: 'e-ann', deprecatedExternalIds: [], name: 'Ann', company: null, status: 'active', raw: {} }], 'now');
  server = await startBrowserMode(ctx, { rendererDir: join(dir, 'renderer') });
});

afterEach(async () => {
  await server.close();
  ctx.workspace.close();
});

const raw = (path: string, options?: Parameters<typeof rawRequest>[2]) => rawRequest(server.port, path, options);

const auth = () => ({ Authorization: `Bearer ${server.secret}` });
const octets = { 'Content-Type': 'application/octet-stream' };
const upload = (name: string, body: string | Uint8Array, headers: Record<string, string> = { ...octets, ...auth() }) =>
  raw(`/upload?name=${encodeURIComponent(name)}`, { method: 'POST', headers, body });
const callApi = async (channel: string, input: unknown) =>
  JSON.parse((await raw(`/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...auth() }, body: JSON.stringify(input) })).body) as { ok: boolean; value: Record<string, unknown>; error?: { code: string; message: string } };
const filesHeld = () => (existsSync(transferDir(ctx)) ? readdirSync(transferDir(ctx)) : []);

/** Waits (bounded) for the server to have handled a request whose client went away. */
async function until(check: () => boolean, ms = 3000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end && !check(); ) await new Promise((r) => setTimeout(r, 20));
}

const CSV = 'email,external_id,name\nann@x.io,e-ann,Ann\nbo@x.io,e-bo,Bo\n';

describe('browser mode uploads (/upload)', () => {
  it('refuses an upload without the secret, with a wrong one, or from another site, and keeps nothing', async () => {
    expect((await upload('a.csv', CSV, octets)).status).toBe(401);
    expect((await upload('a.csv', CSV, { ...octets, Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await upload('a.csv', CSV, { ...octets, ...auth(), Origin: 'http://evil.example' })).status).toBe(403);
    expect(filesHeld()).toEqual([]);
  });

  it('takes only a POSTed octet stream that says its length and fits the reader', async () => {
    expect((await upload('a.csv', CSV, { 'Content-Type': 'text/plain', ...auth() })).status).toBe(415);
    expect((await raw('/upload?name=a.csv', { headers: auth() })).status).toBe(405);
    expect((await upload('', CSV)).status).toBe(400);
    const chunked = await raw('/upload?name=a.csv', { method: 'POST', headers: { ...octets, ...auth(), 'Transfer-Encoding': 'chunked' }, body: CSV });
    expect(chunked.status).toBe(411);
    const huge = await new Promise<RawAnswer>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/upload?name=big.csv', method: 'POST', headers: { ...octets, ...auth(), 'Content-Length': String(300 << 20) } }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.write('email\n');
    });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body).error.message).toMatch(/^big\.csv: a file of 314,572,800 bytes, larger than the 256 MiB limit/);
    expect(filesHeld()).toEqual([]);
  });

  it('streams the body to a file main owns, which a preview then names instead of the bytes', async () => {
    const answer = await upload('client list.csv', CSV);
    expect(answer.status).toBe(200);
    const { upload: id, size } = JSON.parse(answer.body).value;
    expect(size).toBe(Buffer.byteLength(CSV));
    expect(filesHeld()).toEqual([`upload-${id}`]);
    const summary = await callApi('preview.run', { connection: 'pb', upload: id, fileName: 'ignored.csv' });
    expect(summary).toMatchObject({ ok: true, value: { file: 'client list.csv', total: 2, counts: { strict: { match: 1, create: 1 } } } });
    // Kept while the person may preview it again (another mapping)…
    expect((await callApi('preview.run', { connection: 'pb', upload: id, fileName: 'x', mapping: { email: 0, externalId: 1 } })).ok).toBe(true);
    // …and removed once staged.
    expect((await callApi('preview.stage', { mode: 'strict' })).ok).toBe(true);
    expect(filesHeld()).toEqual([]);
    expect(await callApi('preview.run', { connection: 'pb', upload: id, fileName: 'x' })).toMatchObject({ ok: false, error: { code: 'upload_gone' } });
  });

  it('keeps only the last part of a name that carries folders', async () => {
    const { upload: id, fileName } = JSON.parse((await upload('../../etc/client.csv', CSV)).body).value;
    expect(fileName).toBe('client.csv');
    expect(await callApi('preview.run', { connection: 'pb', upload: id, fileName: 'x' })).toMatchObject({ ok: true, value: { file: 'client.csv' } });
  });

  it('reads an uploaded .xlsx by its bytes, whatever its name says', async () => {
    const bytes = xlsxBytes([{ name: 'People', rows: [['Email', 'External ID'], ['ann@x.io', 'e-ann']] }]);
    const { upload: id } = JSON.parse((await upload('people.xlsx', bytes)).body).value;
    expect(await callApi('preview.run', { connection: 'pb', upload: id, fileName: 'people.xlsx' })).toMatchObject({ ok: true, value: { total: 1, counts: { strict: { match: 1 } } } });
  });

  it('names the file and line of a broken CSV, not the temporary file', async () => {
    const { upload: id } = JSON.parse((await upload('broken.csv', 'email,external_id\nann@x.io,e-ann\n"bo@x.io,e-bo\n')).body).value;
    const result = await callApi('preview.run', { connection: 'pb', upload: id, fileName: 'broken.csv' });
    expect(result.value.problems).toEqual([{ line: 3, message: 'a quoted cell is never closed' }]);
    expect(result.value.file).toBe('broken.csv');
    const { upload: notText } = JSON.parse((await upload('photo.csv', new Uint8Array([1, 0, 2, 0]))).body).value;
    expect(await callApi('preview.run', { connection: 'pb', upload: notText, fileName: 'photo.csv' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^photo\.csv: not a CSV/) } });
  });

  it('refuses an upload cut off half-way and leaves no half file to preview', async () => {
    const socket = connect(server.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(`POST /upload?name=cut.csv HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${server.secret}\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n`);
    socket.write('email,external_id\n'.padEnd(5000, 'x'));
    await until(() => filesHeld().some((f) => f.endsWith('.partial')));
    expect(filesHeld().some((f) => f.endsWith('.partial'))).toBe(true);
    socket.destroy();
    await until(() => filesHeld().length === 0);
    expect(filesHeld()).toEqual([]);
  });

  it('keeps at most a few uploads: the oldest goes when a newer comes', async () => {
    const ids: string[] = [];
    for (let i = 0; i <= KEPT_TRANSFERS; i++) ids.push(JSON.parse((await upload(`f${i}.csv`, CSV)).body).value.upload);
    expect(filesHeld()).toHaveLength(KEPT_TRANSFERS);
    expect(await callApi('preview.run', { connection: 'pb', upload: ids[0], fileName: 'f0.csv' })).toMatchObject({ ok: false, error: { code: 'upload_gone' } });
    expect((await callApi('preview.run', { connection: 'pb', upload: ids[KEPT_TRANSFERS], fileName: 'x' })).ok).toBe(true);
  });

  it('stages a rename batch from an upload, then removes it', async () => {
    ctx.workspace.connections.add({ name: 'bz', kind: 'braze', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'T' }, 'now');
    const { upload: id } = JSON.parse((await upload('renames.csv', 'current_external_id,new_external_id\ne-1,n-1\n')).body).value;
    const made = await callApi('changesets.stageRenameBatch', { connections: ['bz'], upload: id, fileName: 'renames.csv' });
    expect(made).toMatchObject({ ok: true, value: { changeSets: [{ kind: 'rename', source: 'renames.csv' }] } });
    expect(filesHeld()).toEqual([]);
  });
});

describe('browser mode downloads (/download/ID)', () => {
  it('serves the plan CSV main wrote as an attachment, behind the secret, once', async () => {
    const { upload: id } = JSON.parse((await upload('client.csv', CSV)).body).value;
    await callApi('preview.run', { connection: 'pb', upload: id, fileName: 'client.csv' });
    const written = await callApi('preview.download', { file: 'planCsv' });
    expect(written).toMatchObject({ ok: true, value: { fileName: 'client-plan.csv' } });
    const path = `/download/${written.value.download}`;
    expect((await raw(path)).status).toBe(401);
    expect((await raw(path, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    const served = await raw(path, { headers: auth() });
    expect(served.status).toBe(200);
    expect(served.headers['content-disposition']).toBe(`attachment; filename="client-plan.csv"; filename*=UTF-8''client-plan.csv`);
    expect(served.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(Number(served.headers['content-length'])).toBe(written.value.bytes);
    expect(served.body.split('\r\n')[0]).toMatch(/^line,email,external_id,strict_action/);
    expect(served.body.trimEnd().split('\r\n')).toHaveLength(3);
    // Served whole, it is removed.
    await until(() => !filesHeld().some((f) => f.startsWith('download-')));
    expect((await raw(path, { headers: auth() })).status).toBe(404);
  });

  it('writes the client report and the comparison files the same way', async () => {
    const { upload: id } = JSON.parse((await upload('client.csv', CSV)).body).value;
    await callApi('preview.run', { connection: 'pb', upload: id, fileName: 'client.csv' });
    const report = await callApi('preview.download', { file: 'report', mode: 'lenient' });
    expect((await raw(`/download/${report.value.download}`, { headers: auth() })).body).toMatch(/^<!doctype html>/i);
    expect(await callApi('preview.download', { file: 'comparePlanCsv' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const compared = await callApi('preview.download', { file: 'comparePlanCsv', connections: ['pb'], mode: 'strict' });
    expect(compared.value.fileName).toBe('client-plan-1-systems.csv');
  });

  it('writes a review bundle and reads a reviewed one back as files, naming the file when it was changed', async () => {
    const { upload: id } = JSON.parse((await upload('client.csv', CSV)).body).value;
    await callApi('preview.run', { connection: 'pb', upload: id, fileName: 'client.csv' });
    const staged = (await callApi('preview.stage', { mode: 'strict' })).value;
    await callApi('changesets.submit', { id: staged.id });
    const written = await callApi('review.downloadBundle', { id: staged.id });
    expect(written.value.fileName).toBe(`change-set-${String(staged.id)}-review.json`);
    const bundle = JSON.parse((await raw(`/download/${String(written.value.download)}`, { headers: auth() })).body) as { rows: unknown[]; decisions: Record<string, unknown>[] };
    Object.assign(bundle.decisions[0]!, { review: 'approved', comment: 'ok', by: 'reviewer', at: new Date().toISOString() });
    const reviewed = JSON.parse((await upload('reviewed.json', JSON.stringify(bundle))).body).value;
    expect(await callApi('review.importBundle', { upload: reviewed.upload, fileName: 'x' })).toMatchObject({ ok: true, value: { applied: 1 } });
    const tampered = JSON.stringify({ ...bundle, rows: [{ ...(bundle.rows[0] as object), payload: { email: 'eve@x.io' } }, ...bundle.rows.slice(1)] });
    const bad = JSON.parse((await upload('tampered.json', tampered)).body).value;
    expect(await callApi('review.importBundle', { upload: bad.upload, fileName: 'x' })).toMatchObject({ ok: false, error: { code: 'bundle_tampered', message: expect.stringMatching(/^tampered\.json: the rows were changed/) } });
    expect(filesHeld()).toEqual([]);
  });

  it('removes every upload and download with the folder when browser mode closes', async () => {
    const { upload: id } = JSON.parse((await upload('client.csv', CSV)).body).value;
    await callApi('preview.run', { connection: 'pb', upload: id, fileName: 'client.csv' });
    await callApi('preview.download', { file: 'planCsv' });
    const folder = transferDir(ctx);
    expect(readdirSync(folder)).toHaveLength(2);
    await server.close();
    expect(existsSync(folder)).toBe(false);
    server = await startBrowserMode(ctx, { rendererDir: join(dir, 'renderer') });
  });
});
