import type { CatalogIndex } from '../attack/catalog-index.js';
import type { FindingLocation } from '../findings/finding.js';
import type { ScanReport } from '../scan/scan-report.js';
import type { CheckReport, ProfileCoverage, TopGap } from './check-report.js';
import { coverageFigure } from './coverage-figure.js';
import { ruleLocation } from './rule-location.js';

export interface CoverageScope {
  /** Universe filter (ATT&CK platform names, any case); empty: all platforms. */
  readonly platforms: readonly string[];
  readonly subtechniques: boolean;
  /** The threat profile, resolved to ATT&CK actors. */
  readonly profile?: { readonly query: readonly string[]; readonly actorIds: readonly string[] };
}

export interface MeasuredCoverage {
  readonly coverage: CheckReport['coverage'];
  /** Profile techniques inside the universe (sorted), for the baseline and the regression diff. */
  readonly profileTechniques?: readonly string[];
  readonly coveredTechniques: readonly { readonly id: string; readonly name: string; readonly rules: number; readonly location?: FindingLocation }[];
}

const TOP_GAPS = 25;

/**
 * The in-house side of the gap analysis, for a check: the universe is the domain's active
 * techniques (and sub-techniques) on the configured platforms, as in `covmap gaps`; a technique
 * is covered when at least one counted rule maps to it directly (a parent is never covered
 * through its sub-techniques). Per tactic, a technique counts under the tactics the scan counted
 * it under (all of ATT&CK's, or only tagged ones with `scan.tactics: tagged`). Uncovered
 * techniques rank as gaps by threat-profile membership, then by how many ATT&CK groups and
 * software use them.
 */
export function measureCoverage(scan: ScanReport, index: CatalogIndex, scope: CoverageScope): MeasuredCoverage {
  const universe = index.activeTechniques({ platforms: scope.platforms, subtechniques: scope.subtechniques });
  const scanned = new Map(scan.techniques.filter((t) => t.rules.length > 0).map((t) => [t.id, t]));
  const ruleByKey = new Map(scan.rules.map((r) => [r.key, r]));

  const profileSet = scope.profile ? new Set(index.profileTechniques(scope.profile.actorIds)) : undefined;
  let covered = 0;
  let profileTotal = 0;
  let profileCovered = 0;
  const tacticTotals = new Map(index.catalog.tactics.map((t) => [t.shortname, { total: 0, covered: 0 }]));
  const gaps: TopGap[] = [];
  const coveredTechniques: MeasuredCoverage['coveredTechniques'][number][] = [];
  const profileTechniques: string[] = [];

  for (const technique of universe) {
    const hit = scanned.get(technique.id);
    const inProfile = profileSet?.has(technique.id) ?? false;
    if (hit) covered++;
    if (inProfile) {
      profileTechniques.push(technique.id);
      profileTotal++;
      if (hit) profileCovered++;
    }
    for (const tactic of technique.tactics) {
      const totals = tacticTotals.get(tactic);
      if (!totals) continue;
      totals.total++;
      if (hit?.tactics.includes(tactic)) totals.covered++;
    }
    if (hit) {
      const first = ruleByKey.get([...hit.rules].sort()[0]!);
      coveredTechniques.push({ id: technique.id, name: technique.name, rules: hit.rules.length, ...(first ? { location: ruleLocation(first, technique.id) } : {}) });
    } else {
      gaps.push({ id: technique.id, name: technique.name, tactics: technique.tactics, inProfile, usedBy: index.usersOf(technique.id).length });
    }
  }

  gaps.sort((a, b) => Number(b.inProfile) - Number(a.inProfile) || b.usedBy - a.usedBy || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  let profile: ProfileCoverage | undefined;
  if (scope.profile) {
    const actors = scope.profile.actorIds.map((id) => {
      const ref = index.object(id);
      return { id, name: ref?.name ?? id, type: ref?.type ?? 'unknown' };
    });
    profile = { query: scope.profile.query, actors, ...coverageFigure(profileCovered, profileTotal) };
  }

  return {
    coverage: {
      platforms: [...scope.platforms],
      subtechniques: scope.subtechniques,
      universe: coverageFigure(covered, universe.length),
      tactics: index.catalog.tactics.map((t) => {
        const totals = tacticTotals.get(t.shortname)!;
        return { id: t.id, shortname: t.shortname, name: t.name, ...coverageFigure(totals.covered, totals.total) };
      }),
      ...(profile ? { profile } : {}),
      topGaps: gaps.slice(0, TOP_GAPS),
    },
    ...(scope.profile ? { profileTechniques } : {}),
    coveredTechniques,
  };
}

/** Resolves profile entries (IDs, names, aliases) to actor IDs, every match, sorted and unique. */
export function resolveProfileActors(index: CatalogIndex, queries: readonly string[]): string[] {
  const ids = new Set<string>();
  for (const q of queries) for (const match of index.findActors(q)) ids.add(match.id);
  return [...ids].sort();
}
