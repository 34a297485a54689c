import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { earlyModuleScript } from './scripts/vite-early-module-script';

/** Builds the main process, the sandboxed preload (CommonJS) and the renderer. */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { main: resolve(import.meta.dirname, 'src-main/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { preload: resolve(import.meta.dirname, 'src-main/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    // The launch questions to the main process go out from a module script of their own, ahead of the entry.
    plugins: [react(), earlyModuleScript('launch-questions')],
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src-renderer/index.html'),
          'launch-questions': resolve(import.meta.dirname, 'src-renderer/launch-questions.ts'),
        },
        // ASCII-only scripts: one "…" or "®" made Chromium decode the whole entry into UTF-16 on the
        // way to Log In (2.0–4.4 against 1.2–1.7 ms of CPU, traced; bench/RESULTS.md round 13).
        output: { charset: 'ascii' },
      },
    },
  },
});
