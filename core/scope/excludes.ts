import type { CatalogIndex } from '../attack/catalog-index.js';
import type { Exclusion } from './scope-source.js';

/**
 * Whether a contract exclusion applies to a technique: it is listed, or every platform (or every
 * tactic) it has is excluded. A technique on Windows and macOS stays in scope when only macOS is
 * excluded, because the provider still covers it on Windows.
 */
export function excludes(x: Exclusion, id: string, index: CatalogIndex): boolean {
  if (x.techniques.includes(id)) return true;
  const t = index.technique(id);
  if (!t) return false;
  if (x.platforms.length > 0 && t.platforms.length > 0 && t.platforms.every((p) => x.platforms.includes(p))) return true;
  if (x.tactics.length > 0 && t.tactics.length > 0 && t.tactics.every((p) => x.tactics.includes(p))) return true;
  return false;
}
