import { ATTACK_DOMAINS, CATALOG_FORMAT, type Catalog } from './catalog.js';
import { AttackDataError } from './attack-data-error.js';

/** True when a parsed JSON value is meant to be a covmap catalog (rather than a STIX bundle). */
export function looksLikeCatalog(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && 'format' in value && (value as { type?: unknown }).type !== 'bundle';
}

/** What a field must hold; `?` marks a field that may be absent. */
type FieldKind = 'string' | 'string?' | 'boolean' | 'number' | 'strings';
type Shape = Readonly<Record<string, FieldKind>>;

const NAMED: Shape = { id: 'string', name: 'string' };
const ACTOR: Shape = { ...NAMED, aliases: 'strings', techniques: 'strings', software: 'strings', techniquesViaSoftware: 'strings' };

/**
 * The element shape of every array in a catalog. A catalog file can be hand-edited or come from
 * anywhere (`--attack file.json`), and every command indexes it without further checks, so a
 * `null` tactic or a numeric tactic name must be refused here, with its place, rather than crash
 * a command later.
 */
const ARRAYS: Readonly<Record<string, Shape>> = {
  tactics: { id: 'string', shortname: 'string', name: 'string' },
  techniques: {
    id: 'string', name: 'string', tactics: 'strings', platforms: 'strings', parent: 'string?', url: 'string',
    deprecated: 'boolean', revoked: 'boolean', replacedBy: 'string?',
  },
  groups: ACTOR,
  campaigns: ACTOR,
  software: { ...NAMED, type: 'string', aliases: 'strings', platforms: 'strings', techniques: 'strings' },
  mitigations: NAMED,
  dataSources: NAMED,
  dataComponents: { ...NAMED, logSources: 'strings' },
  detectionStrategies: { ...NAMED, techniques: 'strings', analytics: 'strings' },
  analytics: { ...NAMED, platforms: 'strings', dataComponents: 'strings' },
  assets: NAMED,
};

/** Arrays a catalog may lack (written before covmap kept them); checked when present. */
const OPTIONAL_ARRAYS: Readonly<Record<string, Shape>> = {
  retired: { ...NAMED, kind: 'string', state: 'string', replacedBy: 'string?' },
};

const REJECTED: Shape = { type: 'string', reason: 'string', count: 'number' };

/**
 * Checks a parsed catalog file before anyone indexes it: the format number first (a catalog
 * written by another covmap version must be rebuilt, not half-read), then the shape of every
 * element. Hand-written on purpose (no schema library to load): it runs on every command's
 * start-up and costs about a millisecond on the enterprise catalog.
 */
export function checkCatalog(value: unknown): Catalog {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) invalid(`the JSON is not an object`);
  const c = value as Record<string, unknown>;
  if (c.format !== CATALOG_FORMAT) {
    throw new AttackDataError('ATTACK_CATALOG_FORMAT', { found: JSON.stringify(c.format) ?? 'missing', expected: CATALOG_FORMAT });
  }
  if (!(ATTACK_DOMAINS as readonly unknown[]).includes(c.domain)) invalid(`"domain" is ${show(c.domain)}`);
  if (typeof c.version !== 'string' || !/^\d+\.\d+$/.test(c.version)) invalid(`"version" is ${show(c.version)}`);
  for (const key of ['modified', 'specVersion']) if (typeof c[key] !== 'string') invalid(`"${key}" is ${show(c[key])}, expected a string`);
  for (const [key, shape] of Object.entries(ARRAYS)) checkArray(c[key], key, shape);
  for (const [key, shape] of Object.entries(OPTIONAL_ARRAYS)) if (c[key] !== undefined) checkArray(c[key], key, shape);
  const validation = c.validation as Record<string, unknown> | null | undefined;
  if (validation === null || typeof validation !== 'object' || Array.isArray(validation)) invalid('"validation" is missing');
  checkObject(validation, 'validation', { objects: 'number', accepted: 'number' });
  checkArray(validation.rejected, 'validation.rejected', REJECTED);
  return value as Catalog;
}

function checkArray(list: unknown, path: string, shape: Shape): void {
  if (!Array.isArray(list)) invalid(`"${path}" is not an array`);
  for (let i = 0; i < list.length; i++) checkObject(list[i], `${path}[${i}]`, shape);
}

function checkObject(value: unknown, path: string, shape: Shape): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) invalid(`${path} is ${show(value)}, expected an object`);
  const o = value as Record<string, unknown>;
  for (const key in shape) {
    const v = o[key];
    switch (shape[key]) {
      case 'string':
        if (typeof v !== 'string') invalid(`${path}.${key} is ${show(v)}, expected a string`);
        break;
      case 'string?':
        if (v !== undefined && typeof v !== 'string') invalid(`${path}.${key} is ${show(v)}, expected a string`);
        break;
      case 'boolean':
        if (typeof v !== 'boolean') invalid(`${path}.${key} is ${show(v)}, expected true or false`);
        break;
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) invalid(`${path}.${key} is ${show(v)}, expected a number`);
        break;
      case 'strings':
        if (!Array.isArray(v)) invalid(`${path}.${key} is ${show(v)}, expected a list of strings`);
        for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') invalid(`${path}.${key}[${i}] is ${show(v[i])}, expected a string`);
        break;
    }
  }
}

function invalid(reason: string): never {
  throw new AttackDataError('ATTACK_CATALOG_INVALID', { reason });
}

/** A short JSON excerpt of an offending value, "missing" when absent. */
function show(value: unknown): string {
  if (value === undefined) return 'missing';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}
