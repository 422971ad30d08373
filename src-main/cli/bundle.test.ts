import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot, runRekey } from '../../test/support/cli';

/** Asks bin/cli-bundle.js which CLI it would run from ROOT: the bundle's URL, or null. */
function choice(root: string): string {
  const code = `import(${JSON.stringify(pathToFileURL(join(repoRoot, 'bin', 'cli-bundle.js')).href)}).then((m) => process.stdout.write(String(m.freshBundle(new URL(${JSON.stringify(pathToFileURL(root).href + '/')}))?.pathname ?? null)))`;
  return spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' }).stdout;
}

function fakeCheckout(): string {
  const root = mkdtempSync(join(tmpdir(), 'rekey-bundle-'));
  mkdirSync(join(root, 'src-main'));
  mkdirSync(join(root, 'out', 'cli'), { recursive: true });
  writeFileSync(join(root, 'src-main', 'a.ts'), '');
  writeFileSync(join(root, 'out', 'cli', 'rekey.js'), '');
  writeFileSync(join(root, 'out', 'cli', 'inputs.json'), JSON.stringify(['src-main/a.ts']));
  const past = new Date(Date.now() - 60_000);
  utimesSync(join(root, 'src-main', 'a.ts'), past, past);
  return root;
}

describe('the bundled CLI (issue 22)', () => {
  it('runs the bundle when no source it was built from is newer', () => {
    const root = fakeCheckout();
    expect(choice(root)).toBe(join(root, 'out', 'cli', 'rekey.js'));
  });

  it('runs the sources after an edit, or when the bundle or one of its sources is missing', () => {
    const edited = fakeCheckout();
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(edited, 'src-main', 'a.ts'), future, future);
    expect(choice(edited)).toBe('null');
    const unbuilt = fakeCheckout();
    writeFileSync(join(unbuilt, 'out', 'cli', 'inputs.json'), '["src-main/gone.ts"]');
    expect(choice(unbuilt)).toBe('null');
    expect(choice(mkdtempSync(join(tmpdir(), 'rekey-bundle-')))).toBe('null');
  });

  it('is built for this checkout (the tests run it), and answers as the sources do', () => {
    expect(choice(repoRoot)).toBe(join(repoRoot, 'out', 'cli', 'rekey.js'));
    const bundled = runRekey(['--help']);
    const source = runRekey(['--help'], { env: { REKEY_FROM_SOURCE: '1' } });
    expect(bundled.code).toBe(0);
    expect(bundled.stdout).toBe(source.stdout);
    const bad = runRekey(['connections', 'add', 'x', '--kind', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(runRekey(['connections', 'add', 'x', '--kind', 'nope'], { env: { REKEY_FROM_SOURCE: '1' } }).stderr);
  });
});
