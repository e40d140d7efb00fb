import type { CoverageState, SourceCoverage, SourceInfo, TechniqueGap } from '../../core/gaps/gap-report.js';
import type { GapActor } from '../../core/gaps/gap-matrix.js';
import type { Finding } from '../../core/findings/finding.js';
import { compareStrings } from '../../core/compare-strings.js';
import type { Tactic } from '../../core/attack/catalog.js';
import { SIGMA_LEVELS, SIGMA_STATUSES } from '../../core/sigma/sigma-vocabulary.js';
import type { ViewReport, ViewRule, ViewTechnique } from './view-report.js';

/** One tactic column of the matrix: an ATT&CK tactic (or OTHER_TACTIC). */
export type TacticColumn = Tactic;

/** A technique or sub-technique of the universe, with its gap data normalised. */
export interface TechniqueNode {
  readonly id: string;
  readonly name: string;
  readonly tactics: readonly string[];
  /** The matrix columns it is drawn in (a sub-technique: its parent's). */
  readonly columns: readonly string[];
  readonly platforms: readonly string[];
  readonly parent?: TechniqueNode;
  /** Sub-techniques in the universe, sorted by name as ATT&CK's own matrix shows them. */
  readonly children: TechniqueNode[];
  readonly state: CoverageState;
  readonly states: Readonly<Record<string, CoverageState>>;
  readonly sources: Readonly<Record<string, SourceCoverage>>;
  readonly viaSubtechniques: readonly string[];
  readonly hours: TechniqueGap['hours'];
  readonly priority?: number;
  readonly reasons: readonly Finding[];
  readonly inProfile: boolean;
  readonly usedBy: readonly string[];
  readonly url: string;
  /** Lower-case "t1059.001 powershell" for the search box. */
  readonly searchText: string;
}

export interface ViewModel {
  readonly report: ViewReport;
  readonly domain: string;
  readonly version: string;
  readonly tactics: readonly TacticColumn[];
  /** Every technique and sub-technique of the universe, sorted by ID. */
  readonly techniques: readonly TechniqueNode[];
  readonly byId: ReadonlyMap<string, TechniqueNode>;
  /** Top-level techniques of each column (by tactic shortname), sorted by name. */
  readonly columns: ReadonlyMap<string, readonly TechniqueNode[]>;
  readonly rules: ReadonlyMap<string, ViewRule>;
  readonly sources: readonly SourceInfo[];
  readonly inhouse: readonly SourceInfo[];
  readonly providers: readonly SourceInfo[];
  readonly platforms: readonly string[];
  /** Rule statuses and levels present in the report, in Sigma's order; NONE for rules without one. */
  readonly statuses: readonly string[];
  readonly levels: readonly string[];
  readonly actors: ReadonlyMap<string, GapActor>;
  /** Techniques each group or software uses (from usedBy), and each campaign (from the matrix). */
  readonly actorTechniques: ReadonlyMap<string, ReadonlySet<string>>;
  readonly profileTechniques: ReadonlySet<string>;
  /** Things the page could not use as given, shown in the status line (never silently dropped). */
  readonly notes: readonly string[];
}

export const NONE = '(none)';
/** Filters list the most mature status and the most severe level first. */
const STATUS_ORDER = [...SIGMA_STATUSES].reverse();
const LEVEL_ORDER = [...SIGMA_LEVELS].reverse();
/** Used when a technique lands in no known tactic, so that nothing in the report goes undrawn. */
export const OTHER_TACTIC: TacticColumn = { id: '', shortname: '(other)', name: 'Other' };

