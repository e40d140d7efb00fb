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
 * The `covmap` command as one module plus a chunk per lazily loaded part, built from tsc's output
 * in dist/. Why: node loads an ES module graph file by file (resolve, read, compile, link); a scan
 * loads about 65 of covmap's modules unbundled and 25 files bundled, and starts about 19 ms sooner
 * (docs/scan.md). Each command's implementation stays a dynamic import, loaded only when run.
 * Bundling tinyglobby and picomatch as well measured no faster: their cost is evaluation, not files.
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
  },
});
