import { defineConfig } from 'vitest/config';

// One config for the web view (Vite) and the tests (Vitest).
export default defineConfig({
  root: 'web',
  build: {
    // Next to the compiled CLI, so the published package carries the view and `covmap report`
    // finds it at dist/web/ (web/dist/ would not be in the package's "files").
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    // Exactly one script and one stylesheet with fixed names: `covmap report` inlines both into a
    // single self-contained HTML file, so there must be no chunks, preloads or hashed names.
    cssCodeSplit: false,
    modulePreload: false,
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    rolldownOptions: {
      output: {
        format: 'iife',
        codeSplitting: false,
        entryFileNames: 'covmap-view.js',
        assetFileNames: 'covmap-view[extname]',
      },
    },
  },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests spawn the built CLI and Chromium; two workers match this two-core machine.
    maxWorkers: 2,
  },
});
