import type { CoverageFigure } from './check-report.js';

/**
 * A coverage share. The percent is rounded DOWN to one decimal: 19.96% shows as 19.9%, so a
 * figure that misses a 20% threshold never displays as if it met it.
 */
export function coverageFigure(covered: number, total: number): CoverageFigure {
  const percent = total === 0 ? 0 : Math.floor((covered * 1000) / total) / 10;
  return { covered, total, percent };
}

/** Whether `covered` of `total` reaches `requiredPercent`, exactly (no rounding involved). */
export function meetsPercent(covered: number, total: number, requiredPercent: number): boolean {
  return covered * 100 >= requiredPercent * total - 1e-9;
}

/** How many more covered techniques reach `requiredPercent` of `total`. */
export function techniquesNeeded(covered: number, total: number, requiredPercent: number): number {
  const target = Math.ceil((requiredPercent * total) / 100 - 1e-9);
  return Math.max(0, target - covered);
}
