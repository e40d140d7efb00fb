import type { CatalogIndex } from '../attack/catalog-index.js';
import type { Technique } from '../attack/catalog.js';
import { compareStrings } from '../compare-strings.js';
import { compareFindings, type Finding } from '../findings/finding.js';
import { makeFinding } from '../findings/make-finding.js';
import type { RuleRecord, ScanReport } from '../scan/scan-report.js';
import { excludes } from '../scope/excludes.js';
import type { ScopeSource, ScopeTechnique } from '../scope/scope-source.js';
import { countHours, HOURS_PER_WEEK, unionMasks } from '../scope/week-hours.js';
import { coverageState, fraction, summarizeStates } from './coverage-state.js';
import type { CoverageState, GapReport, SourceCoverage, SourceInfo, TacticSummary, TechniqueGap } from './gap-report.js';
import type { InhouseProfile } from './inhouse-profile.js';
import { rankGaps, type GapRank } from './rank-gaps.js';
import { ruleCoverage } from './rule-coverage.js';
import { collects, telemetryReality } from './telemetry-reality.js';
import type { ThreatProfile } from './threat-profile.js';

export interface InhouseSide {
  /** Our Sigma rules, as `covmap scan` read them. */
  readonly scan?: ScanReport | undefined;
  /** Other in-house coverage files (DeTT&CT, Navigator), already parsed. */
  readonly extra: readonly ScopeSource[];
  readonly profile: InhouseProfile;
  /** Paths as given on the command line, for the report. */
  readonly inputs: readonly string[];
  readonly name?: string;
}

export interface GapAnalysisInput {
  readonly index: CatalogIndex;
  readonly inhouse: InhouseSide;
  /** Provider scopes in command-line order; unusable ones are listed but not compared. */
  readonly providers: readonly ScopeSource[];
  /** --platform, in ATT&CK spelling; empty = every platform. */
  readonly platforms?: readonly string[];
  readonly threat?: ThreatProfile | undefined;
  /** Reference year of the hours masks. */
  readonly year: number;
  /** Findings from earlier steps (profile resolution, flags) to keep in the report. */
  readonly diagnostics?: readonly Finding[];
}

interface ProviderModel {
  readonly id: string;
  readonly scope: ScopeSource;
  readonly byTechnique: ReadonlyMap<string, ScopeTechnique>;
}

/**
 * The gap analysis: our coverage (rules that read logs we collect, plus optional DeTT&CT or layer
 * files) against what each provider declares, over the domain's active techniques (filtered by
 * --platform), with hours, telemetry reality, the threat profile, priorities and contract value.
 * Pure: same inputs, same report, byte for byte once serialised.
 */
