/**
 * The Sigma words covmap orders and weighs, as sigma-cli's `analyze attack` does, so that
 * `--min-status`, `--min-level` and the `max` and `level` score functions give the same numbers.
 */

/** Rule statuses, lowest first: unsupported < deprecated < experimental < test < stable. */
export const SIGMA_STATUSES: readonly string[] = ['unsupported', 'deprecated', 'experimental', 'test', 'stable'];

/** Rule levels, lowest first. */
export const SIGMA_LEVELS: readonly string[] = ['informational', 'low', 'medium', 'high', 'critical'];

/** Rank of a status (0-based, higher is more mature), or -1 when absent or unknown. */
export function statusRank(status: string | undefined): number {
  return status === undefined ? -1 : SIGMA_STATUSES.indexOf(status.toLowerCase());
}

/** Rank of a level (0-based), or -1 when absent or unknown. */
export function levelRank(level: string | undefined): number {
  return level === undefined ? -1 : SIGMA_LEVELS.indexOf(level.toLowerCase());
}

/** The `max` score of one rule: informational 1 ... critical 5, no level 0 (pySigma's SigmaLevel values). */
export function levelValue(level: string | undefined): number {
  return levelRank(level) + 1;
}

/** The `level` score weight of one rule: 1/2/4/8/12, and 1 for a rule without a level. */
export function levelWeight(level: string | undefined): number {
  const rank = levelRank(level);
  return rank < 0 ? 1 : ([1, 2, 4, 8, 12] as const)[rank]!;
}
