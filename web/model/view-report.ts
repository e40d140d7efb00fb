import type { Severity } from '../../core/findings/finding.js';
import type { GapReport, TechniqueGap } from '../../core/gaps/gap-report.js';
import type { SlimRule, SlimSourceCoverage } from '../../core/gaps/slim-gap-report.js';
import type { GapMatrix } from '../../core/gaps/gap-matrix.js';

/**
 * What the page reads: a `covmap gaps` JSON report, or the slimmed copy the HTML report embeds
 * (cli/report/slim-gap-report.ts): rules keep only the fields the view shows, sources may point at
 * rules by position (`ruleRefs`), and notes no panel would show are only counted. A full
 * GapReport is a ViewReport too.
 */
/** A rule as the page reads it: the slimmed fields, and the Sigma id when a full report has it. */
export type ViewRule = SlimRule & { readonly id?: string };

export type ViewSourceCoverage = SlimSourceCoverage;

export type ViewTechnique = Omit<TechniqueGap, 'sources'> & { readonly sources: Readonly<Record<string, ViewSourceCoverage>> };

export type ViewReport = Omit<GapReport, 'rules' | 'matrix' | 'techniques'> & {
  readonly rules: readonly ViewRule[];
  readonly techniques: readonly ViewTechnique[];
  readonly matrix?: GapMatrix;
  readonly omittedDiagnostics?: Readonly<Partial<Record<Severity, number>>>;
};
