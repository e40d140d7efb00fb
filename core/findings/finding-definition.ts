import type { Finding, Severity } from './finding.js';

/**
 * One entry of the finding catalog: default severity, a short title and help text (used as SARIF
 * rule metadata and in docs), and the message template. Each area of the tool keeps its own table
 * in `messages/`, and `finding-codes.ts` merges them; `format-finding.ts` is the only reader.
 */
export interface FindingDefinition {
  readonly severity: Severity;
  readonly title: string;
  readonly help: string;
  readonly message: (data: NonNullable<Finding['data']>) => string;
}

export type FindingTable = Readonly<Record<string, FindingDefinition>>;
