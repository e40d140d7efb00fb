import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { AttackDomain } from '../attack/catalog.js';
import type { Finding } from '../findings/finding.js';
import { compareFindings } from '../findings/finding.js';
import { FINDINGS } from '../findings/finding-codes.js';
import { makeFinding } from '../findings/make-finding.js';
import { closestName } from './closest-name.js';
import type { CovmapConfig, FailOn, SeverityOverride, Thresholds } from './covmap-config.js';
import { escapePointer } from './json-pointer.js';
import { loadYamlWithSourceMap, type SourcePosition, type YamlSourceMap } from './yaml-source-map.js';

export interface ParsedConfig {
  /** Present when the file is valid; then `findings` is empty. */
  readonly config?: CovmapConfig;
  /** Every problem found, each at the line and column of the offending key or value. */
  readonly findings: readonly Finding[];
}

// Compiling the schema is the expensive part; a command parses one config, tests many.
const validators = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

/**
 * Parses and validates the text of a `.covmap.yml` against the published schema (passed in, so
 * core reads no files). Unknown keys, wrong types and out-of-range values are all reported, not
 * only the first, each pointing at its line. Checks that need ATT&CK data (tactic names, profile
 * actors, platforms) come later, in `checkConfigAgainstCatalog`.
 */
export function parseConfig(text: string, file: string, schema: object): ParsedConfig {
  let parsed: { value: unknown; map: YamlSourceMap };
  try {
    parsed = loadYamlWithSourceMap(text, file);
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    return {
      findings: [makeFinding('CONFIG_YAML_INVALID', { file, line: (mark?.line ?? 0) + 1, column: (mark?.column ?? 0) + 1 }, { reason })],
    };
  }
  const { map } = parsed;
  // An empty file (or only comments) means "all defaults".
  const value = parsed.value ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { findings: [makeFinding('CONFIG_NOT_A_MAPPING', { file, line: 1, column: 1 }, { found: jsonType(value) })] };
  }

  const findings: Finding[] = [];
  const validate = validatorFor(schema);
  if (!validate(value)) findings.push(...schemaFindings(validate.errors ?? [], file, map));

  const raw = value as Record<string, unknown>;
  const overrides = raw.findings;
  if (overrides && typeof overrides === 'object' && !Array.isArray(overrides)) {
    const known = Object.keys(FINDINGS);
    for (const code of Object.keys(overrides)) {
      if (known.includes(code)) continue;
      const suggestion = closestName(code, known);
      findings.push(makeFinding('CONFIG_UNKNOWN_FINDING_CODE', at(file, map.keyPosition(`/findings/${escapePointer(code)}`)), { code, ...(suggestion ? { suggestion } : {}) }));
    }
  }

  if (findings.length > 0) return { findings: dedupe(findings).sort(compareFindings) };
  return { config: toConfig(raw, file, map), findings: [] };
}

/** Turns ajv's errors into findings worded by the findings table, located in the YAML text. */
function schemaFindings(errors: readonly ErrorObject[], file: string, map: YamlSourceMap): Finding[] {
  const out: Finding[] = [];
  for (const e of errors) {
    // propertyNames reports the inner failure (with `propertyName`) and a summary; keep the summary.
    if ((e as { propertyName?: string }).propertyName !== undefined) continue;
    const path = displayPath(e.instancePath);
    const valueAt = at(file, map.valuePosition(e.instancePath) ?? map.nearest(e.instancePath, 'value'));
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String((e.params as { additionalProperty: string }).additionalProperty);
        const allowed = Object.keys((e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}).filter((k) => k !== '$schema');
        const suggestion = closestName(key, allowed);
        out.push(
          makeFinding('CONFIG_UNKNOWN_KEY', at(file, map.keyPosition(`${e.instancePath}/${escapePointer(key)}`) ?? map.nearest(e.instancePath)), {
            key,
            ...(path ? { path } : {}),
            allowed,
            ...(suggestion ? { suggestion } : {}),
          }),
        );
        break;
      }
      case 'type': {
        const expected = ([] as string[]).concat((e.params as { type: string | string[] }).type);
        const found = jsonType(e.data);
        if (expected.length === 1 && expected[0] === 'integer' && found === 'number') {
          out.push(makeFinding('CONFIG_VALUE_INVALID', valueAt, { path, constraint: 'integer', value: String(e.data) }));
        } else {
          out.push(makeFinding('CONFIG_WRONG_TYPE', valueAt, { path, expected, found }));
        }
        break;
      }
      case 'enum':
        out.push(
          makeFinding('CONFIG_VALUE_NOT_ALLOWED', valueAt, {
            path,
            value: show(e.data),
            allowed: ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String),
          }),
        );
        break;
      case 'minimum':
      case 'maximum': {
        const parent = e.parentSchema as { minimum?: number; maximum?: number } | undefined;
        out.push(
          makeFinding('CONFIG_VALUE_OUT_OF_RANGE', valueAt, {
            path,
            value: show(e.data),
            ...(parent?.minimum !== undefined ? { min: parent.minimum } : {}),
            ...(parent?.maximum !== undefined ? { max: parent.maximum } : {}),
          }),
        );
        break;
      }
      case 'minLength':
        out.push(makeFinding('CONFIG_VALUE_INVALID', valueAt, { path, constraint: 'minLength' }));
        break;
      case 'minItems':
        out.push(makeFinding('CONFIG_VALUE_INVALID', valueAt, { path, constraint: 'minItems', limit: (e.params as { limit: number }).limit }));
        break;
      case 'uniqueItems': {
        const { j } = e.params as { i: number; j: number };
        const items = e.data as unknown[];
        out.push(makeFinding('CONFIG_VALUE_INVALID', at(file, map.valuePosition(`${e.instancePath}/${j}`) ?? map.nearest(e.instancePath, 'value')), { path, constraint: 'uniqueItems', value: show(items[j]) }));
        break;
      }
      case 'propertyNames': {
        const name = String((e.params as { propertyName: string }).propertyName);
        const pattern = (e.schema as { pattern?: string } | undefined)?.pattern;
        out.push(
          makeFinding('CONFIG_VALUE_INVALID', at(file, map.keyPosition(`${e.instancePath}/${escapePointer(name)}`) ?? map.nearest(e.instancePath)), {
            path,
            constraint: 'propertyName',
            value: name,
            expected: pattern === '^[a-z][a-z-]*$' ? 'a tactic shortname such as credential-access' : `a key matching ${pattern ?? '?'}`,
          }),
        );
        break;
      }
      default:
        out.push(makeFinding('CONFIG_VALUE_INVALID', valueAt, { path, constraint: e.keyword }));
    }
  }
  return out;
}