export function buildViewModel(report: ViewReport): ViewModel {
  const notes: string[] = [];
  const tactics = tacticColumns(report);
  const known = new Set(tactics.map((t) => t.shortname));

  const raw = [...report.techniques].sort((a, b) => compareStrings(a.id, b.id));
  const byId = new Map<string, TechniqueNode>();
  const mutable = new Map<string, { -readonly [K in keyof TechniqueNode]: TechniqueNode[K] }>();
  for (const t of raw) {
    if (mutable.has(t.id)) {
      notes.push(`technique ${t.id} is listed twice; the first entry is shown`);
      continue;
    }
    mutable.set(t.id, normalise(t, report.rules ?? []));
  }
  for (const node of mutable.values()) {
    const parentId = node.id.includes('.') ? node.id.slice(0, node.id.indexOf('.')) : undefined;
    const parent = parentId ? mutable.get(parentId) : undefined;
    if (parent) {
      node.parent = parent;
      parent.children.push(node);
    }
    byId.set(node.id, node);
  }
  for (const node of mutable.values()) node.children.sort(byName);

  const columns = new Map<string, TechniqueNode[]>(tactics.map((t) => [t.shortname, []]));
  let other = false;
  for (const node of mutable.values()) {
    if (node.parent) continue;
    const mine = node.tactics.filter((t) => known.has(t));
    if (mine.length === 0) {
      other = true;
      if (!columns.has(OTHER_TACTIC.shortname)) columns.set(OTHER_TACTIC.shortname, []);
      columns.get(OTHER_TACTIC.shortname)!.push(node);
    }
    for (const t of mine) columns.get(t)!.push(node);
    node.columns = mine.length > 0 ? mine : [OTHER_TACTIC.shortname];
  }
  for (const node of mutable.values()) if (node.parent) node.columns = node.parent.columns;
  for (const list of columns.values()) list.sort(byName);
  if (other) notes.push('some techniques name no tactic of this matrix; they are shown in the "Other" column');

  const rules = new Map<string, ViewRule>();
  for (const r of report.rules ?? []) rules.set(r.key, r);

  const platformSet = new Set<string>();
  for (const node of byId.values()) for (const p of node.platforms) platformSet.add(p);
  // A report computed for some platforms offers exactly those (spelt as ATT&CK spells them):
  // offering macOS in a Windows+Linux report would only show techniques that also run there.
  const asked = report.filters?.platforms ?? [];
  const platforms =
    asked.length > 0
      ? [...new Set(asked.map((p) => [...platformSet].find((q) => q.toLowerCase() === p.toLowerCase()) ?? p))]
      : [...platformSet];

  const statuses = ordered(new Set([...rules.values()].map((r) => r.status ?? NONE)), STATUS_ORDER);
  const levels = ordered(new Set([...rules.values()].map((r) => r.level ?? NONE)), LEVEL_ORDER);

  const actors = new Map<string, GapActor>(Object.entries(report.matrix?.actors ?? {}));
  const actorTechniques = new Map<string, Set<string>>();
  for (const node of byId.values()) {
    for (const user of node.usedBy) {
      let set = actorTechniques.get(user);
      if (!set) actorTechniques.set(user, (set = new Set()));
      set.add(node.id);
    }
  }
  for (const [id, actor] of actors) {
    if (actor.techniques) actorTechniques.set(id, new Set(actor.techniques));
  }
  if (!report.matrix) notes.push('this report has no matrix section: group and software names are shown as IDs');

  const profileTechniques = new Set<string>(report.profile?.techniques ?? []);
  for (const node of byId.values()) if (node.inProfile) profileTechniques.add(node.id);

  const sources = report.sources ?? [];
  return {
    report,
    domain: report.attack.domain,
    version: report.attack.version,
    tactics: other ? [...tactics, OTHER_TACTIC] : tactics,
    techniques: [...byId.values()],
    byId,
    columns,
    rules,
    sources,
    inhouse: sources.filter((s) => s.side === 'inhouse'),
    providers: sources.filter((s) => s.side === 'provider'),
    platforms: platforms.sort((a, b) => compareStrings(a.toLowerCase(), b.toLowerCase())),
    statuses,
    levels,
    actors,
    actorTechniques,
    profileTechniques,
    notes,
  };
}

/** The matrix section's tactics when present, else the report's per-tactic summary order. */
function tacticColumns(report: ViewReport): TacticColumn[] {
  if (report.matrix && report.matrix.tactics.length > 0) return report.matrix.tactics.map((t) => ({ ...t }));
  const seen = new Set<string>();
  const out: TacticColumn[] = [];
  for (const t of report.tactics ?? []) {
    if (seen.has(t.shortname)) continue;
    seen.add(t.shortname);
    out.push({ id: t.id, shortname: t.shortname, name: t.name });
  }
  // Tactics only techniques mention, in the order they first appear (ATT&CK lists them in matrix order).
  for (const t of report.techniques) {
    for (const s of t.tactics) {
      if (seen.has(s)) continue;
      seen.add(s);
      out.push({ id: '', shortname: s, name: titleCase(s) });
    }
  }
  return out;
}

function normalise(t: ViewTechnique, rules: readonly ViewRule[]): { -readonly [K in keyof TechniqueNode]: TechniqueNode[K] } {
  return {
    id: t.id,
    name: t.name,
    tactics: t.tactics,
    columns: [],
    platforms: t.platforms ?? [],
    children: [],
    state: t.state ?? 'neither',
    states: t.states ?? {},
    sources: resolveRuleRefs(t.sources ?? {}, rules),
    viaSubtechniques: t.via_subtechniques ?? [],
    hours: t.hours ?? { watched: 0, always: false, by: [] },
    ...(t.priority !== undefined ? { priority: t.priority } : {}),
    reasons: t.reasons ?? [],
    inProfile: t.inProfile ?? false,
    usedBy: t.usedBy ?? [],
    url: attackUrl(t.id),
    searchText: `${t.id} ${t.name}`.toLowerCase(),
  };
}

/** The slim form's rule positions back to rule keys, so the rest of the page sees one shape. */
function resolveRuleRefs(sources: ViewTechnique['sources'], rules: readonly ViewRule[]): Record<string, SourceCoverage> {
  const out: Record<string, SourceCoverage> = {};
  for (const [id, c] of Object.entries(sources)) {
    if (!c.ruleRefs) {
      out[id] = c;
      continue;
    }
    const { ruleRefs, ...rest } = c;
    const keys = ruleRefs.map((i) => rules[i]?.key).filter((k): k is string => k !== undefined);
    out[id] = { ...rest, rules: [...(c.rules ?? []), ...keys] };
  }
  return out;
}

/** ATT&CK's page for a technique: sub-technique IDs become a path segment (T1059/001). */
export function attackUrl(id: string): string {
  return `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;
}

function ordered(present: Set<string>, order: readonly string[]): string[] {
  const known = order.filter((x) => present.has(x));
  const rest = [...present].filter((x) => !order.includes(x) && x !== NONE).sort();
  return [...known, ...rest, ...(present.has(NONE) ? [NONE] : [])];
}

function byName(a: TechniqueNode, b: TechniqueNode): number {
  return compareStrings(a.name.toLowerCase(), b.name.toLowerCase()) || compareStrings(a.id, b.id);
}

function titleCase(shortname: string): string {
  return shortname.replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => `${sep ? ' ' : ''}${c.toUpperCase()}`);
}
