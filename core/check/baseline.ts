import type { AttackDomain } from '../attack/catalog.js';
import { ATTACK_DOMAINS } from '../attack/catalog.js';
import { compareStrings } from '../compare-strings.js';
import type { ScanReport } from '../scan/scan-report.js';
import { parseJsonWithPositions } from '../scope/parse-json-with-positions.js';

/**
 * A snapshot of which rules cover which technique, committed next to the rules so that
 * `covmap check --baseline` can tell what a change took away. Written as pretty JSON with sorted
 * keys and one rule per line: byte-identical for the same rules, and a pull request's diff of it
 * reads as "this rule stopped covering that technique".
 */
export interface Baseline {
  readonly schema: 'covmap/baseline@1';
  readonly attack: { readonly domain: AttackDomain; readonly version: string };
  /** Technique ID -> keys of the rules that cover it directly; both sorted. */
  readonly techniques: Readonly<Record<string, readonly string[]>>;
  /** Rule key -> its Sigma id and title, so that a moved file is not mistaken for a removed rule. */
  readonly rules: Readonly<Record<string, { readonly id?: string; readonly title: string }>>;
  /** The threat profile at the time, so later checks can tell new profile gaps from old ones. */
  readonly profile?: { readonly query: readonly string[]; readonly techniques: readonly string[] };
}

export const BASELINE_SCHEMA = 'covmap/baseline@1';

/** The baseline of a scan: only included rules with direct coverage count, as in every report. */
export function buildBaseline(scan: ScanReport, profile?: { query: readonly string[]; techniques: readonly string[] }): Baseline {
  const techniques: Record<string, string[]> = {};
  const used = new Set<string>();
  for (const t of [...scan.techniques].sort((a, b) => compareStrings(a.id, b.id))) {
    if (t.rules.length === 0) continue;
    techniques[t.id] = [...t.rules].sort(compareStrings);
    for (const r of t.rules) used.add(r);
  }
  const rules: Record<string, { id?: string; title: string }> = {};
  for (const rule of [...scan.rules].sort((a, b) => compareStrings(a.key, b.key))) {
    if (!used.has(rule.key)) continue;
    rules[rule.key] = rule.id !== undefined ? { id: rule.id, title: rule.title } : { title: rule.title };
  }
  return {
    schema: BASELINE_SCHEMA,
    attack: { domain: scan.attack.domain, version: scan.attack.version },
    techniques,
    rules,
    ...(profile ? { profile: { query: [...profile.query], techniques: [...profile.techniques].sort(compareStrings) } } : {}),
  };
}

/** Two-space JSON, keys in the order built above (sorted), trailing newline. */
export function renderBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

export type ParsedBaseline =
  | { readonly baseline: Baseline; readonly lines: Readonly<Record<string, number>> }
  | { readonly error: string };

/**
 * Reads a baseline back. `lines` gives the line of each technique's entry, so that a lost
 * technique whose rules were deleted can still be pointed at (in the baseline file itself).
 * Shape problems are returned as a reason for the CLI's one-line error.
 */
export function parseBaseline(text: string): ParsedBaseline {
  const json = parseJsonWithPositions(text);
  const syntax = json.problems[0];
  // The parser's own message quotes the text (line breaks and all); the position is what helps.
  if (syntax) return { error: `not valid JSON (syntax error at line ${syntax.line}, column ${syntax.column})` };
  const data = json.value;
  if (!isObject(data)) return { error: 'not a covmap baseline (expected a JSON object)' };
  if (data.schema !== BASELINE_SCHEMA) return { error: `not a covmap baseline (schema is ${JSON.stringify(data.schema)}, expected "${BASELINE_SCHEMA}")` };
  const attack = data.attack;
  if (!isObject(attack) || typeof attack.version !== 'string' || !ATTACK_DOMAINS.includes(attack.domain as AttackDomain)) {
    return { error: 'its "attack" entry needs a domain and a version' };
  }
  // Every field is checked before use: a hand-edited or merged-wrong baseline must give one line
  // saying what is wrong, never an internal error later in the comparison.
  if (!isObject(data.techniques)) return { error: '"techniques" must map technique IDs to lists of rule keys' };
  for (const [id, rules] of Object.entries(data.techniques)) {
    if (!TECHNIQUE_ID.test(id)) return { error: `"techniques" has the key ${JSON.stringify(id)}, which is not a technique ID (T1234 or T1234.001)` };
    if (!isStringList(rules)) return { error: `"techniques"."${id}" must be a list of rule keys` };
  }
  if (data.rules !== undefined && !isObject(data.rules)) return { error: '"rules" must map rule keys to their id and title' };
  for (const [key, rule] of Object.entries(data.rules ?? {})) {
    if (!isObject(rule) || typeof rule.title !== 'string' || (rule.id !== undefined && typeof rule.id !== 'string')) {
      return { error: `"rules".${JSON.stringify(key)} must be {"title": "...", "id": "..."} (id optional)` };
    }
  }
  const profile = data.profile;
  if (profile !== undefined && (!isObject(profile) || !isStringList(profile.techniques) || !isStringList(profile.query))) {
    return { error: '"profile" needs "query" and "techniques" lists of strings' };
  }
  const lines: Record<string, number> = {};
  text.split('\n').forEach((line, i) => {
    const m = /^\s{4}"(T\d{4}(?:\.\d{3})?)":\s*\[/.exec(line);
    if (m && lines[m[1]!] === undefined) lines[m[1]!] = i + 1;
  });
  return {
    baseline: {
      schema: BASELINE_SCHEMA,
      attack: { domain: attack.domain as AttackDomain, version: attack.version },
      techniques: data.techniques as Record<string, string[]>,
      rules: (data.rules ?? {}) as Record<string, { id?: string; title: string }>,
      ...(profile ? { profile: profile as unknown as Baseline['profile'] & object } : {}),
    },
    lines,
  };
}

const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/;

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
