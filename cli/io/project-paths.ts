import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { homedir } from 'node:os';

/**
 * The package root: the nearest folder above this module with a package.json. This module runs
 * from cli/io/ (sources, under vitest), dist/cli/io/ (tsc's output) and dist/bin/chunks/ (the
 * bundled command), so no fixed number of levels fits all three.
 */
export const PACKAGE_ROOT = resolveFromHere();

function resolveFromHere(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  for (let dir = here; ; ) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(here, '../..');
    dir = parent;
  }
}

export const DATA_DIR = join(PACKAGE_ROOT, 'data');
export const EMBEDDED_ATTACK_DIR = join(DATA_DIR, 'attack');

/**
 * Per-user cache (XDG Base Directory conventions): $COVMAP_CACHE_DIR, else $XDG_CACHE_HOME/covmap,
 * else ~/.cache/covmap.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.COVMAP_CACHE_DIR) return resolve(env.COVMAP_CACHE_DIR);
  if (env.XDG_CACHE_HOME) return join(resolve(env.XDG_CACHE_HOME), 'covmap');
  return join(homedir(), '.cache', 'covmap');
}
