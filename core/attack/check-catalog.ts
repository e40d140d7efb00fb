import { ATTACK_DOMAINS, CATALOG_FORMAT, type Catalog } from './catalog.js';
import { AttackDataError } from './attack-data-error.js';

const ARRAYS = [
  'tactics', 'techniques', 'groups', 'campaigns', 'software', 'mitigations', 'dataSources', 'dataComponents',
  'detectionStrategies', 'analytics', 'assets',
] as const;

/** True when a parsed JSON value is meant to be a covmap catalog (rather than a STIX bundle). */
export function looksLikeCatalog(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && 'format' in value && (value as { type?: unknown }).type !== 'bundle';
}

/**
 * Checks a parsed catalog file before anyone indexes it: the format number first (a catalog
 * written by another covmap version must be rebuilt, not half-read), then the top-level shape.
 * Cheap on purpose (no schema library): it runs on every command's start-up.
 */
export function checkCatalog(value: unknown): Catalog {
  const c = value as Record<string, unknown>;
  if (c.format !== CATALOG_FORMAT) {
    throw new AttackDataError('ATTACK_CATALOG_FORMAT', { found: JSON.stringify(c.format) ?? 'missing', expected: CATALOG_FORMAT });
  }
  if (!(ATTACK_DOMAINS as readonly unknown[]).includes(c.domain)) {
    throw new AttackDataError('ATTACK_CATALOG_INVALID', { reason: `"domain" is ${JSON.stringify(c.domain) ?? 'missing'}` });
  }
  if (typeof c.version !== 'string' || !/^\d+\.\d+$/.test(c.version)) {
    throw new AttackDataError('ATTACK_CATALOG_INVALID', { reason: `"version" is ${JSON.stringify(c.version) ?? 'missing'}` });
  }
  for (const key of ARRAYS) {
    if (!Array.isArray(c[key])) throw new AttackDataError('ATTACK_CATALOG_INVALID', { reason: `"${key}" is not an array` });
  }
  for (const t of c.techniques as unknown[]) {
    const technique = t as { id?: unknown; tactics?: unknown; platforms?: unknown };
    if (typeof technique?.id !== 'string' || !Array.isArray(technique.tactics) || !Array.isArray(technique.platforms)) {
      throw new AttackDataError('ATTACK_CATALOG_INVALID', { reason: `a technique entry lacks id, tactics or platforms: ${JSON.stringify(t).slice(0, 80)}` });
    }
  }
  if (c.validation === null || typeof c.validation !== 'object') {
    throw new AttackDataError('ATTACK_CATALOG_INVALID', { reason: '"validation" is missing' });
  }
  return value as Catalog;
}