export function analyzeGaps(input: GapAnalysisInput): GapReport {
  const { index } = input;
  const platformFilter = input.platforms ?? [];
  const universe = index.activeTechniques({ platforms: platformFilter });
  const universeIds = new Set(universe.map((t) => t.id));
  const diagnostics: Finding[] = [...(input.diagnostics ?? [])];
  const profile = input.inhouse.profile;
  if (!profile.hours.declared) diagnostics.push(makeFinding('GAPS_INHOUSE_HOURS_ASSUMED', {}));

  // --- In-house: rules on telemetry we collect, plus extra coverage files.
  const scanRules = input.inhouse.scan?.rules ?? [];
  const isCollected = (r: RuleRecord) => collects(profile, r.logsource ?? {});
  const counted = ruleCoverage(scanRules, isCollected);
  const uncounted = ruleCoverage(scanRules, (r) => !isCollected(r));
  const extra = input.inhouse.extra.filter((s) => s.usable);
  const extraCovered = new Map<string, { score?: number }[]>();
  for (const s of extra) {
    for (const t of s.techniques) {
      if (!t.covered) continue;
      const list = extraCovered.get(t.id) ?? [];
      list.push(t.score !== undefined ? { score: t.score } : {});
      extraCovered.set(t.id, list);
    }
  }
  const inhouseCovers = (id: string) => counted.byTechnique.has(id) || extraCovered.has(id);
  const inhousePlatforms = profile.platforms.length > 0 ? [...profile.platforms] : unique([...counted.platforms, ...extra.flatMap((s) => s.platforms)]);

  // --- Providers, with ids unique across the report.
  const taken = new Set(['inhouse']);
  const providerIds = input.providers.map((p) => uniqueId(p.idHint, taken));
  const providers: ProviderModel[] = [];
  input.providers.forEach((scope, i) => {
    if (scope.usable) providers.push({ id: providerIds[i]!, scope, byTechnique: new Map(scope.techniques.map((t) => [t.id, t])) });
  });
  const providerCovers = (p: ProviderModel, id: string) => p.byTechnique.get(id)?.covered ?? false;
  const anyCovers = (id: string) => inhouseCovers(id) || providers.some((p) => providerCovers(p, id));

  const telemetry = telemetryReality({
    index,
    universe,
    scanRules,
    isCollected,
    providers,
    inhouse: { platforms: inhousePlatforms },
    anyCovers,
    diagnostics,
  });

  // --- Per technique.
  const threatTechniques = new Set(input.threat?.techniques ?? []);
  interface Row {
    readonly technique: Technique;
    readonly inhouse: boolean;
    readonly any: boolean;
    readonly states: Record<string, CoverageState>;
    readonly state: CoverageState;
    readonly sources: Record<string, SourceCoverage>;
    readonly via: string[];
    readonly mask: string;
    readonly by: string[];
  }
  const rows: Row[] = universe.map((technique) => {
    const id = technique.id;
    const sources: Record<string, SourceCoverage> = {};
    const masks: string[] = [];
    const by: string[] = [];
    const subs = technique.parent === undefined ? index.subtechniques(id).map((s) => s.id) : [];

    const inhouse = inhouseCovers(id);
    const rules = counted.byTechnique.get(id);
    const notCollected = uncounted.byTechnique.get(id);
    const extraScores = (extraCovered.get(id) ?? []).flatMap((e) => (e.score !== undefined ? [e.score] : []));
    const inhouseVia = subs.filter(inhouseCovers);
    sources.inhouse = {
      covered: inhouse,
      ...(rules ? { rules: rules.rules, ruleCount: rules.rules.length } : { ruleCount: 0 }),
      ...(rules?.bestLevel ? { bestLevel: rules.bestLevel } : {}),
      ...(extraScores.length > 0 ? { score: Math.max(...extraScores) } : {}),
      ...(notCollected ? { notCollected: notCollected.rules } : {}),
      ...(inhouseVia.length > 0 ? { via: inhouseVia } : {}),
    };
    if (inhouse) {
      masks.push(profile.hours.mask);
      by.push('inhouse');
    }

    const states: Record<string, CoverageState> = {};
    let anyProvider = false;
    for (const p of providers) {
      const entry = p.byTechnique.get(id);
      const covered = entry?.covered ?? false;
      anyProvider ||= covered;
      states[p.id] = coverageState(inhouse, covered);
      const via = subs.filter((s) => providerCovers(p, s));
      sources[p.id] = providerCoverage(entry, covered, via, telemetry.unbacked[p.id]?.includes(id) ?? false);
      if (covered) {
        masks.push(providerMask(entry!, p.scope));
        by.push(p.id);
      }
    }
    const state = providers.length === 1 ? states[providers[0]!.id]! : coverageState(inhouse, anyProvider);
    const via = subs.filter(anyCovers);
    return { technique, inhouse, any: inhouse || anyProvider, states, state, sources, via, mask: unionMasks(masks), by };
  });

  // --- Priorities for what nobody covers.
  const gaps = rows.filter((r) => !r.any);
  const ranks = rankGaps(
    gaps.map((r) => ({ id: r.technique.id, usedBy: index.usersOf(r.technique.id), profileUsers: input.threat?.usersByTechnique.get(r.technique.id) ?? [], coveredSubtechniques: r.via.length })),
  );
  const outside = new Set(telemetry.outsideAllSources);

  const techniques: TechniqueGap[] = rows.map((r) => {
    const id = r.technique.id;
    const watched = countHours(r.mask);
    const rank = ranks.get(id);
    const usedBy = index.usersOf(id);
    const inProfile = threatTechniques.has(id);
    return {
      id,
      name: r.technique.name,
      tactics: r.technique.tactics,
      platforms: r.technique.platforms,
      ...(r.technique.parent !== undefined ? { parent: r.technique.parent } : {}),
      state: r.state,
      states: r.states,
      sources: r.sources,
      via_subtechniques: r.via,
      hours: { watched, always: watched === HOURS_PER_WEEK, by: r.by },
      ...(rank ? { priority: rank.priority, priorityScore: rank.score } : {}),
      reasons: reasonsFor(r, rank, { inProfile, usedBy, outside: outside.has(id), providers, index, threat: input.threat, watched, notCollected: r.sources.inhouse!.notCollected?.length ?? 0 }),
      inProfile,
      usedBy,
    };
  });

  // --- Summaries.
  const summary = summarizeStates(rows.map((r) => r.state));
  const providerSummaries = Object.fromEntries(providers.map((p) => [p.id, summarizeStates(rows.map((r) => r.states[p.id]!))]));
  const tactics: TacticSummary[] = index.catalog.tactics.map((t) => ({
    id: t.id,
    shortname: t.shortname,
    name: t.name,
    ...summarizeStates(rows.filter((r) => r.technique.tactics.includes(t.shortname)).map((r) => r.state)),
  }));
  const profileRows = rows.filter((r) => threatTechniques.has(r.technique.id));
  const inhouseCount = rows.filter((r) => r.inhouse).length;
  const anyCount = rows.filter((r) => r.any).length;
  const ids = (pred: (r: Row) => boolean) => rows.filter(pred).map((r) => r.technique.id);
  const uniqueByProvider = Object.fromEntries(
    providers.map((p) => [p.id, ids((r) => !r.inhouse && providerCovers(p, r.technique.id) && !providers.some((q) => q !== p && providerCovers(q, r.technique.id)))]),
  );
  const anyProviderCovers = (r: Row) => providers.some((p) => providerCovers(p, r.technique.id));

  // --- Hours of the week.
  const covered = rows.filter((r) => r.any);
  const watchedByHour = Array.from({ length: HOURS_PER_WEEK }, (_, h) => covered.filter((r) => r.mask[h] === '1').length);

  // --- Sources.
  const sourceInfos: SourceInfo[] = [inhouseInfo(input, counted, uncounted, extra, inhousePlatforms, universeIds, diagnostics, index)];
  input.providers.forEach((scope, i) => sourceInfos.push(providerInfo(scope, providerIds[i]!, universeIds, diagnostics, index, platformFilter.length > 0)));

  // --- Rules the report refers to.
  const referenced = new Set<string>();
  for (const r of rows) for (const s of Object.values(r.sources)) for (const k of [...(s.rules ?? []), ...(s.notCollected ?? [])]) referenced.add(k);
  const ruleByKey = new Map<string, RuleRecord>();
  for (const rule of [...scanRules, ...providers.flatMap((p) => p.scope.rules ?? [])]) if (referenced.has(rule.key) && !ruleByKey.has(rule.key)) ruleByKey.set(rule.key, rule);

  for (const s of [...extra, ...input.inhouse.extra.filter((x) => !x.usable), ...input.providers]) diagnostics.push(...s.diagnostics);
  diagnostics.push(...(input.inhouse.scan?.diagnostics ?? []));

  return {
    schema: 'covmap/gaps@1',
    attack: { domain: index.catalog.domain, version: index.catalog.version },
    filters: { platforms: [...platformFilter] },
    sources: sourceInfos,
    ...(input.threat
      ? {
          profile: {
            query: input.threat.query,
            resolved: input.threat.actors,
            techniques: input.threat.techniques,
            inUniverse: profileRows.length,
            summary: summarizeStates(profileRows.map((r) => r.state)),
          },
        }
      : {}),
    summary,
    providers: providerSummaries,
    tactics,
    techniques,
    contract: {
      inhouseCoverage: fraction(inhouseCount, rows.length),
      combinedCoverage: fraction(anyCount, rows.length),
      ...(input.threat
        ? {
            profileInhouseCoverage: fraction(profileRows.filter((r) => r.inhouse).length, profileRows.length),
            profileCombinedCoverage: fraction(profileRows.filter((r) => r.any).length, profileRows.length),
          }
        : {}),
      providerOnly: ids((r) => !r.inhouse && anyProviderCovers(r)),
      coveredTwice: ids((r) => r.inhouse && anyProviderCovers(r)),
      neither: ids((r) => !r.any),
      uniqueByProvider,
    },
    hours: { year: input.year, notAlways: covered.filter((r) => countHours(r.mask) < HOURS_PER_WEEK).map((r) => r.technique.id), watchedByHour },
    telemetry: {
      outsideAllSources: telemetry.outsideAllSources,
      platformsUnknown: [...(inhousePlatforms.length === 0 ? ['inhouse'] : []), ...providers.filter((p) => p.scope.platforms.length === 0).map((p) => p.id)],
      notCollected: telemetry.notCollected,
      notIngested: telemetry.notIngested,
      unbacked: telemetry.unbacked,
    },
    rules: [...ruleByKey.values()].sort((a, b) => compareStrings(a.key, b.key)),
    diagnostics: diagnostics.sort(compareFindings),
  };
}

