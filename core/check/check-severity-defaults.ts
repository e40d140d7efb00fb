import type { Severity } from '../findings/finding.js';

/**
 * Severities `covmap check` uses where they differ from the findings table's defaults (which suit
 * `covmap scan`, a report). As a CI gate, a rule with no ATT&CK technique is a warning: it fails
 * with `--fail-on warning`, like the other stale-mapping warnings. The config's `findings:`
 * overrides still win.
 */
export const CHECK_SEVERITY_DEFAULTS: Readonly<Record<string, Severity>> = {
  RULE_NO_ATTACK_TAG: 'warning',
};
