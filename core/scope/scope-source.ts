import type { CatalogIndex } from '../attack/catalog-index.js';
import type { CoverageLevel, CoverageType } from '../gaps/gap-report.js';
import type { Finding } from '../findings/finding.js';
import type { WatchHours } from './week-hours.js';
import type { Locate, PathSegment, SourcePosition } from './source-position.js';
import type { Logsource } from './logsource.js';
import type { FileCounts, RuleRecord } from '../scan/scan-report.js';

/**
 * One provider input after parsing, whatever its format: the common model the gap analysis reads.
 * Parsers (covmap scope YAML, Navigator layers, CTID mappings, DeTT&CT, Sigma rules) fill it and
 * `resolveScopeEntries` turns the IDs they read into current ATT&CK techniques.
 */
export type ScopeKind = 'covmap-scope' | 'navigator' | 'ctid' | 'dettect' | 'sigma';

export interface CoverageClaim {
  readonly type: CoverageType;
  readonly level: CoverageLevel;
  readonly telemetry?: readonly string[];
  readonly actions?: readonly string[];
  /** CTID capability id, or another name for what provides the coverage. */
  readonly capability?: string;
  /** Overrides the source's hours for this claim (e.g. hunting in business hours). */
  readonly hours?: WatchHours;
}

export type ScopeStatus = 'in-scope' | 'excluded' | 'roadmap';

/** A technique entry as a parser read it, before ID resolution. */
export interface RawScopeEntry {
  /** The ID exactly as written. */
  readonly declaredId: string;
  /** Where the ID is written; computed on first use (positions in a 1 MB JSON file cost time). */
  readonly at: () => SourcePosition;
  readonly name?: string;
  /** Tactics as written (shortname, ID or name). */
  readonly tactics: readonly string[];
  readonly status: ScopeStatus;
  readonly claims: readonly CoverageClaim[];
  readonly score?: number;
  readonly comment?: string;
  readonly evidence?: readonly string[];
  readonly reason?: string;
  readonly planned?: string;
  /** Apply the same entry to every current sub-technique. */
  readonly includeSubtechniques?: boolean;
}

/** One technique a source declares, keyed by its current ATT&CK ID (merged over duplicates). */
export interface ScopeTechnique {
  readonly id: string;
  /** IDs as written that led here (more than one after migration or duplicates). */
  readonly declaredIds: readonly string[];
  /** Where its first entry is written (lazy, see RawScopeEntry.at). */
  readonly at: () => SourcePosition;
  /** Tactic shortnames declared for it (empty = all of the technique's tactics). */
  readonly tactics: readonly string[];
  readonly status: ScopeStatus;
  /** Whether the entry counts as detection coverage (in scope, not excluded, not protect-only). */
  readonly covered: boolean;
  readonly claims: readonly CoverageClaim[];
  readonly score?: number;
  readonly comment?: string;
  readonly evidence?: readonly string[];
  readonly reason?: string;
  readonly planned?: string;
  /** Rule keys, for Sigma sources. */
  readonly rules?: readonly string[];
  /** Best Sigma level among those rules. */
  readonly bestLevel?: string;
  /** Deprecated techniques are kept for the report but are outside every universe. */
  readonly deprecated?: boolean;
  /** Declared coverage that none of the source's telemetry can see (covmap scope only). */
  readonly unbacked?: boolean;
}

export interface TelemetrySource {
  readonly id: string;
  readonly type: string;
  readonly name?: string;
  readonly platforms: readonly string[];
  readonly logsources: readonly Logsource[];
  readonly line: number;
}

export interface ResponseAction {
  readonly id: string;
  readonly name: string;
  readonly automated?: boolean;
  readonly requiresApproval?: boolean;
}

export interface Exclusion {
  readonly techniques: readonly string[];
  readonly platforms: readonly string[];
  readonly tactics: readonly string[];
  readonly reason: string;
  readonly line: number;
}

export type SlaSeverity = 'critical' | 'high' | 'medium' | 'low' | 'informational';
export type Sla = Partial<Record<SlaSeverity, { readonly triage?: string; readonly notify?: string; readonly contain?: string }>>;

export interface ScopeSource {
  readonly kind: ScopeKind;
  /** The file (or directory) as given. */
  readonly file: string;
  readonly name: string;
  /** Preferred report id (slug); the analysis makes ids unique across sources. */
  readonly idHint: string;
  /** The ATT&CK domain and version the input was mapped against, when it says. */
  readonly attack?: { readonly domain?: string; readonly version?: string };
  readonly contract?: { readonly id: string; readonly effectiveFrom?: string; readonly effectiveTo?: string };
  readonly hours: WatchHours;
  /** ATT&CK platforms the source sees; empty when the input does not say. */
  readonly platforms: readonly string[];
  readonly telemetry: readonly TelemetrySource[];
  readonly responseActions: readonly ResponseAction[];
  readonly exclusions: readonly Exclusion[];
  readonly sla?: Sla;
  readonly techniques: readonly ScopeTechnique[];
  /** Entries read from the file (before merging), for counts that add up. */
  readonly entries: number;
  /** Entries that were read but do not declare coverage, by why (e.g. nonMappable, disabled). */
  readonly ignored: Readonly<Record<string, number>>;
  /** False when the input could not be used at all (syntax or schema errors, other domain). */
  readonly usable: boolean;
  readonly diagnostics: readonly Finding[];
  /** Sigma sources: the rules read and the file counts of the scan. */
  readonly rules?: readonly RuleRecord[];
  readonly files?: FileCounts;
}

/** What every scope parser needs besides the document. */
export interface ScopeParseOptions {
  readonly index: CatalogIndex;
  /** The file as the user gave it (used in findings). */
  readonly file: string;
  /** Reference year for the hours mask (see week-hours.ts). */
  readonly year: number;
}

/** A memoized position thunk for `RawScopeEntry.at`. */
export function lazyPosition(locate: Locate, path: readonly PathSegment[]): () => SourcePosition {
  let position: SourcePosition | undefined;
  return () => (position ??= locate(path));
}