function providerCoverage(entry: ScopeTechnique | undefined, covered: boolean, via: readonly string[], unbacked: boolean): SourceCoverage {
  if (!entry) return { covered: false, ...(via.length > 0 ? { via } : {}) };
  return {
    covered,
    ...(entry.rules ? { rules: entry.rules, ruleCount: entry.rules.length } : {}),
    ...(entry.bestLevel ? { bestLevel: entry.bestLevel } : {}),
    ...(entry.claims.length > 0
      ? {
          coverage: entry.claims.map((c) => ({
            type: c.type,
            level: c.level,
            ...(c.telemetry ? { telemetry: c.telemetry } : {}),
            ...(c.actions ? { actions: c.actions } : {}),
            ...(c.capability ? { capability: c.capability } : {}),
            ...(c.hours ? { hours: c.hours.schedule } : {}),
          })),
        }
      : {}),
    status: entry.status,
    ...(entry.score !== undefined ? { score: entry.score } : {}),
    ...(entry.comment !== undefined ? { comment: entry.comment } : {}),
    ...(via.length > 0 ? { via } : {}),
    ...(entry.reason !== undefined ? { reason: entry.reason } : {}),
    ...(entry.planned !== undefined ? { planned: entry.planned } : {}),
    ...(entry.evidence ? { evidence: entry.evidence } : {}),
    ...(unbacked ? { unbacked: true } : {}),
  };
}

