import type { Finding } from '../findings/finding.js';
import { makeFinding } from '../findings/make-finding.js';
import type { ParsedRuleFile } from './parsed-rule-file.js';
import { MAX_RULE_FILE_BYTES } from './parser-version.js';

/**
 * A file that yields no rules, with the one finding that says why. A finding about the whole file
 * (unreadable, say) without a position points at its start, so every diagnostic has one.
 */
export function failedRuleFile(status: 'skipped' | 'errored', finding: Finding, documents = 0): ParsedRuleFile {
  const placed = finding.line === undefined ? { ...finding, line: 1, column: 1 } : finding;
  return { status, code: finding.code, documents, rules: [], diagnostics: [placed] };
}

/** A file over MAX_RULE_FILE_BYTES: errored without being read or parsed. */
export function tooLargeRuleFile(size: number): ParsedRuleFile {
  return failedRuleFile('errored', makeFinding('FILE_TOO_LARGE', { line: 1, column: 1 }, { size, limit: MAX_RULE_FILE_BYTES }));
}
