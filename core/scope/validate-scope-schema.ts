import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import scopeSchema from '../../data/schema/covmap-scope.schema.json' with { type: 'json' };
import type { Finding } from '../findings/finding.js';
import { makeFinding } from '../findings/make-finding.js';
import { valueTypeName } from '../findings/value-type-name.js';
import { jsonPointer, parseJsonPointer, type Locate, type PathSegment } from './source-position.js';

/**
 * Validates against the published scope schema (data/schema/covmap-scope.schema.json) and turns
 * each ajv error into a typed finding at the line and column of the value it is about.
 */
export const SCOPE_SCHEMA_ID = scopeSchema.$id;

type SchemaPart = 'scope' | 'inhouseProfile' | 'hours';

let ajv: Ajv2020 | undefined;
const validators = new Map<SchemaPart, ValidateFunction>();

function validator(part: SchemaPart): ValidateFunction {
  let v = validators.get(part);
  if (v) return v;
  if (!ajv) {
    // validateSchema: false skips compiling the draft 2020-12 meta-schema on every run (half the
    // start-up cost); test/scope/covmap-scope-schema.test.ts checks the schema against it instead.
    ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, validateSchema: false, code: { optimize: false } });
    // ajv-formats is CommonJS: its default export arrives as the module object under nodenext.
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv2020, f: string[]) => void;
    addFormats(ajv, ['date', 'duration', 'uri']);
    ajv.addSchema(scopeSchema);
  }
  v = part === 'scope' ? ajv.getSchema(SCOPE_SCHEMA_ID)! : ajv.getSchema(`${SCOPE_SCHEMA_ID}#/$defs/${part}`)!;
  validators.set(part, v);
  return v;
}

/**
 * Findings for every schema violation of `value`, located in the file. `base` prefixes paths when
 * the value is a section of a larger document (e.g. the `inhouse` section of a config file).
 */
export function validateScopeSchema(
  value: unknown,
  file: string | undefined,
  locate: Locate,
  part: SchemaPart = 'scope',
  base: readonly PathSegment[] = [],
): Finding[] {
  const validate = validator(part);
  if (validate(value)) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const finding = toFinding(error, value, file, locate, base);
    if (!finding) continue;
    const key = JSON.stringify(finding);
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  return findings;
}

function toFinding(error: ErrorObject, root: unknown, file: string | undefined, locate: Locate, base: readonly PathSegment[]): Finding | undefined {
  const path = [...base, ...parseJsonPointer(error.instancePath)];
  const pointer = jsonPointer(path);
  const where = (p: readonly PathSegment[], part: 'key' | 'value' = 'value') => ({ file, ...locate(p, part) });
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    // if/then/else only says "must match then/else"; the branch's own errors carry the detail.
    case 'if':
      return undefined;
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      return makeFinding('SCOPE_UNKNOWN_FIELD', where([...path, field], 'key'), { field, parent: pointer || '/', path: jsonPointer([...path, field]) });
    }
    case 'required':
      return makeFinding('SCOPE_MISSING_FIELD', where(path), { field: String(params.missingProperty), path: pointer || '/' });
    case 'type':
      return makeFinding('SCOPE_WRONG_TYPE', where(path), {
        path: pointer,
        expected: Array.isArray(params.type) ? (params.type as string[]) : String(params.type),
        actual: valueTypeName(valueAt(root, parseJsonPointer(error.instancePath))),
      });
    case 'pattern':
      if (error.schemaPath.includes('/techniqueId/')) {
        return makeFinding('SCOPE_INVALID_TECHNIQUE_ID', where(path), { value: String(valueAt(root, parseJsonPointer(error.instancePath))), path: pointer });
      }
      return makeFinding('SCOPE_INVALID_VALUE', where(path), { path: pointer, keyword: 'pattern', pattern: String(params.pattern), value: shown(root, error) });
    case 'enum':
      return makeFinding('SCOPE_INVALID_VALUE', where(path), { path: pointer, keyword: 'enum', allowed: (params.allowedValues as unknown[]).map(String), value: shown(root, error) });
    case 'const':
      return makeFinding('SCOPE_INVALID_VALUE', where(path), { path: pointer, keyword: 'const', allowed: [String(params.allowedValue)], value: shown(root, error) });
    case 'format':
      return makeFinding('SCOPE_INVALID_VALUE', where(path), { path: pointer, keyword: 'format', format: String(params.format), value: shown(root, error) });
    case 'minItems':
    case 'minLength':
    case 'minProperties':
      return makeFinding('SCOPE_INVALID_VALUE', where(path), { path: pointer, keyword: error.keyword, limit: Number(params.limit) });
    default:
      return makeFinding('SCOPE_INVALID_VALUE', where(path), { path: pointer, keyword: error.keyword, value: shown(root, error) });
  }
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let v = root;
  for (const s of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[String(s)];
  }
  return v;
}

function shown(root: unknown, error: ErrorObject): string {
  const v = valueAt(root, parseJsonPointer(error.instancePath));
  const text = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
