import type { AttackDomain } from '../attack/catalog.js';
import type { Finding } from '../findings/finding.js';
import type { FileCounts, RuleRecord } from '../scan/scan-report.js';
import type { GapMatrix } from './gap-matrix.js';

/**
 * What `covmap gaps` produces (its JSON format, documented in README) and what `covmap report`,
 * `covmap view` and `covmap check` consume. Add fields, never rename.
 */
export type CoverageState = 'both' | 'inhouse-only' | 'provider-only' | 'neither';

export type CoverageType = 'detect' | 'respond' | 'hunt' | 'protect';
export type CoverageLevel = 'minimal' | 'partial' | 'significant';

export interface SourceInfo {
  /** `inhouse`, or a provider id derived from the scope (slug of its provider name). */
  readonly id: string;
  readonly side: 'inhouse' | 'provider';
  readonly name: string;
  /** `sigma`, `covmap-scope`, `navigator`, `ctid`, `dettect`. */
  readonly kind: string;
  readonly inputs: readonly string[];
  /** Hours of the week watched, 0..168, and whether that is 24x7. */
  readonly hoursPerWeek: number;
  readonly always: boolean;
  /** 168 characters, one per hour from Monday 00:00 in UTC, '1' watched, '0' not. */
  readonly weekMask: string;
  readonly platforms: readonly string[];
  readonly files?: FileCounts;
  /** Normalized schedule text ("24x7", "Mon-Fri 08:00-18:00 Europe/Amsterdam"). */
  readonly schedule: string;
  /** False when the input said nothing about hours and 24x7 was assumed. */
  readonly hoursDeclared: boolean;
  /** False when `platforms` is empty because the input does not say (CTID, Navigator layers). */
  readonly platformsDeclared: boolean;
  /** False when the input could not be used (syntax or schema errors, other ATT&CK domain). */
  readonly usable: boolean;
  /** The ATT&CK domain and release the input says it was mapped against. */
  readonly attack?: { readonly domain?: string; readonly version?: string };
  readonly contract?: { readonly id: string; readonly effectiveFrom?: string; readonly effectiveTo?: string };
  readonly sla?: Readonly<Record<string, { readonly triage?: string; readonly notify?: string; readonly contain?: string }>>;
  readonly responseActions?: readonly { readonly id: string; readonly name: string; readonly automated?: boolean; readonly requiresApproval?: boolean }[];
  readonly telemetry?: readonly {
    readonly id: string;
    readonly type: string;
    readonly name?: string;
    readonly platforms: readonly string[];
    readonly logsources: readonly { readonly product?: string; readonly category?: string; readonly service?: string }[];
  }[];
  readonly exclusions?: readonly { readonly techniques: readonly string[]; readonly platforms: readonly string[]; readonly tactics: readonly string[]; readonly reason: string }[];
  /**
   * Counts that add up: `entries` read from the input, `techniques` distinct current techniques
   * they name, `covered` of those that count as coverage, `coveredInUniverse` of those inside the
   * analysed universe; `ignored` entries by why (nonMappable, disabled, unscored, belowOne, ...).
   */
  readonly counts: {
    readonly entries: number;
    readonly techniques: number;
    readonly covered: number;
    readonly coveredInUniverse: number;
    readonly ignored: Readonly<Record<string, number>>;
  };
}

export interface SourceCoverage {
  readonly covered: boolean;
  /** In-house: keys of covering rules; provider Sigma sources too. */
  readonly rules?: readonly string[];
  readonly ruleCount?: number;
  /** Best Sigma level among the covering rules. */
  readonly bestLevel?: string;
  /** Provider entries: type and level of each declared coverage. */
  readonly coverage?: readonly {
    readonly type: CoverageType;
    readonly level: CoverageLevel;
    readonly telemetry?: readonly string[];
    readonly actions?: readonly string[];
    /** CTID capability id. */
    readonly capability?: string;
    /** Schedule of this claim when it differs from the source's hours. */
    readonly hours?: string;
  }[];
  /** Provider: in-scope, excluded, roadmap. */
  readonly status?: string;
  /** Raw score for layer inputs (navigator score, CTID score value, DeTT&CT score). */
  readonly score?: number;
  readonly comment?: string;
  /** Sub-techniques this source covers directly (for a parent technique). */
  readonly via?: readonly string[];
  /** Excluded or roadmap entries: why, and when coverage is planned. */
  readonly reason?: string;
  readonly planned?: string;
  readonly evidence?: readonly string[];
  /** Provider coverage declared although none of its telemetry sees the technique's platforms. */
  readonly unbacked?: boolean;
  /** In-house: rules for the technique that do not count because we do not collect their logs. */
  readonly notCollected?: readonly string[];
}

