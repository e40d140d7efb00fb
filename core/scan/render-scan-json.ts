import { formatFindingMessage } from '../findings/format-finding.js';
import type { ScanReport } from './scan-report.js';

/**
 * `covmap scan --format json`: the ScanReport, with each diagnostic's message worded (by the one
 * wording function) next to its stable code. Deterministic: the report is sorted already.
 */
export function renderScanJson(report: ScanReport): string {
  const out = {
    ...report,
    diagnostics: report.diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      file: d.file,
      line: d.line,
      column: d.column,
      message: formatFindingMessage(d),
      data: d.data,
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
