import type { Finding } from '../findings/finding.js';
import { formatFindingMessage } from '../findings/format-finding.js';
import type { CheckReport } from './check-report.js';

/** `--format json`: the report as data, each finding (and gap reason) with its message worded. */
export function renderCheckJson(report: CheckReport): string {
  const worded = (f: Finding) => ({ ...f, message: formatFindingMessage(f) });
  const out = {
    ...report,
    coverage: { ...report.coverage, topGaps: report.coverage.topGaps.map((g) => ({ ...g, reasons: g.reasons.map(worded) })) },
    findings: report.findings.map(worded),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
