import type { Finding } from './finding.js';
import { printableText } from '../render/printable-text.js';
import { findingDefinition } from './finding-codes.js';

/**
 * The one place that words findings. Every renderer (text, md, SARIF, GitHub) calls this. Data
 * from the inputs (titles, names, file names) is hostile: control characters come out as visible
 * escapes, so a finding stays one line and cannot drive a terminal or forge another line.
 */
export function formatFindingMessage(finding: Finding): string {
  const def = findingDefinition(finding.code);
  if (!def) return `${finding.code}`;
  return printableText(def.message(finding.data ?? {}));
}

export function formatLocation(finding: Finding): string {
  if (!finding.file) return '';
  const file = printableText(finding.file);
  if (finding.line === undefined) return file;
  return `${file}:${finding.line}:${finding.column ?? 1}`;
}

/** `file:line:col: severity CODE message`, the form compilers and editors understand. */
export function formatFinding(finding: Finding): string {
  const where = formatLocation(finding);
  return `${where ? `${where}: ` : ''}${finding.severity} ${finding.code} ${formatFindingMessage(finding)}`;
}
