import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every covmap process the tests start writes its parse and catalog caches into one temporary
 * directory per run, never into the developer's ~/.cache/covmap. Tests that are about the cache
 * location set COVMAP_CACHE_DIR themselves.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'covmap-test-cache-'));
  process.env.COVMAP_CACHE_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