function toConfig(raw: Record<string, unknown>, file: string, map: YamlSourceMap): CovmapConfig {
  const positions: Record<string, SourcePosition> = {};
  collectPositions(raw, '', map, positions);
  const thresholds = raw.thresholds as Record<string, unknown> | undefined;
  const scan = raw.scan as Record<string, unknown> | undefined;
  const config: { -readonly [K in keyof CovmapConfig]: CovmapConfig[K] } = { file, positions, map };
  if (raw.rules !== undefined) config.rules = raw.rules as string[];
  // YAML reads 18.1 as a number; versions are strings everywhere else.
  if (raw.attack !== undefined) config.attack = String(raw.attack);
  if (raw.domain !== undefined) config.domain = raw.domain as AttackDomain;
  if (raw.platforms !== undefined) config.platforms = raw.platforms as string[];
  if (scan) {
    config.scan = {
      ...(scan.min_status !== undefined ? { minStatus: scan.min_status as string } : {}),
      ...(scan.min_level !== undefined ? { minLevel: scan.min_level as string } : {}),
    };
  }
  if (raw.profile !== undefined) config.profile = raw.profile as string[];
  if (raw.scopes !== undefined) config.scopes = raw.scopes as string[];
  if (raw.inhouse !== undefined) config.inhouse = raw.inhouse;
  if (raw.baseline !== undefined) config.baseline = raw.baseline as string;
  if (raw.fail_on !== undefined) config.failOn = raw.fail_on as FailOn;
  if (raw.findings !== undefined) config.findings = raw.findings as Record<string, SeverityOverride>;
  if (thresholds) {
    const t: { -readonly [K in keyof Thresholds]: Thresholds[K] } = {};
    if (thresholds.min_coverage !== undefined) t.minCoverage = thresholds.min_coverage as number;
    if (thresholds.min_tactic_coverage !== undefined) t.minTacticCoverage = thresholds.min_tactic_coverage as number;
    if (thresholds.tactics !== undefined) t.tactics = thresholds.tactics as Record<string, number>;
    if (thresholds.min_profile_coverage !== undefined) t.minProfileCoverage = thresholds.min_profile_coverage as number;
    if (thresholds.min_rules_per_technique !== undefined) t.minRulesPerTechnique = thresholds.min_rules_per_technique as number;
    config.thresholds = t;
  }
  return config;
}

function collectPositions(value: unknown, pointer: string, map: YamlSourceMap, out: Record<string, SourcePosition>): void {
  const pos = map.keyPosition(pointer);
  if (pos) out[pointer] = pos;
  if (Array.isArray(value)) value.forEach((v, i) => collectPositions(v, `${pointer}/${i}`, map, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectPositions(v, `${pointer}/${escapePointer(k)}`, map, out);
  }
}

/** `/thresholds/tactics/execution` -> `thresholds.tactics.execution`, `/rules/0` -> `rules[0]`. */
export function displayPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  }
  return out;
}

function at(file: string, pos: SourcePosition | undefined): { file: string; line?: number; column?: number } {
  return pos ? { file, line: pos.line, column: pos.column } : { file };
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? String(value);
}

/** allErrors can report the same place twice (e.g. a value failing two type branches). */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify([f.code, f.file, f.line, f.column, f.data]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
