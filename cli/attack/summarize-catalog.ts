import type { Catalog } from '../../core/attack/catalog.js';
import { catalogCounts } from '../../core/attack/catalog-counts.js';

/** One line for `attack build|import|update`: what was stored and what validation kept despite the schema. */
export function summarizeCatalog(catalog: Catalog, path: string): string {
  const c = catalogCounts(catalog);
  const failed = catalog.validation.rejected.reduce((n, r) => n + r.count, 0);
  return (
    `${path}: ${catalog.domain} ${catalog.version}: ${c.tactics} tactics, ${c.techniques} techniques, ${c.subtechniques} sub-techniques ` +
    `(${c.revoked} revoked, ${c.deprecated} deprecated), ${c.groups} groups; ` +
    `${failed} of ${catalog.validation.objects} objects failed the data model's schemas (kept, relaxed validation)`
  );
}
