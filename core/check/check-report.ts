import type { AttackDomain } from '../attack/catalog.js';
import type { FailOn } from '../config/covmap-config.js';
import type { Finding } from '../findings/finding.js';
import type { FileCounts } from '../scan/scan-report.js';
import type { SeverityCounts } from './fail-policy.js';

/**
 * What `covmap check` produces (its JSON output, `--format json`) and what every check renderer
 * (text, md, SARIF, GitHub) reads. Field names are part of the JSON contract: add, never rename.
 */
export interface CoverageFigure {
  readonly covered: number;
  readonly total: number;
  /** covered / total * 100, rounded down to one decimal so that a miss never displays as a pass. */
  readonly percent: number;
}

export interface TacticCoverage extends CoverageFigure {
  readonly id: string;
  readonly shortname: string;
  readonly name: string;
}

export interface ProfileCoverage extends CoverageFigure {
  /** The profile as configured. */
  readonly query: readonly string[];
  /** What it resolved to in ATT&CK. */
  readonly actors: readonly { readonly id: string; readonly name: string; readonly type: string }[];
}

/** One uncovered technique worth a rule, most urgent first. */
export interface TopGap {
  readonly id: string;
  readonly name: string;
  readonly tactics: readonly string[];
  readonly inProfile: boolean;
  /** How many ATT&CK groups and software use it (the prevalence signal). */
  readonly usedBy: number;
  /** Why it ranks where it does, as the gap analysis words it (GAPS_REASON_* findings). */
  readonly reasons: readonly Finding[];
}

export type ThresholdKind = 'coverage' | 'tactic' | 'profile' | 'rules-per-technique';

export interface ThresholdResult {
  readonly kind: ThresholdKind;
  /** The tactic shortname or technique ID the threshold is about; absent for coverage/profile. */
  readonly subject?: string;
  /** Percent for coverage thresholds, a rule count for rules-per-technique. */
  readonly required: number;
  readonly actual: number;
  readonly passed: boolean;
}

export type LossCause = 'removed' | 'renamed' | 'retagged' | 'excluded' | 'unparsable';

export interface RuleLoss {
  /** Rule key as recorded in the baseline. */
  readonly rule: string;
  readonly title?: string;
  readonly cause: LossCause;
  /** For renamed rules: the key it has now. */
  readonly movedTo?: string;
  /** Techniques the rule maps to now (retagged or renamed rules). */
  readonly now?: readonly string[];
}

export interface TechniqueLoss {
  readonly id: string;
  readonly name: string;
  readonly inProfile: boolean;
  /** Rules in the baseline and now. */
  readonly before: number;
  readonly after: number;
  readonly rules: readonly RuleLoss[];
}

export interface RegressionReport {
  /** The baseline file as given. */
  readonly baseline: string;
  readonly baselineAttack: { readonly domain: AttackDomain; readonly version: string };
  /** Techniques covered in the baseline and not now. */
  readonly lost: readonly TechniqueLoss[];
  /** Techniques still covered that lost rules. */
  readonly reduced: readonly TechniqueLoss[];
  /** Profile techniques without a rule now that were no gap in the baseline (lost, or new in the profile). */
  readonly newProfileGaps: readonly string[];
  /** Techniques covered now that were not in the baseline. */
  readonly gained: readonly { readonly id: string; readonly name: string; readonly rules: readonly string[] }[];
}

export interface CheckReport {
  readonly schema: 'covmap/check@1';
  readonly attack: { readonly domain: AttackDomain; readonly version: string };
  /** The configuration file used, if any. */
  readonly config?: string;
  readonly failOn: FailOn;
  readonly files: FileCounts;
  readonly rules: { readonly total: number; readonly included: number; readonly withTechniques: number };
  readonly coverage: {
    readonly platforms: readonly string[];
    readonly universe: CoverageFigure;
    readonly tactics: readonly TacticCoverage[];
    readonly profile?: ProfileCoverage;
    readonly topGaps: readonly TopGap[];
  };
  readonly thresholds: readonly ThresholdResult[];
  readonly regressions?: RegressionReport;
  /** Every finding after the config's severity overrides, sorted. */
  readonly findings: readonly Finding[];
  readonly summary: SeverityCounts & {
    readonly suppressed: Readonly<Record<string, number>>;
    /** Findings that fail the run under failOn. */
    readonly failing: number;
    readonly passed: boolean;
  };
}
