import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS, CANDIDATE_KIND_LABELS, MATCHED_BY_SENTENCES, OUTCOME_LABELS, REASON_SENTENCES } from '../src-shared/plain-words';
import { repoRoot } from './support/cli';

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

/** The string members of `export type NAME = 'a' | 'b' …;` in a source file. */
function unionMembers(path: string, name: string): string[] {
  const match = read(path).match(new RegExp(`export type ${name} =([^;]+);`));
  if (!match) throw new Error(`${path}: no type ${name}`);
  return [...match[1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(join(repoRoot, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(repoRoot, path)).isDirectory()) return files(path, pattern);
    return pattern.test(name) && !name.includes('.test.') ? [path] : [];
  });
}

/** Source without its comments (block, JSX and line comments; not the `//` of a URL). */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

describe('plain words cover every code a person can meet', () => {
  it('each code of the resolver, the rename and removal checks and the merge finder has its words', () => {
    const types = 'src-shared/resolver/types.ts';
    const reasons = ['ResolveFailureCode', 'UpdateErrorCode', 'RenameErrorCode', 'RemovalErrorCode'].flatMap((t) => unionMembers(types, t));
    expect(reasons.length).toBeGreaterThan(8);
    for (const code of reasons) expect(REASON_SENTENCES, code).toHaveProperty(code);
    for (const code of unionMembers(types, 'DecisionAction')) expect(OUTCOME_LABELS, code).toHaveProperty(code);
    for (const code of unionMembers(types, 'MatchedBy')) expect(MATCHED_BY_SENTENCES, code).toHaveProperty(code);
    for (const code of unionMembers('src-shared/merges/find-duplicates.ts', 'CandidateKind')) expect(CANDIDATE_KIND_LABELS, code).toHaveProperty(code);
    // The outcomes and reasons an import plan writes (UserVoice's external users included).
    const plan = read('src-main/services/import-plan.ts');
    for (const [, code] of plan.matchAll(/action: '([a-z_-]+)'/g)) expect(OUTCOME_LABELS, code).toHaveProperty(code!);
    for (const [, code] of plan.matchAll(/error: '([a-z_]+)'/g)) expect(REASON_SENTENCES, code).toHaveProperty(code!);
  });

  it('each action the audit log records has its words on the Audit page', () => {
    const written = files('src-main', /\.ts$/).flatMap((path) => [...read(path).matchAll(/write\(\s*\{\s*action: '([a-z_]+\.[a-z_]+)'/g)].map((m) => m[1]!));
    // The change set moves and row decisions are written from templates.
    const moves = ['submitted', 'approved', 'rejected', 'push_started', 'push_finished'].map((m) => `changeset.${m}`);
    const rows = ['approved', 'rejected'].map((r) => `changeset.row_${r}`);
    const actions = [...new Set([...written, ...moves, ...rows])];
    expect(actions.length).toBeGreaterThan(20);
    for (const code of actions) expect(AUDIT_ACTION_LABELS, code).toHaveProperty(code);
  });

  it('no text a user sees names the spec: the app, the merge plans and evidence, the CLI and the client report', () => {
    const shown = [
      ...files('src-renderer', /\.tsx?$/),
      ...files('src-shared/merges', /\.ts$/),
      'src-shared/plain-words.ts',
      ...files('src-main/cli', /\.ts$/),
      'src-main/services/preview-report.ts',
    ];
    expect(shown.length).toBeGreaterThan(30);
    const offending = shown.flatMap((path) =>
      withoutComments(read(path))
        .split('\n')
        .flatMap((line, i) => (/SPEC|§/.test(line) ? [`${relative('.', path)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(offending).toEqual([]);
  });
});
