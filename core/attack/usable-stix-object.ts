import type { StixObject } from './identify-bundle.js';

/**
 * Relaxed validation keeps objects the data model's schemas reject (MITRE's own releases fail
 * them for harmless reasons), so the catalog builder sees raw JSON. This module makes sure such an
 * object cannot break the build: a bundle from anywhere must give a catalog or a one-line error,
 * never a crash half-way.
 */

/**
 * STIX property names are lowercase ASCII letters, digits and underscores. The data model's
 * classes copy every property of an object onto themselves (`Object.assign`), so a property named
 * `getParentTechnique`, `_subTechniques` or `__proto__` in a bundle would replace their methods,
 * their internal lists or their prototype. Such keys are not STIX; they are dropped before the
 * object reaches the model. Every property of a real ATT&CK object passes.
 */
const STIX_PROPERTY = /^[a-z][a-z0-9_]*$/;

export function withStixPropertiesOnly(object: StixObject): StixObject {
  let clean = true;
  for (const key of Object.keys(object)) {
    if (!STIX_PROPERTY.test(key)) {
      clean = false;
      break;
    }
  }
  if (clean) return object;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    if (STIX_PROPERTY.test(key)) out[key] = object[key];
  }
  return out as StixObject;
}

/** What a property must hold for the catalog builder; absent is always fine unless `required`. */
type Need =
  | { readonly kind: 'string'; readonly required?: boolean }
  | { readonly kind: 'strings' }
  | { readonly kind: 'array' }
  | { readonly kind: 'objects'; readonly fields?: Readonly<Record<string, Need>> };

const STRING: Need = { kind: 'string' };
const REQUIRED_STRING: Need = { kind: 'string', required: true };
const STRINGS: Need = { kind: 'strings' };

const COMMON: Readonly<Record<string, Need>> = {
  name: STRING,
  external_references: { kind: 'objects', fields: { url: STRING } },
};

/** Only the properties build-catalog.ts reads, per STIX type (see there). */
const NEEDS: Readonly<Record<string, Readonly<Record<string, Need>>>> = {
  'attack-pattern': {
    name: REQUIRED_STRING,
    kill_chain_phases: { kind: 'objects', fields: { kill_chain_name: REQUIRED_STRING, phase_name: REQUIRED_STRING } },
    x_mitre_platforms: STRINGS,
  },
  'x-mitre-tactic': { x_mitre_shortname: STRING },
  'x-mitre-matrix': { tactic_refs: STRINGS },
  'intrusion-set': { name: REQUIRED_STRING, aliases: STRINGS },
  campaign: { name: REQUIRED_STRING, aliases: STRINGS },
  malware: { name: REQUIRED_STRING, x_mitre_aliases: STRINGS, x_mitre_platforms: STRINGS },
  tool: { name: REQUIRED_STRING, x_mitre_aliases: STRINGS, x_mitre_platforms: STRINGS },
  'x-mitre-data-component': { name: REQUIRED_STRING, x_mitre_log_sources: { kind: 'objects', fields: { name: REQUIRED_STRING } } },
  'x-mitre-detection-strategy': { name: REQUIRED_STRING, x_mitre_analytic_refs: { kind: 'array' } },
  'x-mitre-analytic': { name: REQUIRED_STRING, x_mitre_platforms: STRINGS, x_mitre_log_source_references: { kind: 'objects' } },
  relationship: { relationship_type: REQUIRED_STRING, source_ref: REQUIRED_STRING, target_ref: REQUIRED_STRING },
};

/**
 * Why the builder could not use this object ("kill_chain_phases[0].phase_name is not a string"),
 * or undefined when it can. Only objects that failed the schemas need this check: the schemas
 * already guarantee these types for the others.
 */
export function unusableProperty(object: StixObject): string | undefined {
  return problemIn(object, { ...COMMON, ...NEEDS[object.type] }, '');
}

function problemIn(o: Readonly<Record<string, unknown>>, needs: Readonly<Record<string, Need>>, prefix: string): string | undefined {
  for (const [key, need] of Object.entries(needs)) {
    const problem = check(o[key], need, `${prefix}${key}`);
    if (problem) return problem;
  }
  return undefined;
}

function check(value: unknown, need: Need, path: string): string | undefined {
  if (value === undefined) return need.kind === 'string' && need.required ? `${path} is missing` : undefined;
  switch (need.kind) {
    case 'string':
      return typeof value === 'string' ? undefined : `${path} is not a string`;
    case 'strings':
      if (!Array.isArray(value)) return `${path} is not a list`;
      return value.every((v) => typeof v === 'string') ? undefined : `${path}[] holds a non-string`;
    case 'array':
      return Array.isArray(value) ? undefined : `${path} is not a list`;
    case 'objects': {
      if (!Array.isArray(value)) return `${path} is not a list`;
      for (const item of value) {
        if (item === null || typeof item !== 'object' || Array.isArray(item)) return `${path}[] holds a non-object`;
        const problem = need.fields ? problemIn(item as Record<string, unknown>, need.fields, `${path}[].`) : undefined;
        if (problem) return problem;
      }
      return undefined;
    }
  }
}
