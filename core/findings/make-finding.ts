import type { Finding, FindingLocation } from './finding.js';
import { FINDINGS, type FindingCode } from './finding-codes.js';

/** Builds a finding with the catalog's default severity; callers only name the code and facts. */
export function makeFinding(
  code: FindingCode,
  location: FindingLocation,
  data?: Finding['data'],
): Finding {
  const def = FINDINGS[code] as { severity: Finding['severity'] };
  const finding: { -readonly [K in keyof Finding]: Finding[K] } = { code, severity: def.severity };
  if (location.file !== undefined) finding.file = location.file;
  if (location.line !== undefined) finding.line = location.line;
  if (location.column !== undefined) finding.column = location.column;
  if (data !== undefined) finding.data = data;
  return finding;
}
