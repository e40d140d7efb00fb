import type { FindingLocation } from '../findings/finding.js';
import type { RuleRecord } from '../scan/scan-report.js';

/**
 * Where to point a finding about a rule and a technique: the rule's tag for that technique when it
 * has one (so SARIF and GitHub annotate the exact line), else its first ATT&CK tag, else the rule.
 */
export function ruleLocation(rule: RuleRecord, techniqueId?: string): FindingLocation {
  const wanted = techniqueId ? `attack.${techniqueId.toLowerCase()}` : undefined;
  const tag =
    (wanted ? rule.tags.find((t) => t.value.trim().toLowerCase() === wanted) : undefined) ??
    rule.tags.find((t) => t.value.trim().toLowerCase().startsWith('attack.'));
  if (tag) return { file: rule.file, line: tag.line, column: tag.column };
  return { file: rule.file, line: rule.line, column: rule.column };
}
