import type { FindingDefinition } from './finding-definition.js';
import { attackFindings } from './messages/attack-findings.js';
import { sigmaFindings } from './messages/sigma-findings.js';
import { scopeFindings } from './messages/scope-findings.js';
import { gapsFindings } from './messages/gaps-findings.js';
import { checkFindings } from './messages/check-findings.js';
import { configFindings } from './messages/config-findings.js';

export const FINDINGS = {
  ...attackFindings,
  ...sigmaFindings,
  ...scopeFindings,
  ...gapsFindings,
  ...checkFindings,
  ...configFindings,
} as const satisfies Record<string, FindingDefinition>;

export type FindingCode = keyof typeof FINDINGS;

export function findingDefinition(code: string): FindingDefinition | undefined {
  // Own keys only: a code read from a file ("__proto__", "toString") is not a finding.
  return Object.prototype.hasOwnProperty.call(FINDINGS, code) ? (FINDINGS as Record<string, FindingDefinition>)[code] : undefined;
}
