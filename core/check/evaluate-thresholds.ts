import type { Thresholds } from '../config/covmap-config.js';
import type { Finding, FindingLocation } from '../findings/finding.js';
import { makeFinding } from '../findings/make-finding.js';
import type { CoverageFigure, ProfileCoverage, TacticCoverage, ThresholdResult } from './check-report.js';
import { meetsPercent, techniquesNeeded } from './coverage-figure.js';

export interface ThresholdInputs {
  readonly universe: CoverageFigure;
  readonly tactics: readonly TacticCoverage[];
  readonly profile?: ProfileCoverage;
  /** Every covered technique with its rule count and where to point a finding (a tag of a rule). */
  readonly coveredTechniques: readonly { readonly id: string; readonly name: string; readonly rules: number; readonly location?: FindingLocation }[];
}

/**
 * Checks each configured threshold. Every miss is a finding that says which numbers missed (actual,
 * required, how many more techniques); coverage thresholds point at the setting in the config,
 * the per-technique one at the rule.
 */
export function evaluateThresholds(
  thresholds: Thresholds,
  inputs: ThresholdInputs,
  locate: (pointer: string) => FindingLocation,
): { results: ThresholdResult[]; findings: Finding[] } {
  const results: ThresholdResult[] = [];
  const findings: Finding[] = [];
  const figure = (f: CoverageFigure, required: number) => ({
    covered: f.covered,
    total: f.total,
    percent: f.percent,
    required,
    needed: techniquesNeeded(f.covered, f.total, required),
  });

  if (thresholds.minCoverage !== undefined) {
    const required = thresholds.minCoverage;
    const passed = meetsPercent(inputs.universe.covered, inputs.universe.total, required);
    results.push({ kind: 'coverage', required, actual: inputs.universe.percent, passed });
    if (!passed) findings.push(makeFinding('CHECK_THRESHOLD_COVERAGE', locate('/thresholds/min_coverage'), figure(inputs.universe, required)));
  }

  if (thresholds.minTacticCoverage !== undefined || thresholds.tactics) {
    for (const tactic of inputs.tactics) {
      const specific = thresholds.tactics?.[tactic.shortname];
      const required = specific ?? thresholds.minTacticCoverage;
      // A tactic with nothing in scope (e.g. after a platform filter) has no share to miss.
      if (required === undefined || tactic.total === 0) continue;
      const passed = meetsPercent(tactic.covered, tactic.total, required);
      results.push({ kind: 'tactic', subject: tactic.shortname, required, actual: tactic.percent, passed });
      if (!passed) {
        const pointer = specific !== undefined ? `/thresholds/tactics/${tactic.shortname}` : '/thresholds/min_tactic_coverage';
        findings.push(
          makeFinding('CHECK_THRESHOLD_TACTIC', locate(pointer), { tactic: tactic.shortname, tacticName: tactic.name, ...figure(tactic, required) }),
        );
      }
    }
  }

  if (thresholds.minProfileCoverage !== undefined && inputs.profile) {
    const required = thresholds.minProfileCoverage;
    const p = inputs.profile;
    const passed = meetsPercent(p.covered, p.total, required);
    results.push({ kind: 'profile', required, actual: p.percent, passed });
    if (!passed) {
      findings.push(
        makeFinding('CHECK_THRESHOLD_PROFILE', locate('/thresholds/min_profile_coverage'), {
          actors: p.actors.map((a) => `${a.id} ${a.name}`),
          ...figure(p, required),
        }),
      );
    }
  }

  if (thresholds.minRulesPerTechnique !== undefined) {
    const required = thresholds.minRulesPerTechnique;
    for (const t of inputs.coveredTechniques) {
      const passed = t.rules >= required;
      results.push({ kind: 'rules-per-technique', subject: t.id, required, actual: t.rules, passed });
      if (!passed) {
        findings.push(
          makeFinding('CHECK_THRESHOLD_RULES_PER_TECHNIQUE', t.location ?? locate('/thresholds/min_rules_per_technique'), {
            technique: t.id,
            name: t.name,
            rules: t.rules,
            required,
          }),
        );
      }
    }
  }
  return { results, findings };
}
