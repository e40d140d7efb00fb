import type { GapReport } from '../../core/gaps/gap-report.js';
import type { RuleRecord } from '../../core/scan/scan-report.js';

/** The rule fields the web view shows; everything else (tags, descriptions, ...) stays out. */
export interface SlimRule {
  readonly key: string;
  readonly title: string;
  readonly file?: string;
  readonly line?: number;
  readonly status?: string;
  readonly level?: string;
  readonly id?: string;
}

export type SlimGapReport = Omit<GapReport, 'rules'> & { readonly rules: readonly SlimRule[] };

/**
 * The report as the HTML page embeds it: identical except that each rule keeps only what the
 * detail panel shows, and `file` only when it differs from `key`. Rule records are most of a big
 * report (the SigmaHQ corpus has thousands), and the HTML report must stay small.
 */
export function slimGapReport(report: GapReport): SlimGapReport {
  return { ...report, rules: report.rules.map(slimRule) };
}

function slimRule(r: RuleRecord): SlimRule {
  return {
    key: r.key,
    title: r.title,
    ...(r.file !== r.key ? { file: r.file } : {}),
    line: r.line,
    ...(r.status !== undefined ? { status: r.status } : {}),
    ...(r.level !== undefined ? { level: r.level } : {}),
    ...(r.id !== undefined ? { id: r.id } : {}),
  };
}
