import type { CoverageState, SourceCoverage } from '../../core/gaps/gap-report.js';
import { NONE, type TechniqueNode, type ViewModel } from './view-model.js';
import { ALL_PROVIDERS, type ViewSettings } from './view-settings.js';

/** A provider's declared coverage of one technique, as one ordered category. */
export type ProviderLevel = 'significant' | 'partial' | 'minimal' | 'covered' | 'protect' | 'roadmap' | 'excluded' | 'none';
const LEVEL_RANK: Record<ProviderLevel, number> = { significant: 7, partial: 6, minimal: 5, covered: 4, protect: 3, roadmap: 2, excluded: 1, none: 0 };

export interface TechniqueView {
  /** Passes every filter itself (a parent may still be drawn, dimmed, for a matching child). */
  readonly match: boolean;
  /** Distinct rules of in-house sources that cover it and pass the rule filters. */
  readonly inhouseRules: number;
  /** Highest in-house `score` in the report (absent when no in-house source has one). */
  readonly inhouseScore: number | undefined;
  readonly inhouse: boolean;
  /** Covered by the target provider (any provider for ALL_PROVIDERS). */
  readonly provider: boolean;
  readonly state: CoverageState;
  readonly level: ProviderLevel;
  readonly watched: number;
  readonly always: boolean;
}

export interface TacticCoverage {
  readonly total: number;
  readonly inhouse: number;
  readonly combined: number;
}

export interface ViewState {
  readonly techniques: ReadonlyMap<string, TechniqueView>;
  /** Per column: techniques and sub-techniques matching the filters, and how many are covered. */
  readonly tactics: ReadonlyMap<string, TacticCoverage>;
  /** Over distinct matching techniques in the selected tactics. */
  readonly totals: TacticCoverage & Readonly<Record<CoverageState, number>>;
  readonly maxRules: number;
  readonly maxScore: number;
  /** True when the rule filters exclude something, so coverage was recomputed from the rules. */
  readonly rulesFiltered: boolean;
}

export function computeView(model: ViewModel, settings: ViewSettings): ViewState {
  const rulesFiltered = settings.statuses.size < model.statuses.length || settings.levels.size < model.levels.length;
  const allowed = (key: string): boolean => {
    const rule = model.rules.get(key);
    // A rule key the report does not describe cannot be judged by status or level: keep it.
    if (!rule) return true;
    return settings.statuses.has(rule.status ?? NONE) && settings.levels.has(rule.level ?? NONE);
  };
  const sourceCovered = (c: SourceCoverage | undefined): boolean => {
    if (!c) return false;
    if (rulesFiltered && c.rules) return c.rules.some(allowed);
    return c.covered;
  };
  const targets = settings.target === ALL_PROVIDERS ? model.providers : model.providers.filter((p) => p.id === settings.target);
  const reportHours = !rulesFiltered && settings.target === ALL_PROVIDERS;
  const masks = new Map(model.sources.map((s) => [s.id, s.weekMask]));
  const search = settings.search.trim().toLowerCase();
  const profile = profileSet(model, settings.profile);

  const techniques = new Map<string, TechniqueView>();
  let maxRules = 0;
  let maxScore = 0;
  for (const t of model.techniques) {
    const keys = new Set<string>();
    let inhouse = false;
    let inhouseScore: number | undefined;
    const watchers: string[] = [];
    for (const s of model.inhouse) {
      const c = t.sources[s.id];
      for (const k of c?.rules ?? []) if (allowed(k)) keys.add(k);
      if (c?.score !== undefined) inhouseScore = Math.max(inhouseScore ?? 0, c.score);
      if (sourceCovered(c)) {
        inhouse = true;
        watchers.push(s.id);
      }
    }
    let provider = false;
    let level: ProviderLevel = 'none';
    for (const p of targets) {
      const c = t.sources[p.id];
      const covered = sourceCovered(c);
      if (covered) {
        provider = true;
        watchers.push(p.id);
      }
      const l = providerLevel(c, covered);
      if (LEVEL_RANK[l] > LEVEL_RANK[level]) level = l;
    }
    const computed = stateOf(inhouse, provider);
    // Without rule filters the report's own state is the truth; the page never second-guesses it.
    const reported = settings.target === ALL_PROVIDERS ? t.state : t.states[settings.target];
    const state = !rulesFiltered && reported ? reported : computed;
    const hours = reportHours ? { watched: t.hours.watched, always: t.hours.always } : watchedHours(watchers, masks);
    maxRules = Math.max(maxRules, keys.size);
    if (inhouseScore !== undefined) maxScore = Math.max(maxScore, inhouseScore);
    techniques.set(t.id, {
      match: matches(t, settings, search, profile, sourceCovered),
      inhouseRules: keys.size,
      inhouseScore,
      inhouse: rulesFiltered ? inhouse : state === 'both' || state === 'inhouse-only',
      provider: rulesFiltered ? provider : state === 'both' || state === 'provider-only',
      state,
      level,
      watched: hours.watched,
      always: hours.always,
    });
  }

  const tactics = new Map<string, TacticCoverage>();
  for (const column of model.tactics) {
    const acc = { total: 0, inhouse: 0, combined: 0 };
    for (const top of model.columns.get(column.shortname) ?? []) {
      for (const t of [top, ...top.children]) add(acc, techniques.get(t.id)!);
    }
    tactics.set(column.shortname, acc);
  }
  const totals = { total: 0, inhouse: 0, combined: 0, both: 0, 'inhouse-only': 0, 'provider-only': 0, neither: 0 };
  for (const t of model.techniques) {
    const v = techniques.get(t.id)!;
    if (!v.match || !inSelectedTactic(t, settings)) continue;
    add(totals, v);
    totals[v.state]++;
  }
  return { techniques, tactics, totals, maxRules, maxScore, rulesFiltered };
}

