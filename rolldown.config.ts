import { builtinModules } from 'node:module';
import { defineConfig } from 'rolldown';

/**
 * Dependencies bundled into the CLI: small ones that every command loads at start-up. The rest
 * (the ATT&CK data model, ajv, tinyglobby, ...) stay imports of the installed packages, loaded
 * only by the commands that need them.
 */
const BUNDLED = new Set(['commander', 'js-yaml']);

/** The package name of a bare import (`@scope/name/sub` -> `@scope/name`). */
function packageName(id: string): string {
  const parts = id.split('/');
  return id.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/**
 * The `covmap` command as one module plus chunks loaded when a command runs, built from tsc's
 * output in dist/. Why: node loads an ES module graph file by file (resolve, read, compile, link);
 * unbundled, a scan loads about 65 of covmap's modules (docs/scan.md). Each command's
 * implementation stays a dynamic import, loaded only when run. Bundling tinyglobby and picomatch
 * as well measured no faster: their cost is evaluation, not files.
 *
 * Two chunks are named rather than left to automatic splitting, which made one chunk per set of
 * modules shared by the same commands:
 * - `start`: what the entry imports at start-up (commander, the command definitions), so that
 *   `--version` and `--help` load nothing else;
 * - `scan`: `covmap scan` and everything it imports (with the modules it shares with other
 *   commands), so that a scan loads 4 files instead of 21: scanning an empty folder took 116 ms
 *   against 124 (31 interleaved runs).
 * The entry module stays out of `start`: it awaits the command at its top level, and a command
 * chunk importing from a chunk that is still evaluating would wait for it forever (node exits 13).
 */
export default defineConfig({
  input: 'dist/cli/covmap.js',
  platform: 'node',
  external: (id) => {
    if (id.startsWith('node:') || builtinModules.includes(id)) return true;
    if (id.startsWith('.') || id.startsWith('/') || id.startsWith('\0')) return false;
    return !BUNDLED.has(packageName(id));
  },
  output: {
    dir: 'dist/bin',
    // Chunk names carry content hashes: without this, every build would leave the old ones behind.
    cleanDir: true,
    format: 'esm',
    entryFileNames: 'covmap.js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    codeSplitting: {
      groups: [
        { name: 'start', tags: ['$initial'], test: (id) => !/[\\/]dist[\\/]cli[\\/]covmap\.js$/.test(id), priority: 2 },
        // Its imports come along (includeDependenciesRecursively, on by default).
        { name: 'scan', test: /[\\/]dist[\\/]cli[\\/]scan[\\/]run-scan\.js$/, priority: 1 },
      ],
    },
  },
});
