import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { homedir } from 'node:os';

/** The package root: dist/cli/io/ -> ../../.. (also right when run from source via vitest). */
export const PACKAGE_ROOT = resolveFromHere();

function resolveFromHere(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  // dist/cli/io -> root, or cli/io -> root
  const up = here.includes(`${'dist'}/cli`) || here.includes(`dist\\cli`) ? '../../..' : '../..';
  return resolve(here, up);
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