export interface TechniqueGap {
  readonly id: string;
  readonly name: string;
  readonly tactics: readonly string[];
  readonly platforms: readonly string[];
  readonly parent?: string;
  /** Single-provider state; with several providers see `states`. */
  readonly state: CoverageState;
  /** Per provider id: the state of in-house vs that provider. */
  readonly states: Readonly<Record<string, CoverageState>>;
  readonly sources: Readonly<Record<string, SourceCoverage>>;
  readonly via_subtechniques: readonly string[];
  readonly hours: { readonly watched: number; readonly always: boolean; readonly by: readonly string[] };
  /** 1 = most urgent gap; absent for covered techniques. */
  readonly priority?: number;
  readonly priorityScore?: number;
  /** Why it ranks where it does: typed reasons the formatter words. */
  readonly reasons: readonly Finding[];
  readonly inProfile: boolean;
  /** Groups and software that use it (IDs), from the ATT&CK data. */
  readonly usedBy: readonly string[];
}

export interface LogsourceRules {
  /** `product=aws service=cloudtrail` */
  readonly logsource: string;
  readonly rules: readonly string[];
  readonly techniques: readonly string[];
}

export interface CoverageSummary {
  readonly universe: number;
  readonly both: number;
  readonly inhouse_only: number;
  readonly provider_only: number;
  readonly neither: number;
}

export interface TacticSummary extends CoverageSummary {
  readonly id: string;
  readonly shortname: string;
  readonly name: string;
}

export interface GapReport {
  readonly schema: 'covmap/gaps@1';
  readonly attack: { readonly domain: AttackDomain; readonly version: string };
  readonly filters: { readonly platforms: readonly string[] };
  readonly sources: readonly SourceInfo[];
  readonly profile?: {
    readonly query: readonly string[];
    readonly resolved: readonly { readonly id: string; readonly name: string; readonly type: string }[];
    readonly techniques: readonly string[];
    /** How many of `techniques` are in the universe (the summary counts those). */
    readonly inUniverse: number;
    readonly summary: CoverageSummary;
  };
  /** Single provider: in-house vs it; several: in-house vs the union of providers. */
  readonly summary: CoverageSummary;
  readonly providers: Readonly<Record<string, CoverageSummary>>;
  readonly tactics: readonly TacticSummary[];
  readonly techniques: readonly TechniqueGap[];
  /** Coverage of the universe and the profile with and without providers, as fractions 0..1. */
  readonly contract: {
    readonly inhouseCoverage: number;
    readonly combinedCoverage: number;
    readonly profileInhouseCoverage?: number;
    readonly profileCombinedCoverage?: number;
    readonly providerOnly: readonly string[];
    readonly coveredTwice: readonly string[];
    readonly neither: readonly string[];
    /** Per provider: techniques only that provider covers (not in-house, no other provider). */
    readonly uniqueByProvider: Readonly<Record<string, readonly string[]>>;
  };
  /**
   * Hours of the week in UTC (see core/scope/week-hours.ts): the reference year of the masks,
   * covered techniques not watched 24x7, and for each of the 168 hours how many covered techniques
   * someone watches then.
   */
  readonly hours: {
    readonly year: number;
    readonly notAlways: readonly string[];
    readonly watchedByHour: readonly number[];
  };
  /** Telemetry reality: coverage that the collected or ingested logs cannot back. */
  readonly telemetry: {
    /** Uncovered techniques whose platforms no source with declared platforms sees. */
    readonly outsideAllSources: readonly string[];
    /** Sources whose platforms are unknown (left out of `outsideAllSources`). */
    readonly platformsUnknown: readonly string[];
    /** In-house rules not counted because the in-house profile does not collect their logsource. */
    readonly notCollected: readonly LogsourceRules[];
    /** Per provider: in-house rules whose logsource the provider does not ingest. */
    readonly notIngested: Readonly<Record<string, readonly LogsourceRules[]>>;
    /** Per provider: declared coverage none of its telemetry sees the platforms of. */
    readonly unbacked: Readonly<Record<string, readonly string[]>>;
  };
  /** Rules referenced by technique sources, for detail views. */
  readonly rules: readonly RuleRecord[];
  readonly diagnostics: readonly Finding[];
  /** Tactic columns and actor names for matrix views (core/gaps/gap-matrix.ts); optional. */
  readonly matrix?: GapMatrix;
}
