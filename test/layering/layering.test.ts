import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli';

/**
 * The layer rules are only worth having if they fail: lint small snippets as if they
 * stood at a given path and check that the intended rule fires, as an error, and
 * nothing else (a parse error or another rule's complaint is not the layer holding),
 * and that it stays quiet where allowed.
 */
const eslint = new ESLint({ cwd: repoRoot });

interface Problem {
  ruleId: string | null;
  /** 2: an error, which fails `npm run lint`; 1 would only warn. */
  severity: number;
  message: string;
}

async function problems(path: string, code: string): Promise<Problem[]> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/${path}` });
  return result!.messages.map((m) => ({ ruleId: m.ruleId, severity: m.severity, message: m.message }));
}

/** Exactly one error, from `ruleId`, saying `says`. */
const refusedBy = (ruleId: 'no-restricted-imports' | 'no-restricted-globals', says: string) => [{ ruleId, severity: 2, message: expect.stringContaining(says) }];

describe('layering lint rules', () => {
  it('refuses electron outside the shell and the preload', async () => {
    expect(await problems('src-main/services/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual(
      refusedBy('no-restricted-imports', 'electron is imported only in src-main/shell'),
    );
    expect(await problems('src-renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).toEqual(
      refusedBy('no-restricted-imports', 'electron is imported only in src-main/shell'),
    );
    expect(await problems('src-main/shell/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
    expect(await problems('src-main/preload/x.ts', "import { contextBridge } from 'electron';\nexport const a = contextBridge;\n")).toEqual([]);
  });

  it('refuses node built-ins, node globals and DOM globals in src-shared', async () => {
    expect(await problems('src-shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toEqual(
      refusedBy('no-restricted-imports', 'src-shared runs everywhere: no Node built-ins'),
    );
    expect(await problems('src-shared/x.ts', "import { join } from 'path';\nexport const a = join;\n")).toEqual(refusedBy('no-restricted-imports', 'src-shared runs everywhere: no Node built-ins'));
    expect(await problems('src-shared/x.ts', 'export const a = window.location;\n')).toEqual(refusedBy('no-restricted-globals', 'no DOM or Node globals'));
    expect(await problems('src-shared/x.ts', 'export const a = process.env;\n')).toEqual(refusedBy('no-restricted-globals', 'no DOM or Node globals'));
    expect(await problems('src-shared/x.ts', "import { x } from '../src-main/services/x';\nexport const a = x;\n")).toEqual(
      refusedBy('no-restricted-imports', 'src-shared depends on nothing above it'),
    );
    expect(await problems('src-shared/x.ts', "export const a = 'pure';\n")).toEqual([]);
  });

  it('keeps SQL in the store', async () => {
    const code = "import Database from 'better-sqlite3';\nexport const a = Database;\n";
    expect(await problems('src-main/services/x.ts', code)).toEqual(refusedBy('no-restricted-imports', 'SQL lives only in src-main/store'));
    expect(await problems('src-main/store/x.ts', code)).toEqual([]);
  });

  it('keeps the renderer off node: and main', async () => {
    expect(await problems('src-renderer/x.ts', "import { x } from '../src-main/services/x';\nexport const a = x;\n")).toEqual(
      refusedBy('no-restricted-imports', 'The renderer reaches main only through the contract'),
    );
    expect(await problems('src-renderer/x.ts', "import { join } from 'node:path';\nexport const a = join;\n")).toEqual(
      refusedBy('no-restricted-imports', 'The renderer reaches main only through the contract'),
    );
  });
});
