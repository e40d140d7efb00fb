import type { Severity } from '../findings/finding.js';
import type { GapReport, SourceCoverage, TechniqueGap } from './gap-report.js';

/*
 * The form of a gap report the HTML page embeds (written by cli/report/slim-gap-report.ts, read
 * by web/model/view-report.ts): one definition for the writer and the reader.
 */

/** The rule fields the web view shows; everything else (tags, descriptions, ...) stays out. */
export interface SlimRule {
  readonly key: string;
  readonly title: string;
  /** Only when it differs from `key` (a multi-document file's key ends in #N). */
  readonly file?: string;
  readonly line?: number;
  readonly status?: string;
  readonly level?: string;
}

/** A source's coverage with its rule keys replaced by their positions in `rules`. */
export type SlimSourceCoverage = Omit<SourceCoverage, 'rules'> & {
  /** Keys the report's `rules` does not describe (kept as they are). */
  readonly rules?: readonly string[];
  /** Indexes into the slim report's `rules`. */
  readonly ruleRefs?: readonly number[];
};

export type SlimTechniqueGap = Omit<TechniqueGap, 'sources'> & { readonly sources: Readonly<Record<string, SlimSourceCoverage>> };

export type SlimGapReport = Omit<GapReport, 'rules' | 'techniques'> & {
  readonly rules: readonly SlimRule[];
  readonly techniques: readonly SlimTechniqueGap[];
  /** Notes left out because no technique's details would show them, by severity. */
  readonly omittedDiagnostics?: Readonly<Partial<Record<Severity, number>>>;
};
