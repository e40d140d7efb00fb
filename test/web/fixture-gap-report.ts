import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AttackDomain, Catalog } from '../../core/attack/catalog.js';
import { CatalogIndex } from '../../core/attack/catalog-index.js';
import type { CoverageLevel, CoverageState, CoverageSummary, CoverageType, GapReport, SourceCoverage, SourceInfo, TechniqueGap } from '../../core/gaps/gap-report.js';
import type { RuleRecord } from '../../core/scan/scan-report.js';
import type { Finding } from '../../core/findings/finding.js';

/**
 * Builds a GapReport for the web tests from a small declarative scenario and the REAL embedded
 * ATT&CK catalog: the universe is the catalog's active techniques for the scenario's platforms,
 * so the matrix the page draws is the real one. It stands in for `covmap gaps` (which the web
 * view does not own) with the plainest possible semantics, written out here so tests can compute
 * expected counts independently of the page.
 */
export interface WebScenario {
  readonly domain?: AttackDomain;
  readonly platforms?: readonly string[];
  readonly inhouse: { readonly name: string; readonly hours: 'business' | '24x7' };
  readonly providers: readonly {
    readonly id: string;
    readonly name: string;
    readonly hours: 'business' | '24x7';
    readonly techniques: readonly {
      readonly id: string;
      readonly type?: CoverageType;
      readonly level?: CoverageLevel;
      readonly status?: 'in-scope' | 'excluded' | 'roadmap';
      readonly telemetry?: readonly string[];
      readonly comment?: string;
    }[];
  }[];
  readonly rules: readonly {
    readonly file: string;
    readonly title: string;
    readonly level?: string;
    readonly status?: string;
    readonly techniques: readonly string[];
    readonly description?: string;
  }[];
  readonly profile?: readonly string[];
  readonly diagnostics?: readonly Finding[];
}

export function loadCatalogForTests(domain: AttackDomain = 'enterprise-attack'): Catalog {
  return JSON.parse(readFileSync(resolve(import.meta.dirname, `../../data/attack/${domain}-18.1.json`), 'utf8')) as Catalog;
}

/** A scenario of test/fixtures/web-model-scenarios/ (the model tests' controlled inputs). */
export function loadScenario(name: string): WebScenario {
  return JSON.parse(readFileSync(resolve(import.meta.dirname, `../fixtures/web-model-scenarios/${name}.json`), 'utf8')) as WebScenario;
}

const BUSINESS = Array.from({ length: 168 }, (_, h) => (Math.floor(h / 24) < 5 && h % 24 >= 8 && h % 24 < 18 ? '1' : '0')).join('');
const ALWAYS = '1'.repeat(168);