/** When a provider watches a technique: its detection claims' own hours, else the contract's. */
function providerMask(entry: ScopeTechnique, scope: ScopeSource): string {
  const claims = entry.claims.filter((c) => c.type !== 'protect');
  if (claims.length === 0) return scope.hours.mask;
  return unionMasks(claims.map((c) => c.hours?.mask ?? scope.hours.mask));
}

interface ReasonContext {
  readonly inProfile: boolean;
  readonly usedBy: readonly string[];
  readonly outside: boolean;
  readonly providers: readonly ProviderModel[];
  readonly index: CatalogIndex;
  readonly threat: ThreatProfile | undefined;
  readonly watched: number;
  readonly notCollected: number;
}

/** Why a technique ranks where it does (gaps) or what limits its coverage (covered ones). */
function reasonsFor(
  r: { readonly technique: Technique; readonly any: boolean; readonly via: readonly string[]; readonly by: readonly string[]; readonly sources: Record<string, SourceCoverage> },
  rank: GapRank | undefined,
  ctx: ReasonContext,
): Finding[] {
  const id = r.technique.id;
  const reasons: Finding[] = [];
  if (ctx.inProfile) reasons.push(makeFinding('GAPS_REASON_IN_PROFILE', {}, { actors: [...(ctx.threat?.usersByTechnique.get(id) ?? [])] }));
  if (rank) {
    const groups = ctx.usedBy.filter((u) => u.startsWith('G')).length;
    reasons.push(makeFinding('GAPS_REASON_PREVALENCE', {}, { groups, software: ctx.usedBy.length - groups, rank: rank.prevalenceRank, of: rank.of }));
    if (r.via.length > 0) reasons.push(makeFinding('GAPS_REASON_VIA_SUBTECHNIQUES', {}, { subtechniques: [...r.via] }));
    if (ctx.outside) reasons.push(makeFinding('GAPS_REASON_NO_TELEMETRY', {}, { platforms: [...r.technique.platforms] }));
  }
  if (ctx.notCollected > 0 && !r.sources.inhouse!.covered) reasons.push(makeFinding('GAPS_REASON_RULES_NOT_COLLECTED', {}, { rules: ctx.notCollected }));
  for (const p of ctx.providers) {
    const entry = p.byTechnique.get(id);
    const cov = r.sources[p.id]!;
    if (cov.unbacked) reasons.push(makeFinding('GAPS_REASON_PROVIDER_UNBACKED', {}, { provider: p.id, platforms: [...r.technique.platforms] }));
    if (cov.covered) continue;
    const exclusion = p.scope.exclusions.find((x) => excludes(x, id, ctx.index));
    if (entry?.status === 'excluded' || exclusion) {
      reasons.push(makeFinding('GAPS_REASON_PROVIDER_EXCLUDED', {}, { provider: p.id, reason: entry?.reason ?? exclusion?.reason }));
    } else if (entry?.status === 'roadmap') {
      reasons.push(makeFinding('GAPS_REASON_PROVIDER_ROADMAP', {}, { provider: p.id, planned: entry.planned }));
    } else if (entry && entry.claims.length > 0 && entry.claims.every((c) => c.type === 'protect')) {
      reasons.push(makeFinding('GAPS_REASON_PROTECT_ONLY', {}, { provider: p.id, capabilities: unique(entry.claims.flatMap((c) => (c.capability ? [c.capability] : []))) }));
    }
  }
  if (r.any && ctx.watched < HOURS_PER_WEEK) reasons.push(makeFinding('GAPS_REASON_NOT_24X7', {}, { watched: ctx.watched, by: [...r.by] }));
  return reasons;
}

