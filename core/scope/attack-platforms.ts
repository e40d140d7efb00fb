import type { CatalogIndex } from '../attack/catalog-index.js';

/**
 * The platform names the loaded ATT&CK release uses (Windows, macOS, IaaS, ...), keyed by lower
 * case so inputs can spell them in any case and still be reported in ATT&CK's spelling.
 */
const cache = new WeakMap<CatalogIndex, Map<string, string>>();

export function attackPlatforms(index: CatalogIndex): ReadonlyMap<string, string> {
  let map = cache.get(index);
  if (!map) {
    map = new Map();
    for (const t of index.activeTechniques()) for (const p of t.platforms) map.set(p.toLowerCase(), p);
    map = new Map([...map].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)));
    cache.set(index, map);
  }
  return map;
}

/** ATT&CK's spelling of a platform name, or undefined when this release has no such platform. */
export function canonicalPlatform(index: CatalogIndex, name: string): string | undefined {
  return attackPlatforms(index).get(name.trim().toLowerCase());
}
