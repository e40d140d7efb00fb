import { formatFindingMessage } from '../findings/format-finding.js';
import type { CheckReport } from './check-report.js';

/** `--format json`: the report as data, each finding with its message worded, two-space indented. */
export function renderCheckJson(report: CheckReport): string {
  const findings = report.findings.map((f) => ({ ...f, message: formatFindingMessage(f) }));
  return `${JSON.stringify({ ...report, findings }, null, 2)}\n`;
}
