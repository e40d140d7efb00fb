import { levelRank, levelValue, levelWeight, statusRank } from '../sigma/sigma-vocabulary.js';
import type { ScanOptions, ScoreFunction } from './scan-report.js';

/**
 * sigma-cli's `analyze attack` score functions over the rules that cover one technique:
 * count = number of rules; max = highest level value (informational 1 ... critical 5, none 0);
 * level = sum of level weights (1/2/4/8/12, none 1).
 */
export function scoreRules(fn: ScoreFunction, levels: readonly (string | undefined)[]): number {
  switch (fn) {
    case 'count':
      return levels.length;
    case 'max':
      return levels.reduce((m, level) => Math.max(m, levelValue(level)), 0);
    case 'level':
      return levels.reduce((sum, level) => sum + levelWeight(level), 0);
  }
}

/**
 * Whether a rule passes --min-status and --min-level. As in sigma-cli, a rule without a status
 * (or level) fails a minimum on it: it cannot be shown to meet it.
 */
export function passesRuleFilters(rule: { readonly status?: string | undefined; readonly level?: string | undefined }, options: ScanOptions): boolean {
  if (options.minStatus !== undefined && statusRank(rule.status) < statusRank(options.minStatus)) return false;
  if (options.minLevel !== undefined && levelRank(rule.level) < levelRank(options.minLevel)) return false;
  return true;
}
