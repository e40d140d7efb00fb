import type { RuleRecord } from '../scan/scan-report.js';
import { platformsOfLogsource } from '../scope/logsource.js';
import { levelRank } from '../sigma/sigma-vocabulary.js';

export interface RuleTechniqueCoverage {
  /** Keys of the rules that cover the technique directly, sorted. */
  readonly rules: string[];
  /** Highest Sigma level among them (informational < low < medium < high < critical). */
  bestLevel?: string;
}

/**
 * Per technique, the included rules that tag it (as `covmap scan` counts them: filters and rules
 * left out by --min-status/--min-level do not count), restricted to the rules `counts` accepts;
 * and the ATT&CK platforms those rules read, from their logsources.
 */
export function ruleCoverage(
  rules: readonly RuleRecord[],
  counts: (rule: RuleRecord) => boolean,
): { byTechnique: Map<string, RuleTechniqueCoverage>; platforms: string[] } {
  const byTechnique = new Map<string, RuleTechniqueCoverage>();
  const platforms = new Set<string>();
  for (const rule of rules) {
    if (!rule.included || rule.techniques.length === 0 || !counts(rule)) continue;
    for (const p of platformsOfLogsource(rule.logsource ?? {})) platforms.add(p);
    for (const id of rule.techniques) {
      let entry = byTechnique.get(id);
      if (!entry) byTechnique.set(id, (entry = { rules: [] }));
      entry.rules.push(rule.key);
      if (rule.level !== undefined && (entry.bestLevel === undefined || levelRank(rule.level) > levelRank(entry.bestLevel))) entry.bestLevel = rule.level;
    }
  }
  for (const entry of byTechnique.values()) entry.rules.sort();
  return { byTechnique, platforms: [...platforms].sort() };
}
