import { join } from 'node:path';
import type { Catalog } from '../../core/attack/catalog.js';
import { serializeCatalog } from '../../core/attack/serialize-catalog.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { attackCliError } from './attack-cli-error.js';
import { catalogFileName } from './load-catalog.js';
import { describeFsError } from './read-attack-json.js';

/**
 * Writes `<dir>/<domain>-<version>.json` atomically: readers see the old file or the new one,
 * never a partial one, and a failed write leaves nothing behind. Returns the path.
 */
export async function storeCatalog(
  catalog: Catalog,
  dir: string,
  failure: 'ATTACK_CACHE_UNWRITABLE' | 'ATTACK_OUTPUT_UNWRITABLE' = 'ATTACK_CACHE_UNWRITABLE',
): Promise<string> {
  const path = join(dir, catalogFileName(catalog.domain, catalog.version));
  try {
    writeFileAtomic(path, serializeCatalog(catalog));
  } catch (error) {
    throw attackCliError(failure, path, { reason: describeFsError(error) });
  }
  return path;
}
