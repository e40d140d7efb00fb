import type { FindingTable } from '../finding-definition.js';
import type { FindingValue } from '../finding.js';

const str = (v: FindingValue): string => (Array.isArray(v) ? v.join(', ') : String(v ?? ''));

/** "12 of 691 techniques (1.7%)". */
const share = (d: Readonly<Record<string, FindingValue>>): string =>
  `${str(d.covered)} of ${str(d.total)} technique${d.total === 1 ? '' : 's'} (${str(d.percent)}%)`;

const more = (d: Readonly<Record<string, FindingValue>>): string =>
  `needs ${str(d.required)}%: ${str(d.needed)} more technique${d.needed === 1 ? '' : 's'} with a rule`;

/** Why a rule no longer gives a technique coverage, in words. */
function cause(d: Readonly<Record<string, FindingValue>>): string {
  const rule = str(d.rule);
  const now = Array.isArray(d.now) && d.now.length > 0 ? `now ${str(d.now)}` : 'now no technique';
  switch (d.cause) {
    case 'removed':
      return `${rule} was removed`;
    case 'renamed':
      return `${rule} moved to ${str(d.movedTo)} and no longer maps to it (${now})`;
    case 'retagged':
      return `${rule} no longer maps to it (${now})`;
    case 'excluded':
      return `${rule} no longer counts (its status or level is below the configured minimum)`;
    case 'unparsable':
      return `${rule} can no longer be parsed`;
    default:
      return `${rule}: ${str(d.cause)}`;
  }
}

/** Findings raised by the check area. Codes are stable API: never rename, only add. */
export const checkFindings = {
  CHECK_THRESHOLD_COVERAGE: {
    severity: 'error',
    title: 'Coverage of the ATT&CK universe below the threshold',
    help: 'thresholds.min_coverage asks that at least this percentage of the active techniques in scope (after the platform filter) has at least one rule. Add rules for uncovered techniques (see the top gaps), or lower the threshold deliberately.',
    message: (d) => `coverage of the ATT&CK universe is ${share(d)}, below the minimum of ${str(d.required)}% (${more(d)})`,
  },
  CHECK_THRESHOLD_TACTIC: {
    severity: 'error',
    title: 'Coverage of a tactic below the threshold',
    help: 'thresholds.min_tactic_coverage (every tactic) or thresholds.tactics.<tactic> asks that at least this percentage of the tactic\'s techniques has a rule.',
    message: (d) => `coverage of ${str(d.tacticName)} (${str(d.tactic)}) is ${share(d)}, below the minimum of ${str(d.required)}% (${more(d)})`,
  },
  CHECK_THRESHOLD_PROFILE: {
    severity: 'error',
    title: 'Coverage of the threat profile below the threshold',
    help: 'thresholds.min_profile_coverage asks that at least this percentage of the techniques used by the groups, campaigns and software in `profile` has a rule.',
    message: (d) => `coverage of the threat profile (${str(d.actors)}) is ${share(d)}, below the minimum of ${str(d.required)}% (${more(d)})`,
  },
  CHECK_THRESHOLD_RULES_PER_TECHNIQUE: {
    severity: 'error',
    title: 'Covered technique has fewer rules than required',
    help: 'thresholds.min_rules_per_technique asks that every covered technique has at least this many rules, so one broken or noisy rule does not leave it blind.',
    message: (d) => `${str(d.technique)} ${str(d.name)} has ${str(d.rules)} rule${d.rules === 1 ? '' : 's'}, at least ${str(d.required)} required`,
  },
  CHECK_COVERAGE_LOST: {
    severity: 'error',
    title: 'Technique lost all coverage since the baseline',
    help: 'The technique had at least one rule in the baseline and has none now. The finding names each rule that covered it and why it no longer does (removed, moved, retagged, filtered out, unparsable). Restore the mapping, or accept the change with `covmap baseline write`.',
    message: (d) =>
      `${str(d.technique)} ${str(d.name)}${d.inProfile ? ' (in the threat profile)' : ''} lost all coverage since the baseline: ${cause(d)}`,
  },
  CHECK_COVERAGE_REDUCED: {
    severity: 'note',
    title: 'Technique has fewer rules than in the baseline',
    help: 'A rule that covered the technique in the baseline no longer does; other rules still cover it.',
    message: (d) => `${str(d.technique)} ${str(d.name)} has fewer rules than in the baseline (${str(d.remaining)} left): ${cause(d)}`,
  },
  CHECK_PROFILE_GAP_NEW: {
    severity: 'warning',
    title: 'New gap in the threat profile',
    help: 'A technique joined the threat profile since the baseline (the profile or the ATT&CK data changed) and no rule covers it.',
    message: (d) => `${str(d.technique)} ${str(d.name)} is new in the threat profile since the baseline and has no rule (used by ${str(d.usedBy)})`,
  },
  CHECK_COVERAGE_GAINED: {
    severity: 'note',
    title: 'New coverage since the baseline',
    help: 'The technique had no rule in the baseline and has one now. Run `covmap baseline write` to record it, so that losing it again is caught.',
    message: (d) => `${str(d.technique)} ${str(d.name)} is newly covered by ${str(d.rules)}`,
  },
  CHECK_BASELINE_ATTACK_VERSION: {
    severity: 'note',
    title: 'Baseline written against another ATT&CK version',
    help: 'Technique IDs of the baseline were migrated through revoked-by to the loaded ATT&CK version before comparing; techniques revoked or deprecated in between are reported in the rules that use them.',
    message: (d) => `the baseline was written against ATT&CK ${str(d.baselineVersion)}, this check uses ${str(d.version)}; ${str(d.migrated)} technique ID${d.migrated === 1 ? ' was' : 's were'} migrated`,
  },
} satisfies FindingTable;
