import { compareStrings } from '../compare-strings.js';

/**
 * A finding is typed data with a stable code. Nothing outside `format-finding.ts` turns it into
 * prose, so tests assert codes and data, and every output format words findings the same way.
 */
export type Severity = 'error' | 'warning' | 'note';

export type FindingValue = string | number | boolean | readonly string[] | undefined;

export interface Finding {
  readonly code: string;
  readonly severity: Severity;
  /** Path as the user gave it (or relative to the scan root), with forward slashes. */
  readonly file?: string | undefined;
  /** 1-based. */
  readonly line?: number | undefined;
  /** 1-based. */
  readonly column?: number | undefined;
  /** Facts the formatter words; keys are camelCase, values plain JSON. */
  readonly data?: Readonly<Record<string, FindingValue>> | undefined;
}

export interface FindingLocation {
  readonly file?: string | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

/** Deterministic order: file, line, column, code, then data. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.file ?? '', b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    compareStrings(a.code, b.code) ||
    compareStrings(JSON.stringify(a.data ?? {}), JSON.stringify(b.data ?? {}))
  );
}