function inhouseInfo(
  input: GapAnalysisInput,
  counted: ReturnType<typeof ruleCoverage>,
  uncounted: ReturnType<typeof ruleCoverage>,
  extra: readonly ScopeSource[],
  platforms: readonly string[],
  universeIds: ReadonlySet<string>,
  diagnostics: Finding[],
  index: CatalogIndex,
): SourceInfo {
  const { inhouse } = input;
  const scan = inhouse.scan;
  const hours = inhouse.profile.hours;
  const coveredIds = unique([...counted.byTechnique.keys(), ...extra.flatMap((s) => s.techniques.filter((t) => t.covered).map((t) => t.id))]);
  const inUniverse = coveredIds.filter((id) => universeIds.has(id)).length;
  const name = inhouse.name ?? 'In-house';
  noteOutsideUniverse(name, coveredIds, universeIds, index, (input.platforms ?? []).length > 0, diagnostics);
  const kinds = [...(scan ? ['sigma'] : []), ...inhouse.extra.map((s) => s.kind)];
  const notCollectedRules = new Set([...uncounted.byTechnique.values()].flatMap((c) => c.rules)).size;
  const notIncluded = (scan?.rules ?? []).filter((r) => !r.included).length;
  return {
    id: 'inhouse',
    side: 'inhouse',
    name,
    kind: unique(kinds).join('+') || 'none',
    inputs: [...inhouse.inputs],
    hoursPerWeek: hours.hoursPerWeek,
    always: hours.always,
    weekMask: hours.mask,
    platforms: [...platforms],
    ...(scan ? { files: scan.files } : {}),
    schedule: hours.schedule,
    hoursDeclared: hours.declared,
    platformsDeclared: inhouse.profile.platforms.length > 0,
    usable: true,
    counts: {
      entries: (scan?.rules.length ?? 0) + extra.reduce((n, s) => n + s.entries, 0),
      techniques: coveredIds.length,
      covered: coveredIds.length,
      coveredInUniverse: inUniverse,
      ignored: { ...(notCollectedRules ? { notCollected: notCollectedRules } : {}), ...(notIncluded ? { belowMinimums: notIncluded } : {}) },
    },
  };
}

