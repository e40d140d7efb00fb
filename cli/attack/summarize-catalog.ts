import type { Catalog } from '../../core/attack/catalog.js';
import { catalogCounts } from '../../core/attack/catalog-counts.js';
import { countRejected } from '../../core/attack/rejected-objects.js';

/** One line for `attack build|import|update`: what was stored and what validation kept despite the schema. */
export function summarizeCatalog(catalog: Catalog, path: string): string {
  const c = catalogCounts(catalog);
  return (
    `${path}: ${catalog.domain} ${catalog.version}: ${c.tactics} tactics, ${c.techniques} techniques, ${c.subtechniques} sub-techniques ` +
    `(${c.revoked} revoked, ${c.deprecated} deprecated), ${c.groups} groups; ${describeRejected(catalog)}`
  );
}

/** "1861 of 24772 objects failed the data model's schemas (kept, relaxed validation)", with the left-out ones named. */
export function describeRejected(catalog: Catalog): string {
  const { failed, leftOut } = countRejected(catalog.validation.rejected);
  const kept = leftOut === 0 ? 'kept' : `${failed - leftOut} kept, ${leftOut} left out`;
  return `${failed} of ${catalog.validation.objects} objects failed the data model's schemas (${kept}, relaxed validation)`;
}
