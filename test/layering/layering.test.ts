import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli';

/**
 * The layer rules are only worth having if they fail: lint small snippets as if they
 * stood at a given path and check the rule fires (and stays quiet where allowed).
 */
const eslint = new ESLint({ cwd: repoRoot });

async function problems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/${path}` });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layering lint rules', () => {
  it('refuses electron outside the shell and the preload', async () => {
    expect(await problems('src-main/services/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([
      expect.stringContaining('electron is imported only in src-main/shell'),
    ]);
    expect(await problems('src-renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).not.toEqual([]);
    expect(await problems('src-main/shell/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
    expect(await problems('src-main/preload/x.ts', "import { contextBridge } from 'electron';\nexport const a = contextBridge;\n")).toEqual([]);
  });

  it('refuses node built-ins, node globals and DOM globals in src-shared', async () => {
    expect(await problems('src-shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).not.toEqual([]);
    expect(await problems('src-shared/x.ts', "import { join } from 'path';\nexport const a = join;\n")).not.toEqual([]);
    expect(await problems('src-shared/x.ts', 'export const a = window.location;\n')).not.toEqual([]);
    expect(await problems('src-shared/x.ts', 'export const a = process.env;\n')).not.toEqual([]);
    expect(await problems('src-shared/x.ts', "export const a = 'pure';\n")).toEqual([]);
  });

  it('keeps SQL in the store', async () => {
    const code = "import Database from 'better-sqlite3';\nexport const a = Database;\n";
    expect(await problems('src-main/services/x.ts', code)).not.toEqual([]);
    expect(await problems('src-main/store/x.ts', code)).toEqual([]);
  });
});
