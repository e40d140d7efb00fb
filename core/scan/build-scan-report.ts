import type { Catalog, Technique } from '../attack/catalog.js';
import { CatalogIndex } from '../attack/catalog-index.js';
import { compareStrings } from '../compare-strings.js';
import { compareFindings, type Finding } from '../findings/finding.js';
import { makeFinding } from '../findings/make-finding.js';
import { mapAttackTags, type MappedTags } from '../sigma/map-attack-tags.js';
import type { ParsedRule, ParsedRuleFile } from '../sigma/parsed-rule-file.js';
import type { FileRecord, RuleRecord, ScanOptions, ScanReport, TacticCoverage, TechniqueCoverage } from './scan-report.js';
import { passesRuleFilters, scoreRules } from './score-rules.js';

/** One scanned file: its display path (forward slashes) and what parsing it gave. */
export interface ScannedFile {
  readonly file: string;
  readonly parsed: ParsedRuleFile;
}

export interface BuildScanReportInput {
  readonly files: readonly ScannedFile[];
  readonly catalog: Catalog;
  /** Reuse an index the caller already built over `catalog`. */
  readonly index?: CatalogIndex;
  readonly options: ScanOptions;
  /** Findings about the inputs themselves (missing paths, empty directories, link loops). */
  readonly diagnostics?: readonly Finding[];
}

interface WorkingRule {
  readonly record: { -readonly [K in keyof RuleRecord]: RuleRecord[K] };
  readonly parsed: ParsedRule;
}

/**
 * The pure heart of `covmap scan`: parsed files + ATT&CK catalog + options -> ScanReport.
 * Deterministic: files, rules, techniques and diagnostics come out sorted, whatever the order in.
 */
export function buildScanReport(input: BuildScanReportInput): ScanReport {
  const { catalog, options } = input;
  const index = input.index ?? new CatalogIndex(catalog);
  const diagnostics: Finding[] = [...(input.diagnostics ?? [])];
  const files = [...input.files].sort((a, b) => compareStrings(a.file, b.file));

  const fileResults: FileRecord[] = [];
  const rules: WorkingRule[] = [];
  const counts = { found: 0, parsed: 0, skipped: 0, errored: 0 };
  for (const { file, parsed } of files) {
    counts.found++;
    counts[parsed.status]++;
    const rulesIn = parsed.rules.length;
    fileResults.push(parsed.code ? { file, status: parsed.status, rules: rulesIn, code: parsed.code } : { file, status: parsed.status, rules: rulesIn });
    for (const d of parsed.diagnostics) diagnostics.push({ ...d, file });
    const multi = parsed.documents > 1;
    for (const rule of parsed.rules) {
      const mapped = mapAttackTags(rule.tags, index, file);
      for (const finding of mapped.findings) diagnostics.push(finding);
      const included = passesRuleFilters(rule, options);
      const record = ruleRecord(multi ? `${file}#${rule.document}` : file, file, rule, mapped, included);
      rules.push({ record, parsed: rule });
      if (included && rule.status) {
        const status = rule.status.toLowerCase();
        if (status === 'deprecated' || status === 'unsupported') {
          const where = { file, ...(rule.statusAt ?? { line: rule.line, column: rule.column }) };
          diagnostics.push(makeFinding(status === 'deprecated' ? 'RULE_STATUS_DEPRECATED' : 'RULE_STATUS_UNSUPPORTED', where));
        }
      }
    }
  }

  resolveReferences(rules, diagnostics, index);

  for (const { record } of rules) {
    if (record.kind !== 'filter' && record.techniques.length === 0) {
      diagnostics.push(
        makeFinding('RULE_NO_ATTACK_TAG', { file: record.file, line: record.line, column: record.column }, record.tactics.length > 0 ? { tactics: record.tactics } : undefined),
      );
    }
  }

  const techniques = computeCoverage(rules, index, options);
  rules.sort((a, b) => compareStrings(a.record.key, b.record.key));
  diagnostics.sort(compareFindings);
  // Rules expanded from one v1 collection share source lines: report each finding once.
  const unique = diagnostics.filter((d, i) => i === 0 || compareFindings(diagnostics[i - 1]!, d) !== 0);
  return {
    schema: 'covmap/scan@1',
    attack: { domain: catalog.domain, version: catalog.version },
    options,
    files: counts,
    fileResults,
    rules: rules.map((r) => r.record),
    techniques,
    diagnostics: unique,
  };
}

