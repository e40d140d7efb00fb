import { CliError } from '../cli-error.js';
import { AttackDataError } from '../../core/attack/attack-data-error.js';
import { formatFinding } from '../../core/findings/format-finding.js';
import type { FindingCode } from '../../core/findings/finding-codes.js';
import type { Finding } from '../../core/findings/finding.js';

/**
 * One-line usage error naming the file (or URL) and the problem, worded by the findings table:
 * `path: error ATTACK_BUNDLE_TRUNCATED the JSON ends early at line 1 column 4096 (truncated file?)`.
 */
export function attackCliError(code: FindingCode, file: string, data: Finding['data'] = {}): CliError {
  return toAttackCliError(new AttackDataError(code, data), file);
}

/** AttackDataError (from core) -> CliError with the file; anything else is rethrown unchanged. */
export function toAttackCliError(error: unknown, file: string): CliError {
  if (error instanceof AttackDataError) {
    // One line, whatever the facts contain (a quoted JSON excerpt can hold a newline).
    return new CliError(formatFinding({ ...error.finding, file }).replace(/\s*\n\s*/g, ' '));
  }
  if (error instanceof CliError) return error;
  throw error;
}
