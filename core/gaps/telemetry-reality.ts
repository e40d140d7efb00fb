import type { CatalogIndex } from '../attack/catalog-index.js';
import type { Technique } from '../attack/catalog.js';
import { compareStrings } from '../compare-strings.js';
import type { Finding } from '../findings/finding.js';
import { makeFinding } from '../findings/make-finding.js';
import type { RuleRecord } from '../scan/scan-report.js';
import { formatLogsource, ingests, platformsOfLogsource, type Logsource } from '../scope/logsource.js';
import type { ScopeSource, ScopeTechnique } from '../scope/scope-source.js';
import type { LogsourceRules } from './gap-report.js';
import type { InhouseProfile } from './inhouse-profile.js';

/**
 * Does the in-house profile collect a rule's logsource? Declared logsources decide when given;
 * else declared platforms (a logsource that names no platform, such as a proxy, cannot be ruled
 * out and counts); with neither declared, every rule counts. A rule without a logsource (a
 * correlation, which reads its referenced rules' logs) always counts.
 */
export function collects(profile: InhouseProfile, logsource: Logsource): boolean {
  if (logsource.product === undefined && logsource.category === undefined && logsource.service === undefined) return true;
  if (profile.logsources.length > 0) return ingests(profile.logsources, logsource);
  if (profile.platforms.length > 0) return platformMatch(profile.platforms, logsource);
  return true;
}

function platformMatch(platforms: readonly string[], logsource: Logsource): boolean {
  const of = platformsOfLogsource(logsource);
  return of.length === 0 || of.some((p) => platforms.includes(p));
}

/**
 * Whether a provider can see a logsource, from what its scope declares: per telemetry source its
 * Sigma logsources, or its platforms when it lists no logsources. Undefined when the scope declares
 * neither (CTID, Navigator): nothing can be said.
 */
export function providerIngests(scope: ScopeSource): ((l: Logsource) => boolean) | undefined {
  const sources = scope.telemetry;
  // A rule without a logsource (a correlation reads its referenced rules' logs) cannot be judged.
  const unknown = (l: Logsource) => l.product === undefined && l.category === undefined && l.service === undefined;
  if (sources.length > 0) return memoByLogsource((l) => unknown(l) || sources.some((s) => (s.logsources.length > 0 ? ingests(s.logsources, l) : platformMatch(s.platforms, l))));
  if (scope.platforms.length > 0) return memoByLogsource((l) => platformMatch(scope.platforms, l));
  return undefined;
}

/** Thousands of rules share a few dozen logsources: answer each distinct one once. */
function memoByLogsource(decide: (l: Logsource) => boolean): (l: Logsource) => boolean {
  const answers = new Map<string, boolean>();
  return (l) => {
    const key = `${l.product ?? ''}|${l.category ?? ''}|${l.service ?? ''}`;
    let answer = answers.get(key);
    if (answer === undefined) answers.set(key, (answer = decide(l)));
    return answer;
  };
}

export interface TelemetryProvider {
  readonly id: string;
  readonly scope: ScopeSource;
  readonly byTechnique: ReadonlyMap<string, ScopeTechnique>;
}

export interface TelemetryRealityInput {
  readonly index: CatalogIndex;
  readonly universe: readonly Technique[];
  readonly scanRules: readonly RuleRecord[];
  readonly isCollected: (rule: RuleRecord) => boolean;
  readonly providers: readonly TelemetryProvider[];
  readonly inhouse: { readonly platforms: readonly string[] };
  readonly anyCovers: (id: string) => boolean;
  /** Findings are appended here. */
  readonly diagnostics: Finding[];
}

export interface TelemetryReality {
  readonly outsideAllSources: string[];
  readonly notCollected: LogsourceRules[];
  readonly notIngested: Record<string, LogsourceRules[]>;
  readonly unbacked: Record<string, string[]>;
}

export function telemetryReality(input: TelemetryRealityInput): TelemetryReality {
  const counting = input.scanRules.filter((r) => r.included && r.techniques.length > 0);

  const notCollected = groupByLogsource(counting.filter((r) => !input.isCollected(r)));
  for (const g of notCollected) {
    input.diagnostics.push(makeFinding('GAPS_RULES_NOT_COLLECTED', g.at, { logsource: g.logsource, rules: g.rules.length, techniques: g.techniques }));
  }

  const collected = counting.filter(input.isCollected);
  const notIngested: Record<string, LogsourceRules[]> = {};
  const unbacked: Record<string, string[]> = {};
  const universeIds = new Set(input.universe.map((t) => t.id));
  for (const p of input.providers) {
    const sees = providerIngests(p.scope);
    if (sees) {
      const groups = groupByLogsource(collected.filter((r) => !sees(r.logsource ?? {})));
      notIngested[p.id] = groups.map(({ logsource, rules, techniques }) => ({ logsource, rules, techniques }));
      for (const g of groups) {
        input.diagnostics.push(makeFinding('GAPS_RULES_NOT_INGESTED', g.at, { provider: p.id, logsource: g.logsource, rules: g.rules.length, techniques: g.techniques }));
      }
    }
    const platforms = p.scope.platforms;
    unbacked[p.id] = [...p.byTechnique.values()]
      .filter((t) => t.covered && universeIds.has(t.id))
      .filter((t) => {
        if (t.unbacked) return true;
        if (p.scope.kind === 'covmap-scope' || platforms.length === 0) return false;
        const technique = input.index.technique(t.id);
        return !!technique && technique.platforms.length > 0 && !technique.platforms.some((x) => platforms.includes(x));
      })
      .map((t) => t.id);
  }

  const known = new Set([...input.inhouse.platforms, ...input.providers.flatMap((p) => p.scope.platforms)]);
  const outsideAllSources =
    known.size === 0
      ? []
      : input.universe.filter((t) => !input.anyCovers(t.id) && t.platforms.length > 0 && !t.platforms.some((p) => known.has(p))).map((t) => t.id);

  return { outsideAllSources, notCollected: notCollected.map(({ logsource, rules, techniques }) => ({ logsource, rules, techniques })), notIngested, unbacked };
}

/** Rules grouped by their logsource text, with the first rule's position for the finding. */
function groupByLogsource(rules: readonly RuleRecord[]): (LogsourceRules & { at: { file: string; line: number; column: number } })[] {
  const groups = new Map<string, { rules: RuleRecord[] }>();
  for (const r of rules) {
    const key = formatLogsource(r.logsource ?? {});
    const g = groups.get(key) ?? { rules: [] };
    g.rules.push(r);
    groups.set(key, g);
  }
  return [...groups]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([logsource, g]) => {
      const sorted = [...g.rules].sort((a, b) => compareStrings(a.key, b.key));
      const first = sorted[0]!;
      return {
        logsource,
        rules: sorted.map((r) => r.key),
        techniques: [...new Set(sorted.flatMap((r) => r.techniques))].sort(),
        at: { file: first.file, line: first.line, column: first.column },
      };
    });
}
