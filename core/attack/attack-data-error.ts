import type { Finding } from '../findings/finding.js';
import type { FindingCode } from '../findings/finding-codes.js';
import { makeFinding } from '../findings/make-finding.js';
import { formatFindingMessage } from '../findings/format-finding.js';

/**
 * Unusable ATT&CK data (not JSON, not a bundle, wrong domain, unknown version...). Core code throws
 * it with a finding code and facts; the CLI adds the file name and turns it into a one-line
 * usage error, so the wording stays in the findings table.
 */
export class AttackDataError extends Error {
  readonly finding: Finding;
  constructor(code: FindingCode, data: Finding['data'] = {}, location: { file?: string; line?: number; column?: number } = {}) {
    const finding = makeFinding(code, location, data);
    super(formatFindingMessage(finding));
    this.name = 'AttackDataError';
    this.finding = finding;
  }
}
