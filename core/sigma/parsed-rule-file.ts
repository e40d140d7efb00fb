import type { Finding } from '../findings/finding.js';
import type { RuleMetadata } from '../scan/scan-report.js';

/**
 * What reading one rule file yields, before any ATT&CK mapping: plain JSON that depends only on
 * the file's bytes, so parser workers can post it back cheaply and the scan cache can store it
 * keyed by content hash. Diagnostics carry positions but no file name (added when mapped).
 */
export interface ParsedRule extends RuleMetadata {
  /** 1-based number of the YAML document the rule comes from. */
  readonly document: number;
  /** Where `status:` is written, for findings about the rule's status. */
  readonly statusAt?: { readonly line: number; readonly column: number };
  /** Made from a Sigma v1 collection (action: global/repeat), whose rules may share an id. */
  readonly collection?: boolean;
}

export interface ParsedRuleFile {
  readonly status: 'parsed' | 'skipped' | 'errored';
  /** For skipped and errored files: the code of the finding that explains why. */
  readonly code?: string;
  /** YAML documents in the file (0 for an empty or unreadable file). */
  readonly documents: number;
  readonly rules: readonly ParsedRule[];
  /** Findings without `file`, in source order. */
  readonly diagnostics: readonly Finding[];
}
