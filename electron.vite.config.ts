import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

// Three bundles from one tree: the main process (src-main/shell), the preload, and
// the renderer (src-renderer). Browser mode serves the same renderer bundle.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The import preview's reading thread is its own entry: out/main/incoming-worker.js,
      // beside the bundle that starts it (src-main/services/incoming-reader.ts).
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src-main/shell/main.ts'), 'incoming-worker': resolve(__dirname, 'src-main/services/incoming-worker.ts') },
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
