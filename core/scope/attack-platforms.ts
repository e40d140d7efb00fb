import type { CatalogIndex } from '../attack/catalog-index.js';
import { compareStrings } from '../compare-strings.js';

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
    map = new Map([...map].sort((a, b) => compareStrings(a[1], b[1])));
    cache.set(index, map);
  }
  return map;
}

/** ATT&CK's spelling of a platform name, or undefined when this release has no such platform. */
export function canonicalPlatform(index: CatalogIndex, name: string): string | undefined {
  return attackPlatforms(index).get(name.trim().toLowerCase());
}

/**
 * A list of platform names in ATT&CK's spelling, first occurrence kept, in input order. Names this
 * release does not know are left out and passed to `onUnknown` (with their position in `names`),
 * so a parser can report them where they were written; callers that validated the names before
 * can leave it out.
 */
export function canonicalPlatforms(
  index: CatalogIndex,
  names: readonly string[],
  onUnknown?: (name: string, position: number) => void,
): string[] {
  const out: string[] = [];
  names.forEach((name, i) => {
    const p = canonicalPlatform(index, name);
    if (!p) onUnknown?.(name, i);
    else if (!out.includes(p)) out.push(p);
  });
  return out;
}
