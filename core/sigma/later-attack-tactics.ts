/**
 * Tactics that later ATT&CK releases added, so that a rule tagged for a newer release than the
 * loaded data gets "looks newer, update" instead of a bare "unknown tactic". Facts from MITRE's
 * release notes: v19 (April 2026) split Defense Evasion into Stealth (TA0005) and Defense
 * Impairment (TA0112).
 */
export const LATER_ATTACK_TACTICS: Readonly<Record<string, { readonly version: string; readonly id: string }>> = {
  stealth: { version: '19.0', id: 'TA0005' },
  'defense-impairment': { version: '19.0', id: 'TA0112' },
};
