import { ATTACK_DOMAINS, type AttackDomain } from './catalog.js';
import { AttackDataError } from './attack-data-error.js';

/** A raw STIX object as found in a bundle: only `type` and `id` are trusted before validation. */
export interface StixObject {
  readonly type: string;
  readonly id: string;
  readonly [key: string]: unknown;
}

export interface BundleIdentity {
  readonly domain: AttackDomain;
  /** ATT&CK release, e.g. "18.1". */
  readonly version: string;
  readonly modified: string;
  readonly specVersion: string;
  readonly objects: readonly unknown[];
}

const VERSION = /^\d+\.\d+$/;

/**
 * Checks that a parsed JSON value is an ATT&CK STIX bundle and tells which domain and release it
 * holds, without the data model (cheap, so bad input fails fast with a precise reason). Throws
 * AttackDataError; `expectedDomain` turns a bundle of another domain into an error.
 */
export function identifyBundle(value: unknown, expectedDomain?: AttackDomain): BundleIdentity {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AttackDataError('ATTACK_BUNDLE_NOT_STIX', { reason: `the JSON is ${describe(value)}, not an object` });
  }
  const bundle = value as Record<string, unknown>;
  if (bundle.type !== 'bundle') {
    throw new AttackDataError('ATTACK_BUNDLE_NOT_STIX', { reason: `"type" is ${JSON.stringify(bundle.type) ?? 'missing'}, expected "bundle"` });
  }
  if (!Array.isArray(bundle.objects)) throw new AttackDataError('ATTACK_BUNDLE_NOT_STIX', { reason: 'no "objects" array' });
  const objects = bundle.objects as unknown[];
  const stix = objects.filter(isStixObject);

  const collection = stix.find((o) => o.type === 'x-mitre-collection');
  const matrices = stix.filter((o) => o.type === 'x-mitre-matrix');
  const techniques = stix.filter((o) => o.type === 'attack-pattern');
  if (!collection && matrices.length === 0 && techniques.length === 0) {
    throw new AttackDataError('ATTACK_BUNDLE_NOT_ATTACK', {
      reason: `${objects.length} object(s), none an x-mitre-collection, x-mitre-matrix or attack-pattern`,
    });
  }

  const domain = detectDomain(collection, matrices, techniques);
  if (!domain) {
    throw new AttackDataError('ATTACK_BUNDLE_UNKNOWN_DOMAIN', {
      reason: 'no x-mitre-matrix names one, no x_mitre_domains on techniques and the collection name is not recognised',
      expected: [...ATTACK_DOMAINS],
    });
  }
  if (expectedDomain && domain !== expectedDomain) {
    throw new AttackDataError('ATTACK_DOMAIN_MISMATCH', { actual: domain, expected: expectedDomain });
  }
  if (!collection) {
    throw new AttackDataError('ATTACK_VERSION_MISSING', { reason: 'the bundle has no x-mitre-collection object' });
  }
  const version = typeof collection.x_mitre_version === 'string' ? collection.x_mitre_version.replace(/^v/, '') : undefined;
  if (!version || !VERSION.test(version)) {
    throw new AttackDataError('ATTACK_VERSION_MISSING', {
      reason: `the x-mitre-collection's x_mitre_version is ${JSON.stringify(collection.x_mitre_version) ?? 'missing'}, expected a release like "18.1"`,
    });
  }
  return {
    domain,
    version,
    modified: typeof collection.modified === 'string' ? collection.modified : '',
    specVersion: typeof collection.x_mitre_attack_spec_version === 'string' ? collection.x_mitre_attack_spec_version : '',
    objects,
  };
}

export function isStixObject(value: unknown): value is StixObject {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { type?: unknown }).type === 'string' &&
    typeof (value as { id?: unknown }).id === 'string'
  );
}

function isDomain(value: unknown): value is AttackDomain {
  return typeof value === 'string' && (ATTACK_DOMAINS as readonly string[]).includes(value);
}

/**
 * The matrix's external ID names the domain exactly; failing that, the domain most techniques
 * declare in x_mitre_domains (techniques shared between domains list several); failing that, the
 * collection's name ("Enterprise ATT&CK", "Mobile ATT&CK", "ICS ATT&CK").
 */
function detectDomain(collection: StixObject | undefined, matrices: readonly StixObject[], techniques: readonly StixObject[]): AttackDomain | undefined {
  for (const matrix of matrices) {
    if (matrix.revoked === true || matrix.x_mitre_deprecated === true) continue;
    const refs = Array.isArray(matrix.external_references) ? (matrix.external_references as { external_id?: unknown }[]) : [];
    const id = refs.map((r) => r?.external_id).find(isDomain);
    if (id) return id;
  }
  const votes = new Map<AttackDomain, number>();
  for (const t of techniques) {
    if (!Array.isArray(t.x_mitre_domains)) continue;
    for (const d of t.x_mitre_domains) if (isDomain(d)) votes.set(d, (votes.get(d) ?? 0) + 1);
  }
  const best = [...votes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  if (best) return best[0];
  const name = typeof collection?.name === 'string' ? collection.name : '';
  if (/\benterprise\b/i.test(name)) return 'enterprise-attack';
  if (/\bmobile\b/i.test(name)) return 'mobile-attack';
  if (/\bics\b/i.test(name)) return 'ics-attack';
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
