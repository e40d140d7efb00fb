import type { CatalogIndex } from '../attack/catalog-index.js';
import type { FindingLocation } from '../findings/finding.js';
import { analyzeGaps } from '../gaps/analyze-gaps.js';
import { defaultInhouseProfile } from '../gaps/default-inhouse-profile.js';
import { covered, topGaps } from '../gaps/gap-report-view.js';
import type { GapReport } from '../gaps/gap-report.js';
import type { InhouseProfile } from '../gaps/inhouse-profile.js';
import type { ThreatProfile } from '../gaps/threat-profile.js';
import type { ScanReport } from '../scan/scan-report.js';
import type { CheckReport, TopGap } from './check-report.js';
import { coverageFigure } from './coverage-figure.js';
import { ruleLocation } from './rule-location.js';

export interface CoverageScope {
  /** Universe filter, ATT&CK platform names in ATT&CK's spelling; empty: all platforms. */
  readonly platforms: readonly string[];
  readonly profile?: ThreatProfile;
  /** SOC hours and collected telemetry (`inhouse` of the config); default: undeclared. */
  readonly inhouse?: InhouseProfile;
  /** Reference year of the hours masks. */
  readonly year: number;
}

export interface MeasuredCoverage {
  readonly coverage: CheckReport['coverage'];
  /** Threat-profile techniques inside the universe (sorted), for the baseline and its diff. */
  readonly profileTechniques?: readonly string[];
  readonly coveredTechniques: readonly { readonly id: string; readonly name: string; readonly rules: number; readonly location?: FindingLocation }[];
}

const TOP_GAPS = 25;

/**
 * The coverage a check measures is the in-house side of `covmap gaps` (the gaps area's
 * `analyzeGaps` with no provider), so the two commands never disagree: the universe is the
 * domain's active techniques and sub-techniques on the configured platforms; a technique is
 * covered when a counted rule maps to it directly (and, when `inhouse` declares the logsources we
 * collect, reads one of them); per tactic, a technique counts under every tactic ATT&CK gives it;
 * gaps rank by threat-profile use, then by how many ATT&CK groups and software use them.
 */
export function measureCoverage(scan: ScanReport, index: CatalogIndex, scope: CoverageScope): MeasuredCoverage {
  const report: GapReport = analyzeGaps({
    index,
    inhouse: { scan, extra: [], profile: scope.inhouse ?? defaultInhouseProfile(scope.year), inputs: [] },
    providers: [],
    platforms: scope.platforms,
    threat: scope.profile,
    year: scope.year,
  });
  const ruleByKey = new Map(scan.rules.map((r) => [r.key, r]));

  const coveredTechniques: MeasuredCoverage['coveredTechniques'][number][] = [];
  const profileTechniques: string[] = [];
  for (const t of report.techniques) {
    if (t.inProfile) profileTechniques.push(t.id);
    const inhouse = t.sources.inhouse;
    if (!inhouse?.covered) continue;
    const first = inhouse.rules?.[0] !== undefined ? ruleByKey.get(inhouse.rules[0]) : undefined;
    coveredTechniques.push({ id: t.id, name: t.name, rules: inhouse.ruleCount ?? inhouse.rules?.length ?? 0, ...(first ? { location: ruleLocation(first, t.id) } : {}) });
  }

  const gaps: TopGap[] = topGaps(report, TOP_GAPS).map((t) => ({
    id: t.id,
    name: t.name,
    tactics: t.tactics,
    inProfile: t.inProfile,
    usedBy: t.usedBy.length,
    reasons: t.reasons,
  }));

  return {
    coverage: {
      platforms: [...scope.platforms],
      universe: coverageFigure(covered(report.summary), report.summary.universe),
      tactics: report.tactics.map((t) => ({ id: t.id, shortname: t.shortname, name: t.name, ...coverageFigure(covered(t), t.universe) })),
      ...(report.profile && scope.profile
        ? {
            profile: {
              query: scope.profile.query,
              actors: report.profile.resolved,
              ...coverageFigure(covered(report.profile.summary), report.profile.summary.universe),
            },
          }
        : {}),
      topGaps: gaps,
    },
    ...(scope.profile ? { profileTechniques } : {}),
    coveredTechniques,
  };
}