export function buildFixtureGapReport(scenario: WebScenario, catalog: Catalog = loadCatalogForTests(scenario.domain)): GapReport {
  const index = new CatalogIndex(catalog);
  const platforms = scenario.platforms ?? [];
  const universe = index.activeTechniques({ platforms });
  const inUniverse = new Set(universe.map((t) => t.id));

  const rules: RuleRecord[] = scenario.rules.map((r) => ({
    key: r.file,
    file: r.file,
    line: 1,
    column: 1,
    kind: 'detection',
    title: r.title,
    ...(r.status !== undefined ? { status: r.status } : {}),
    ...(r.level !== undefined ? { level: r.level } : {}),
    ...(r.description !== undefined ? { description: r.description } : {}),
    tags: r.techniques.map((t, i) => ({ value: `attack.${t.toLowerCase()}`, line: 10 + i, column: 7 })),
    techniques: [...r.techniques].sort(),
    tactics: [],
    coverageFrom: 'tags',
    included: true,
  }));

  const sources: SourceInfo[] = [
    source('inhouse', 'inhouse', scenario.inhouse.name, 'sigma', scenario.inhouse.hours, platforms),
    ...scenario.providers.map((p) => source(p.id, 'provider', p.name, 'covmap-scope', p.hours, platforms)),
  ];
  const masks = new Map(sources.map((s) => [s.id, s.weekMask]));
  const profileTechniques = new Set(index.profileTechniques((scenario.profile ?? []).flatMap((q) => index.findActors(q).map((a) => a.id))));

  const techniques: (TechniqueGap & { via_subtechniques: string[] })[] = universe.map((t) => {
    const ruleKeys = rules.filter((r) => r.techniques.includes(t.id)).map((r) => r.key);
    const levels = rules.filter((r) => ruleKeys.includes(r.key)).map((r) => r.level ?? '');
    const cover: Record<string, SourceCoverage> = {
      inhouse: {
        covered: ruleKeys.length > 0,
        rules: ruleKeys,
        ruleCount: ruleKeys.length,
        ...(levels.length > 0 ? { bestLevel: bestLevel(levels) } : {}),
      },
    };
    const states: Record<string, CoverageState> = {};
    let anyProvider = false;
    for (const p of scenario.providers) {
      const entries = p.techniques.filter((e) => e.id === t.id);
      const status = entries[0]?.status ?? 'in-scope';
      const detection = entries.filter((e) => (e.type ?? 'detect') !== 'protect');
      const covered = status === 'in-scope' && detection.length > 0;
      cover[p.id] = {
        covered,
        ...(entries.length > 0
          ? {
              coverage: entries.map((e) => ({ type: e.type ?? 'detect', level: e.level ?? 'partial', ...(e.telemetry ? { telemetry: e.telemetry } : {}) })),
              status,
            }
          : {}),
        ...(entries.find((e) => e.comment) ? { comment: entries.find((e) => e.comment)!.comment! } : {}),
      };
      states[p.id] = stateOf(cover.inhouse!.covered, covered);
      anyProvider ||= covered;
    }
    const by = Object.entries(cover)
      .filter(([, c]) => c.covered)
      .map(([id]) => id);
    let watched = 0;
    for (let h = 0; h < 168; h++) if (by.some((id) => masks.get(id)![h] === '1')) watched++;
    return {
      id: t.id,
      name: t.name,
      tactics: t.tactics,
      platforms: t.platforms,
      ...(t.parent ? { parent: t.parent } : {}),
      state: stateOf(cover.inhouse!.covered, anyProvider),
      states,
      sources: cover,
      via_subtechniques: [],
      hours: { watched, always: watched === 168, by },
      reasons: [],
      inProfile: profileTechniques.has(t.id),
      usedBy: index.usersOf(t.id),
    };
  });
  // A parent lists its covered children; its own state stays direct-only.
  for (const t of techniques) {
    if (t.parent) continue;
    t.via_subtechniques = techniques
      .filter((c) => c.parent === t.id && c.state !== 'neither')
      .map((c) => c.id);
  }
  // Gap priority: profile first, then prevalence (how many groups and software use it).
  const gaps = techniques.filter((t) => t.state === 'neither').sort((a, b) => Number(b.inProfile) - Number(a.inProfile) || b.usedBy.length - a.usedBy.length || (a.id < b.id ? -1 : 1));
  gaps.forEach((t, i) => ((t as { priority?: number }).priority = i + 1));

  const summary = summarize(techniques);
  const providers = Object.fromEntries(scenario.providers.map((p) => [p.id, summarize(techniques, p.id)]));
  const tactics = catalog.tactics.map((tac) => ({ id: tac.id, shortname: tac.shortname, name: tac.name, ...summarize(techniques.filter((t) => t.tactics.includes(tac.shortname))) }));
  const covered = (t: TechniqueGap) => t.state !== 'neither';
  const profileList = techniques.filter((t) => t.inProfile);
  return {
    schema: 'covmap/gaps@1',
    attack: { domain: catalog.domain, version: catalog.version },
    filters: { platforms },
    sources,
    ...(scenario.profile
      ? {
          profile: {
            query: scenario.profile,
            resolved: scenario.profile.flatMap((q) => index.findActors(q).map((a) => ({ id: a.id, name: a.name, type: a.kind }))),
            techniques: [...profileTechniques].sort(),
            inUniverse: [...profileTechniques].filter((id) => inUniverse.has(id)).length,
            summary: summarize(profileList),
          },
        }
      : {}),
    summary,
    providers,
    tactics,
    techniques,
    contract: {
      inhouseCoverage: frac(techniques.filter((t) => t.state === 'both' || t.state === 'inhouse-only').length, techniques.length),
      combinedCoverage: frac(techniques.filter(covered).length, techniques.length),
      providerOnly: techniques.filter((t) => t.state === 'provider-only').map((t) => t.id),
      coveredTwice: techniques.filter((t) => t.state === 'both').map((t) => t.id),
      neither: techniques.filter((t) => t.state === 'neither').map((t) => t.id),
      uniqueByProvider: Object.fromEntries(
        scenario.providers.map((p) => [p.id, techniques.filter((t) => t.sources[p.id]!.covered && !t.sources.inhouse!.covered && scenario.providers.every((q) => q.id === p.id || !t.sources[q.id]!.covered)).map((t) => t.id)]),
      ),
    },
    hours: {
      year: 2026,
      notAlways: techniques.filter((t) => t.state !== 'neither' && !t.hours.always).map((t) => t.id),
      watchedByHour: Array.from({ length: 168 }, (_, h) => techniques.filter((t) => t.hours.by.some((id) => masks.get(id)![h] === '1')).length),
    },
    telemetry: { outsideAllSources: [], platformsUnknown: [], notCollected: [], notIngested: {}, unbacked: {} },
    rules,
    diagnostics: scenario.diagnostics ?? [],
  };
}

function source(id: string, side: 'inhouse' | 'provider', name: string, kind: string, hours: 'business' | '24x7', platforms: readonly string[]): SourceInfo {
  const mask = hours === '24x7' ? ALWAYS : BUSINESS;
  return {
    id,
    side,
    name,
    kind,
    inputs: [],
    hoursPerWeek: [...mask].filter((c) => c === '1').length,
    always: hours === '24x7',
    weekMask: mask,
    platforms,
    schedule: hours === '24x7' ? '24x7' : 'Mon-Fri 08:00-18:00 UTC',
    hoursDeclared: true,
    platformsDeclared: platforms.length > 0,
    usable: true,
    counts: { entries: 0, techniques: 0, covered: 0, coveredInUniverse: 0, ignored: {} },
  };
}

function stateOf(inhouse: boolean, provider: boolean): CoverageState {
  return inhouse ? (provider ? 'both' : 'inhouse-only') : provider ? 'provider-only' : 'neither';
}

function summarize(list: readonly TechniqueGap[], provider?: string): CoverageSummary {
  const s = { universe: list.length, both: 0, inhouse_only: 0, provider_only: 0, neither: 0 };
  for (const t of list) {
    const state = provider ? t.states[provider]! : t.state;
    if (state === 'both') s.both++;
    else if (state === 'inhouse-only') s.inhouse_only++;
    else if (state === 'provider-only') s.provider_only++;
    else s.neither++;
  }
  return s;
}

function bestLevel(levels: readonly string[]): string {
  const order = ['informational', 'low', 'medium', 'high', 'critical'];
  return levels.reduce((best, l) => (order.indexOf(l) > order.indexOf(best) ? l : best), levels[0]!);
}

function frac(n: number, d: number): number {
  return d === 0 ? 0 : n / d;
}