function add(acc: { total: number; inhouse: number; combined: number }, v: TechniqueView): void {
  if (!v.match) return;
  acc.total++;
  if (v.inhouse) acc.inhouse++;
  if (v.inhouse || v.provider) acc.combined++;
}

export function stateOf(inhouse: boolean, provider: boolean): CoverageState {
  return inhouse ? (provider ? 'both' : 'inhouse-only') : provider ? 'provider-only' : 'neither';
}

/** Detection coverage ranks by its best declared level; `protect` alone is not detection. */
export function providerLevel(c: SourceCoverage | undefined, covered: boolean): ProviderLevel {
  if (!c) return 'none';
  const entries = c.coverage ?? [];
  if (covered) {
    let best: ProviderLevel = 'covered';
    for (const e of entries) {
      if (e.type === 'protect') continue;
      if (LEVEL_RANK[e.level] > LEVEL_RANK[best]) best = e.level;
    }
    return best;
  }
  if (c.status === 'roadmap') return 'roadmap';
  if (c.status === 'excluded') return 'excluded';
  if (entries.length > 0 && entries.every((e) => e.type === 'protect')) return 'protect';
  return 'none';
}

/** Hours of the week at least one covering source watches (union of their week masks). */
function watchedHours(sourceIds: readonly string[], masks: ReadonlyMap<string, string>): { watched: number; always: boolean } {
  let watched = 0;
  for (let h = 0; h < 168; h++) {
    if (sourceIds.some((id) => (masks.get(id) ?? '')[h] === '1')) watched++;
  }
  return { watched, always: watched === 168 };
}

function matches(
  t: TechniqueNode,
  s: ViewSettings,
  search: string,
  profile: ReadonlySet<string> | undefined,
  sourceCovered: (c: SourceCoverage | undefined) => boolean,
): boolean {
  if (t.platforms.length > 0 && !t.platforms.some((p) => s.platforms.has(p))) return false;
  if (!inSelectedTactic(t, s)) return false;
  if (s.source && sourceCovered(t.sources[s.source.id]) !== s.source.covered) return false;
  if (profile && !profile.has(t.id)) return false;
  if (search && !t.searchText.includes(search)) return false;
  return true;
}

function inSelectedTactic(t: TechniqueNode, s: ViewSettings): boolean {
  return t.columns.some((c) => s.tactics.has(c));
}

function profileSet(model: ViewModel, profile: string | null): ReadonlySet<string> | undefined {
  if (profile === null) return undefined;
  if (profile === 'report') return model.profileTechniques;
  return model.actorTechniques.get(profile) ?? new Set();
}
