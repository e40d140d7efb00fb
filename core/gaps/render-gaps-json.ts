import type { GapReport } from './gap-report.js';

/**
 * `covmap gaps --format json` (schema covmap/gaps@1, documented in docs/gaps.md). Key order is the
 * order the analysis builds objects in and every list is sorted, so equal inputs give equal bytes.
 */
export function renderGapsJson(report: GapReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
