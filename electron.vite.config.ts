import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

// Three bundles from one tree: the main process (src-main/shell), the preload, and
// the renderer (src-renderer). Browser mode serves the same renderer bundle.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The worker threads are entries of their own, beside the bundle that starts them
      // (src-main/threads/spawn-worker.ts): an import preview's reading thread, a pull's fetching thread.
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'src-main/shell/main.ts'),
          'incoming-worker': resolve(__dirname, 'src-main/services/incoming-worker.ts'),
          'fetch-worker': resolve(__dirname, 'src-main/sync/fetch/fetch-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed renderer's preload must be CommonJS: Electron does not load ESM there.
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    // Relative asset URLs: the same bundle loads from file:// (Electron) and http:// (browser mode).
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rolldownOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
});
