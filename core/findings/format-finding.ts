import type { Finding } from './finding.js';
import { findingDefinition } from './finding-codes.js';

/** The one place that words findings. Every renderer (text, md, SARIF, GitHub) calls this. */
export function formatFindingMessage(finding: Finding): string {
  const def = findingDefinition(finding.code);
  if (!def) return `${finding.code}`;
  return def.message(finding.data ?? {});
}

export function formatLocation(finding: Finding): string {
  if (!finding.file) return '';
  if (finding.line === undefined) return finding.file;
  return `${finding.file}:${finding.line}:${finding.column ?? 1}`;
}

/** `file:line:col: severity CODE message`, the form compilers and editors understand. */
export function formatFinding(finding: Finding): string {
  const where = formatLocation(finding);
  return `${where ? `${where}: ` : ''}${finding.severity} ${finding.code} ${formatFindingMessage(finding)}`;
}
