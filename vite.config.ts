import { defineConfig } from 'vitest/config';

// One config for the web view (Vite) and the tests (Vitest).
export default defineConfig({
  root: 'web',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests spawn the built CLI and Chromium; two workers match this two-core machine.
    maxWorkers: 2,
  },
});
