import type { AttackDomain } from '../attack/catalog.js';
import type { Finding } from '../findings/finding.js';

/**
 * What `covmap scan` produces and what gaps, check, baseline and the web view consume.
 * Field names are part of the JSON output contract: add fields, never rename.
 */
export type RuleKind = 'detection' | 'correlation' | 'filter';

export interface TagRecord {
  /** The tag exactly as written. */
  readonly value: string;
  readonly line: number;
  readonly column: number;
}

/**
 * What a rule says about itself, as written: shared by the parser's output (`ParsedRule`) and the
 * report's `RuleRecord`, so the two cannot drift apart.
 */
export interface RuleMetadata {
  readonly line: number;
  readonly column: number;
  readonly kind: RuleKind;
  readonly title: string;
  readonly id?: string;
  readonly name?: string;
  readonly status?: string;
  readonly level?: string;
  readonly description?: string;
  readonly author?: string;
  readonly date?: string;
  readonly modified?: string;
  readonly logsource?: Readonly<{ category?: string; product?: string; service?: string; definition?: string }>;
  readonly related?: readonly { readonly id: string; readonly type: string }[];
  readonly tags: readonly TagRecord[];
  /** Correlation: the rules it correlates; filter: the rules it tunes (ids or names as written). */
  readonly references?: readonly string[];
}

export interface RuleRecord extends RuleMetadata {
  /** Stable key: the file path, plus `#N` (1-based document number) for multi-document files. */
  readonly key: string;
  readonly file: string;
  /** Current technique IDs the rule counts under (revoked tags already migrated), sorted. */
  readonly techniques: readonly string[];
  /** Tactic shortnames from the rule's own tactic tags, in matrix order. */
  readonly tactics: readonly string[];
  /** Correlation rules without ATT&CK tags take the union of the rules they reference. */
  readonly coverageFrom: 'tags' | 'referenced-rules' | 'none';
  /** False when --min-status / --min-level filtered the rule out of the scores. */
  readonly included: boolean;
}

export interface TechniqueCoverage {
  readonly id: string;
  readonly name: string;
  /** Tactic shortnames it is counted under (all ATT&CK gives it, or only tagged ones). */
  readonly tactics: readonly string[];
  /** Keys of the included rules that cover it directly, sorted. */
  readonly rules: readonly string[];
  readonly score: number;
  /** For a parent technique: sub-techniques with direct coverage (never counts as direct). */
  readonly viaSubtechniques: readonly string[];
  /**
   * Only with `tactics: 'tagged'`, where a rule counts under its own tactic tags and scores differ
   * per tactic: the rules and score under each tactic, in matrix order.
   */
  readonly perTactic?: readonly TacticCoverage[];
}

export interface TacticCoverage {
  readonly tactic: string;
  /** Keys of the included rules counted under this tactic, sorted. */
  readonly rules: readonly string[];
  readonly score: number;
}

export interface FileCounts {
  readonly found: number;
  readonly parsed: number;
  readonly skipped: number;
  readonly errored: number;
}

export interface FileRecord {
  readonly file: string;
  readonly status: 'parsed' | 'skipped' | 'errored';
  readonly rules: number;
  /** For skipped and errored files: the code of the finding that explains why. */
  readonly code?: string;
}

export type ScoreFunction = 'count' | 'max' | 'level';

export interface ScanOptions {
  readonly score: ScoreFunction;
  readonly minStatus?: string;
  readonly minLevel?: string;
  readonly subtechniques: boolean;
  readonly tactics: 'all' | 'tagged';
}

export interface ScanReport {
  readonly schema: 'covmap/scan@1';
  readonly attack: { readonly domain: AttackDomain; readonly version: string };
  readonly options: ScanOptions;
  readonly files: FileCounts;
  readonly fileResults: readonly FileRecord[];
  readonly rules: readonly RuleRecord[];
  /** Techniques with at least one rule or covered sub-technique, sorted by ID. */
  readonly techniques: readonly TechniqueCoverage[];
  readonly diagnostics: readonly Finding[];
}
