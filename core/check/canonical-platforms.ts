import type { CatalogIndex } from '../attack/catalog-index.js';
import { canonicalPlatform } from '../scope/attack-platforms.js';

/** Config platforms in ATT&CK's spelling (they were validated against the catalog before). */
export function canonicalPlatforms(index: CatalogIndex, names: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    const p = canonicalPlatform(index, name);
    if (p && !out.includes(p)) out.push(p);
  }
  return out;
}
