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
  return printableText(def.message(shortened(finding.data ?? {})));
}

/**
 * A value quoted in a message is cut past this many characters: a rule with a 500 KB tag must not
 * make a 500 KB line of a summary or of a CI log. The full value stays in the finding's `data`.
 */
const MAX_QUOTED_CHARS = 200;

function shortened(data: NonNullable<Finding['data']>): NonNullable<Finding['data']> {
  const cut = <T>(v: T): T | string => (typeof v === 'string' && v.length > MAX_QUOTED_CHARS ? `${v.slice(0, MAX_QUOTED_CHARS)}... (${v.length} characters)` : v);
  let out: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(data)) {
    const long = Array.isArray(value) ? value.some((x) => cut(x) !== x) : cut(value) !== value;
    if (long) (out ??= { ...data })[key] = Array.isArray(value) ? value.map(cut) : cut(value);
  }
  return (out ?? data) as NonNullable<Finding['data']>;
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