/**
 * A rule's record, built field by field in the report's key order: optional fields are absent
 * rather than undefined (the output is JSON), and no intermediate objects are spread (this runs
 * once per rule of the repository).
 */
function ruleRecord(key: string, file: string, rule: ParsedRule, mapped: MappedTags, included: boolean): WorkingRule['record'] {
  const record = { key, file, line: rule.line, column: rule.column, kind: rule.kind, title: rule.title } as WorkingRule['record'];
  if (rule.id !== undefined) record.id = rule.id;
  if (rule.name !== undefined) record.name = rule.name;
  if (rule.status !== undefined) record.status = rule.status;
  if (rule.level !== undefined) record.level = rule.level;
  if (rule.description !== undefined) record.description = rule.description;
  if (rule.author !== undefined) record.author = rule.author;
  if (rule.date !== undefined) record.date = rule.date;
  if (rule.modified !== undefined) record.modified = rule.modified;
  if (rule.logsource !== undefined) record.logsource = rule.logsource;
  if (rule.related !== undefined) record.related = rule.related;
  record.tags = rule.tags;
  if (rule.references) record.references = rule.references;
  record.techniques = rule.kind === 'filter' ? [] : mapped.techniques;
  record.tactics = mapped.tactics;
  record.coverageFrom = rule.kind !== 'filter' && mapped.techniques.length > 0 ? 'tags' : 'none';
  record.included = included;
  return record;
}

/**
 * Correlation and filter rules name other rules by id or name. A correlation without technique
 * tags of its own takes the union of what the rules it names cover (recursively through other
 * correlations); filters only record what they tune. Also flags ids used by two rules.
 */
function resolveReferences(rules: WorkingRule[], diagnostics: Finding[], index: CatalogIndex): void {
  const byRef = new Map<string, WorkingRule[]>();
  const add = (ref: string, rule: WorkingRule) => {
    const list = byRef.get(ref);
    if (list) list.push(rule);
    else byRef.set(ref, [rule]);
  };
  for (const rule of rules) {
    if (rule.record.id !== undefined) add(rule.record.id, rule);
    if (rule.record.name !== undefined && rule.record.name !== rule.record.id) add(rule.record.name, rule);
  }
  for (const rule of rules) {
    const id = rule.record.id;
    if (id === undefined) continue;
    const first = byRef.get(id)!.find((r) => r.record.id === id)!;
    // Rules expanded from one v1 collection share the collection's id by design.
    if (first !== rule && !(rule.parsed.collection && first.parsed.collection && first.record.file === rule.record.file)) {
      diagnostics.push(makeFinding('SIGMA_DUPLICATE_ID', at(rule), { id, other: first.record.key }));
    }
  }

  // References that name no rule, and cycles among correlations that take their coverage from
  // the rules they name (each cycle reported once, where the walk closes it).
  const derives = (rule: WorkingRule) => rule.record.kind === 'correlation' && rule.record.coverageFrom !== 'tags';
  const state = new Map<WorkingRule, 'busy' | 'done'>();
  const visit = (rule: WorkingRule): void => {
    if (state.get(rule) === 'done') return;
    state.set(rule, 'busy');
    for (const ref of rule.record.references ?? []) {
      const targets = byRef.get(ref);
      if (!targets) {
        diagnostics.push(makeFinding('SIGMA_REFERENCE_UNRESOLVED', at(rule), { kind: rule.record.kind, reference: ref }));
        continue;
      }
      if (!derives(rule)) continue;
      for (const target of targets) {
        if (target.record.kind !== 'correlation') continue;
        if (state.get(target) === 'busy') diagnostics.push(makeFinding('SIGMA_REFERENCE_CYCLE', at(rule), { reference: ref }));
        else visit(target);
      }
    }
    state.set(rule, 'done');
  };
  for (const rule of rules) if (rule.record.references) visit(rule);

  // Coverage through references, to a fixed point rather than in one walk: in a cycle, the walk
  // meets a rule before it has everything, and every rule of the cycle must end with the union of
  // what the cycle reaches, whichever rule the walk started from. Sets only grow, so it ends.
  const derived = rules.filter((rule) => derives(rule) && rule.record.references);
  const reached = new Map(derived.map((rule) => [rule, { techniques: new Set<string>(), tactics: new Set<string>() }]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const rule of derived) {
      const own = reached.get(rule)!;
      const before = own.techniques.size + own.tactics.size;
      for (const ref of rule.record.references!) {
        for (const target of byRef.get(ref) ?? []) {
          const from = reached.get(target);
          for (const t of from ? from.techniques : target.record.techniques) own.techniques.add(t);
          for (const t of from ? from.tactics : target.record.tactics) own.tactics.add(t);
        }
      }
      if (own.techniques.size + own.tactics.size !== before) changed = true;
    }
  }
  for (const rule of derived) {
    const { techniques, tactics } = reached.get(rule)!;
    if (techniques.size === 0) continue;
    const { record } = rule;
    record.techniques = [...techniques].sort();
    if (record.tactics.length === 0) record.tactics = [...tactics].sort((a, b) => index.tacticIndex(a) - index.tacticIndex(b));
    record.coverageFrom = 'referenced-rules';
  }
}

