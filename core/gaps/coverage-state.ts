import type { CoverageState, CoverageSummary } from './gap-report.js';

export function coverageState(inhouse: boolean, provider: boolean): CoverageState {
  if (inhouse) return provider ? 'both' : 'inhouse-only';
  return provider ? 'provider-only' : 'neither';
}

/** Counts of states over a list; `universe` is the list's length, so the four always add up. */
export function summarizeStates(states: readonly CoverageState[]): CoverageSummary {
  const out = { universe: states.length, both: 0, inhouse_only: 0, provider_only: 0, neither: 0 };
  for (const s of states) {
    if (s === 'both') out.both++;
    else if (s === 'inhouse-only') out.inhouse_only++;
    else if (s === 'provider-only') out.provider_only++;
    else out.neither++;
  }
  return out;
}

/** A fraction rounded to 4 decimals (0 for an empty whole), so JSON stays short and stable. */
export function fraction(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
}
