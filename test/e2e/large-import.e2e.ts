import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { addConnection, pull } from './helpers';

test.use({ sandboxArgs: ['--users', '300'] });

const ROWS = 200_000;

/** A client's export of 200,000 people with a long notes column: ~35 MB on disk. */
async function writeLargeCsv(path: string): Promise<number> {
  const out = createWriteStream(path);
  out.write('email,external_id,name,company,notes\n');
  const notes = 'Migrated from the old CRM; keep the account owner informed before any change.';
  for (let i = 0; i < ROWS; i += 1000) {
    let part = '';
    for (let j = i; j < i + 1000; j++) part += `large${j}@example.com,large_${j},Large Person ${j},Company ${j % 97},${notes}\n`;
    out.write(part);
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return statSync(path).size;
}

test('a 200,000-row CSV is previewed and its plan saved without the page ever holding either', async ({ app, sandbox }) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'rekey-large-e2e-'));
  try {
    const csvPath = join(dir, 'large-client.csv');
    const size = await writeLargeCsv(csvPath);
    const { page } = app;
    await addConnection(page, { name: 'pb', kind: 'productboard', url: sandbox.productboard.url, tokenEnv: 'SANDBOX_PB_TOKEN' });
    await pull(page, 'pb');
    await page.getByRole('link', { name: 'Import preview', exact: true }).click();

    // Every way page script could read a File is counted: none may run.
    // (A script in a string: the e2e tests are typed without the DOM.)
    await page.evaluate(`(() => {
      window.fileReads = [];
      for (const [proto, names] of [[Blob.prototype, ['text', 'arrayBuffer', 'stream', 'bytes']], [FileReader.prototype, ['readAsText', 'readAsArrayBuffer', 'readAsDataURL', 'readAsBinaryString']]]) {
        for (const name of names) {
          const original = proto[name];
          if (typeof original !== 'function') continue;
          proto[name] = function (...args) {
            window.fileReads.push(name);
            return original.apply(this, args);
          };
        }
      }
    })()`);
    const calls: { url: string; bytes: number }[] = [];
    const uploads: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/api/')) calls.push({ url: path, bytes: request.postDataBuffer()?.length ?? 0 });
      if (path === '/upload') uploads.push(request.url());
    });
    const answers: { url: string; bytes: number }[] = [];
    page.on('response', async (response) => {
      const path = new URL(response.url()).pathname;
      if (path.startsWith('/api/')) answers.push({ url: path, bytes: (await response.body().catch(() => Buffer.alloc(0))).length });
    });
    // The renderer's JS heap, sampled while the file goes to main and is previewed.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heapBefore = ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    let heapPeak = heapBefore;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        heapPeak = Math.max(heapPeak, ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    await page.getByLabel('CSV file').setInputFiles(csvPath);
    const summary = page.getByRole('region', { name: 'Preview summary' });
    await expect(summary).toContainText(`large-client.csv: ${ROWS.toLocaleString('en-US')} rows into pb`, { timeout: 120_000 });
    await expect(summary.getByRole('table').getByRole('row', { name: /^Created [\d,]+ / })).toContainText(ROWS.toLocaleString('en-US'));
    const plan = page.getByRole('table', { name: 'Import plan' });
    await expect(plan.getByRole('row').nth(1)).toContainText('@example.com');
    await app.screenshot('large-import-preview');

    // The plan CSV is written by main and saved from there, never a string in the page.
    const downloading = page.waitForEvent('download');
    await summary.getByRole('button', { name: 'Export plan (CSV)' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('large-client-plan.csv');
    expect(new URL(download.url()).pathname).toMatch(/^\/download\//);
    const planLines = readFileSync((await download.path())!, 'utf8').trimEnd().split('\r\n');
    expect(planLines).toHaveLength(ROWS + 1);
    sampling = false;
    await sampler;

    const grown = heapPeak - heapBefore;
    const largestCall = Math.max(...calls.map((c) => c.bytes));
    const largestAnswer = Math.max(...answers.map((a) => a.bytes));
    console.log(`large import: file ${(size / 1e6).toFixed(1)} MB; renderer heap ${(heapBefore / 1e6).toFixed(1)} MB before, peak ${(heapPeak / 1e6).toFixed(1)} MB (+${(grown / 1e6).toFixed(1)} MB); largest call ${largestCall} B, largest answer ${largestAnswer} B`);
    expect(await page.evaluate('window.fileReads')).toEqual([]);
    expect(uploads).toHaveLength(1);
    expect(calls.find((c) => c.url === '/api/preview.run')!.bytes).toBeLessThan(1000);
    expect(largestCall).toBeLessThan(4096);
    // A page of the plan and the summary, never the file or the plan: both are tens of MB.
    expect(largestAnswer).toBeLessThan(size / 20);
    // Read whole, the file alone would be twice its size as a string in the heap.
    expect(grown).toBeLessThan(size / 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