function at(rule: WorkingRule): { file: string; line: number; column: number } {
  return { file: rule.record.file, line: rule.record.line, column: rule.record.column };
}

/**
 * Per technique: the included rules that tag it directly, its score, and the tactics it counts
 * under. A parent technique lists its covered sub-techniques in `viaSubtechniques` but is never
 * counted as directly covered because of them (unless --no-subtechniques folds them into it).
 */
function computeCoverage(rules: readonly WorkingRule[], index: CatalogIndex, options: ScanOptions): TechniqueCoverage[] {
  const levels = new Map<string, string | undefined>();
  interface Entry {
    readonly rules: Set<string>;
    readonly perTactic: Map<string, Set<string>>;
    readonly via: Set<string>;
  }
  const entries = new Map<string, Entry>();
  const entry = (id: string): Entry => {
    let e = entries.get(id);
    if (!e) entries.set(id, (e = { rules: new Set(), perTactic: new Map(), via: new Set() }));
    return e;
  };
  // Rules name a few hundred distinct techniques: each is looked up once.
  const lookups = new Map<string, Technique | undefined>();
  const techniqueOf = (id: string): Technique | undefined => {
    if (lookups.has(id)) return lookups.get(id);
    const technique = index.technique(id);
    lookups.set(id, technique);
    return technique;
  };
  const parentOf = (id: string) => techniqueOf(id)?.parent ?? id.split('.')[0]!;

  for (const { record } of rules) {
    if (!record.included || record.techniques.length === 0) continue;
    levels.set(record.key, record.level);
    const counted = new Set<string>();
    for (const id of record.techniques) {
      const isSub = id.includes('.');
      if (!options.subtechniques && isSub) {
        entry(parentOf(id)).via.add(id);
        counted.add(parentOf(id));
      } else {
        counted.add(id);
        if (isSub) entry(parentOf(id)).via.add(id);
      }
    }
    for (const id of counted) {
      const e = entry(id);
      e.rules.add(record.key);
      if (options.tactics === 'tagged') {
        const all = techniqueOf(id)?.tactics ?? [];
        const own = all.filter((t) => record.tactics.includes(t));
        // A rule with no matching tactic tag still counts, under every tactic of the technique.
        for (const tactic of own.length > 0 ? own : all) {
          let set = e.perTactic.get(tactic);
          if (!set) e.perTactic.set(tactic, (set = new Set()));
          set.add(record.key);
        }
      }
    }
  }

  const score = (keys: Iterable<string>) => scoreRules(options.score, [...keys].map((k) => levels.get(k)));
  const out: TechniqueCoverage[] = [];
  for (const id of [...entries.keys()].sort()) {
    const e = entries.get(id)!;
    const technique = techniqueOf(id);
    const ruleKeys = [...e.rules].sort();
    const allTactics = technique?.tactics ?? [];
    let perTactic: TacticCoverage[] | undefined;
    let tactics = allTactics;
    if (options.tactics === 'tagged') {
      perTactic = allTactics.filter((t) => e.perTactic.has(t)).map((tactic) => {
        const keys = [...e.perTactic.get(tactic)!].sort();
        return { tactic, rules: keys, score: score(keys) };
      });
      if (ruleKeys.length > 0) tactics = perTactic.map((p) => p.tactic);
    }
    out.push({
      id,
      name: technique?.name ?? id,
      tactics,
      rules: ruleKeys,
      score: score(ruleKeys),
      viaSubtechniques: [...e.via].sort(),
      ...(perTactic ? { perTactic } : {}),
    });
  }
  return out;
}

