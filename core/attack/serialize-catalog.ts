import type { Catalog } from './catalog.js';

const KEYS: readonly (keyof Catalog)[] = [
  'format', 'domain', 'version', 'modified', 'specVersion', 'tactics', 'techniques', 'groups', 'campaigns', 'software',
  'mitigations', 'dataSources', 'dataComponents', 'detectionStrategies', 'analytics', 'assets', 'retired', 'validation',
];

/**
 * The catalog file: compact JSON with one array element per line, so a regenerated catalog is
 * byte-identical for the same bundle and a new ATT&CK release reviews as a readable git diff.
 */
export function serializeCatalog(catalog: Catalog): string {
  // An optional array a catalog lacks (`retired`, older catalogs) stays absent.
  const parts = KEYS.filter((key) => catalog[key] !== undefined).map((key) => {
    const value = catalog[key];
    if (Array.isArray(value)) {
      return value.length === 0 ? `"${key}":[]` : `"${key}":[\n${value.map((v) => JSON.stringify(v)).join(',\n')}\n]`;
    }
    return `"${key}":${JSON.stringify(value)}`;
  });
  return `{${parts.join(',\n')}}\n`;
}
