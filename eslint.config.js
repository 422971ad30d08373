// Layers enforced by a tool, not by memory (ARCHITECTURE "Layers"):
// - electron is imported only by the shell and the preload;
// - src-shared touches no node:, no electron, no DOM (tsconfig.shared.json also refuses DOM);
// - SQL (better-sqlite3) lives only in the store.
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'crypto', 'events', 'fs', 'fs/promises', 'http', 'https', 'net',
  'os', 'path', 'process', 'stream', 'timers', 'tls', 'url', 'util', 'worker_threads', 'zlib',
];

const electronOnlyInShell = {
  paths: [{ name: 'electron', message: 'electron is imported only in src-main/shell and src-main/preload.' }],
  patterns: [{ group: ['electron/*'], message: 'electron is imported only in src-main/shell and src-main/preload.' }],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test/e2e/screenshots/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', electronOnlyInShell],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    // Tests may open a workspace file raw, to damage or age it on purpose.
    ignores: ['src-main/store/**', 'src-main/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronOnlyInShell,
          paths: [
            ...electronOnlyInShell.paths,
            { name: 'better-sqlite3', message: 'SQL lives only in src-main/store; use a repository.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/shell/**/*.ts', 'src-main/preload/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...electronOnlyInShell.paths,
            ...NODE_BUILTINS.map((name) => ({ name, message: 'src-shared runs everywhere: no Node built-ins.' })),
            { name: 'better-sqlite3', message: 'src-shared runs everywhere: no SQLite.' },
            { name: 'undici', message: 'src-shared runs everywhere: no HTTP client.' },
            { name: 'react', message: 'src-shared runs everywhere: no React.' },
          ],
          patterns: [
            { group: ['node:*'], message: 'src-shared runs everywhere: no Node built-ins.' },
            { group: ['electron/*'], message: 'src-shared runs everywhere: no electron.' },
            { group: ['**/src-main/**', '**/src-renderer/**'], message: 'src-shared depends on nothing above it.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require', '__dirname'].map((name) => ({
          name,
          message: 'src-shared runs in main, renderer, CLI and sandbox: no DOM or Node globals.',
        })),
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronOnlyInShell,
          patterns: [
            ...electronOnlyInShell.patterns,
            { group: ['node:*'], message: 'The renderer reaches main only through the contract.' },
            { group: ['**/src-main/**'], message: 'The renderer reaches main only through the contract.' },
          ],
        },
      ],
    },
  },
);
