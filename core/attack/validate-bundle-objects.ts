import {
  analyticSchema,
  assetSchema,
  campaignSchema,
  collectionSchema,
  createRelationshipValidationRefinement,
  dataComponentSchema,
  dataSourceSchema,
  detectionStrategySchema,
  groupSchema,
  identitySchema,
  malwareSchema,
  markingDefinitionSchema,
  matrixSchema,
  mitigationSchema,
  relationshipBaseSchema,
  tacticSchema,
  techniqueSchema,
  toolSchema,
} from '@mitre-attack/attack-data-model/dist/schemas/index.js';
import { compareStrings } from '../compare-strings.js';
import type { CatalogValidation } from './catalog.js';
import { isStixObject } from './identify-bundle.js';
import { LEFT_OUT_SUFFIX } from './rejected-objects.js';
import { unusableProperty, withStixPropertiesOnly } from './usable-stix-object.js';

interface SafeParser {
  safeParse(value: unknown): { success: true; data: unknown } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

// The package's relationshipSchema adds a console.warn for every v17-style data-component
// `detects` relationship (thousands per bundle); the same base schema with the package's own
// relationship-combination refinement validates identically without flooding stderr.
const relationshipSchema = relationshipBaseSchema.check(createRelationshipValidationRefinement());

/** The data model's schema for each STIX type it knows (as its own relaxed parser uses them). */
const SCHEMAS: Readonly<Record<string, SafeParser>> = {
  'x-mitre-asset': assetSchema,
  campaign: campaignSchema,
  'x-mitre-collection': collectionSchema,
  'x-mitre-data-component': dataComponentSchema,
  'x-mitre-data-source': dataSourceSchema,
  'intrusion-set': groupSchema,
  identity: identitySchema,
  malware: malwareSchema,
  'x-mitre-matrix': matrixSchema,
  'course-of-action': mitigationSchema,
  'x-mitre-tactic': tacticSchema,
  'attack-pattern': techniqueSchema,
  tool: toolSchema,
  'marking-definition': markingDefinitionSchema,
  relationship: relationshipSchema,
  'x-mitre-detection-strategy': detectionStrategySchema,
  'x-mitre-analytic': analyticSchema,
} as unknown as Record<string, SafeParser>;

export interface RelaxedValidation {
  /** Every STIX object of a known type: the schema's output when it passed, the raw object when not. */
  readonly objects: readonly unknown[];
  readonly validation: CatalogValidation;
}

/**
 * Relaxed validation, as the data model's own "relaxed" parsing mode: each object is checked
 * against the model's schema for its type, and an object that fails is KEPT (raw) and counted
 * under its type and reason. ATT&CK releases newer than the model's spec (v18's empty
 * x_mitre_detection, empty relationship descriptions, legacy mitigation IDs) would otherwise lose
 * ~1,900 objects. Objects of unknown types or without type/id, and failed objects with a property
 * the catalog builder cannot read (a list where a string belongs...), are counted and left out:
 * keeping them would crash the build instead of reporting the bundle.
 */
export function validateBundleObjects(objects: readonly unknown[]): RelaxedValidation {
  const kept: unknown[] = [];
  const rejected = new Map<string, { type: string; reason: string; count: number }>();
  let accepted = 0;
  const reject = (type: string, reason: string) => {
    const key = `${type}\u0000${reason}`;
    const entry = rejected.get(key);
    if (entry) entry.count++;
    else rejected.set(key, { type, reason, count: 1 });
  };
  for (const object of objects) {
    if (!isStixObject(object)) {
      reject('(not a STIX object)', `no string "type" and "id"${LEFT_OUT_SUFFIX}`);
      continue;
    }
    const schema = SCHEMAS[object.type];
    if (!schema) {
      reject(object.type, `unknown STIX type for the ATT&CK data model${LEFT_OUT_SUFFIX}`);
      continue;
    }
    const stix = withStixPropertiesOnly(object);
    const result = schema.safeParse(stix);
    if (result.success) {
      accepted++;
      kept.push(result.data);
      continue;
    }
    const reason = describeIssues(result.error.issues);
    const unusable = unusableProperty(stix);
    if (unusable) {
      reject(object.type, `${reason}; ${unusable}${LEFT_OUT_SUFFIX}`);
    } else {
      reject(object.type, reason);
      kept.push(stix);
    }
  }
  const list = [...rejected.values()].sort((a, b) => compareStrings(a.type, b.type) || b.count - a.count || compareStrings(a.reason, b.reason));
  return { objects: kept, validation: { objects: objects.length, accepted, rejected: list } };
}

/** `path: message` per distinct issue, array indexes folded (platforms.3 -> platforms[]) so equal problems group. */
function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const parts = new Set<string>();
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === 'number' ? '[]' : String(p))).join('.').replace(/\.\[\]/g, '[]');
    parts.add(`${path || '(object)'}: ${issue.message}`);
  }
  return [...parts].sort().join('; ');
}