function providerInfo(scope: ScopeSource, id: string, universeIds: ReadonlySet<string>, diagnostics: Finding[], index: CatalogIndex, filtered: boolean): SourceInfo {
  const coveredIds = scope.techniques.filter((t) => t.covered).map((t) => t.id);
  if (scope.usable) noteOutsideUniverse(id, coveredIds, universeIds, index, filtered, diagnostics);
  return {
    id,
    side: 'provider',
    name: scope.name,
    kind: scope.kind,
    inputs: [scope.file],
    hoursPerWeek: scope.hours.hoursPerWeek,
    always: scope.hours.always,
    weekMask: scope.hours.mask,
    platforms: [...scope.platforms],
    ...(scope.files ? { files: scope.files } : {}),
    schedule: scope.hours.schedule,
    hoursDeclared: scope.hours.declared,
    platformsDeclared: scope.platforms.length > 0,
    usable: scope.usable,
    ...(scope.attack ? { attack: scope.attack } : {}),
    ...(scope.contract ? { contract: scope.contract } : {}),
    ...(scope.sla ? { sla: scope.sla } : {}),
    ...(scope.responseActions.length > 0 ? { responseActions: scope.responseActions } : {}),
    ...(scope.telemetry.length > 0
      ? { telemetry: scope.telemetry.map((t) => ({ id: t.id, type: t.type, ...(t.name !== undefined ? { name: t.name } : {}), platforms: t.platforms, logsources: t.logsources })) }
      : {}),
    ...(scope.exclusions.length > 0 ? { exclusions: scope.exclusions.map((x) => ({ techniques: x.techniques, platforms: x.platforms, tactics: x.tactics, reason: x.reason })) } : {}),
    counts: {
      entries: scope.entries,
      techniques: scope.techniques.length,
      covered: coveredIds.length,
      coveredInUniverse: coveredIds.filter((t) => universeIds.has(t)).length,
      ignored: scope.ignored,
    },
  };
}

function noteOutsideUniverse(
  source: string,
  coveredIds: readonly string[],
  universeIds: ReadonlySet<string>,
  index: CatalogIndex,
  filtered: boolean,
  diagnostics: Finding[],
): void {
  const outside = coveredIds.filter((id) => !universeIds.has(id));
  if (outside.length === 0) return;
  const deprecated = outside.filter((id) => index.technique(id)?.deprecated).length;
  diagnostics.push(
    makeFinding('GAPS_OUTSIDE_UNIVERSE', {}, { source, count: outside.length, deprecated, filtered: filtered ? outside.length - deprecated : 0 }),
  );
}

function uniqueId(hint: string, taken: Set<string>): string {
  let id = hint;
  for (let n = 2; taken.has(id); n++) id = `${hint}-${n}`;
  taken.add(id);
  return id;
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)].sort();
}
