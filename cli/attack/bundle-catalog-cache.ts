import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { CATALOG_FORMAT, type Catalog } from '../../core/attack/catalog.js';
import { checkCatalog } from '../../core/attack/check-catalog.js';
import { serializeCatalog } from '../../core/attack/serialize-catalog.js';
import { COVMAP_VERSION } from '../covmap-version.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { readOwnFile } from '../io/read-own-file.js';

/**
 * Catalogs built from the STIX bundles given as `--attack <bundle.json>`, kept in the per-user
 * cache so the data-model build (about 5 s for enterprise) runs once per bundle, not once per
 * command. An entry is named by the bundle's bytes (sha256), the catalog format and the covmap
 * version: the same bytes always build the same catalog, and a newer covmap may build it
 * differently (a builder fix) without the format changing, so its entries never mix with ours.
 *
 * The cache only saves time, so it is never a reason to fail: an entry that cannot be read or
 * is not a valid catalog counts as absent (the fresh build then replaces it), and a cache that
 * cannot be written only means the next run builds again.
 */
export function bundleCatalogCachePath(cacheRoot: string, bundle: Uint8Array): string {
  const hash = createHash('sha256').update(bundle).digest('hex');
  return join(cacheRoot, 'attack-bundles', `${hash}.format-${CATALOG_FORMAT}.covmap-${COVMAP_VERSION}.json`);
}

/** The enterprise catalog is under 1 MB. */
const MAX_CACHED_CATALOG_BYTES = 64 * 2 ** 20;

/** The cached catalog, or undefined when there is none or it is unreadable or invalid. */
export async function readCachedBundleCatalog(path: string): Promise<Catalog | undefined> {
  const text = readOwnFile(path, MAX_CACHED_CATALOG_BYTES);
  if (text === undefined) return undefined;
  try {
    return checkCatalog(JSON.parse(text));
  } catch {
    return undefined; // missing, unreadable, truncated or not a catalog: build instead
  }
}

/** Stores a built catalog atomically (readers never see half an entry); failure is not an error. */
export async function writeCachedBundleCatalog(path: string, catalog: Catalog): Promise<void> {
  try {
    writeFileAtomic(path, serializeCatalog(catalog), { own: true });
  } catch {
    // Read-only or full cache: the catalog is still used, this run just leaves nothing behind.
  }
}
