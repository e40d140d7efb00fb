/**
 * Code-unit order (the order of Array.prototype.sort without a comparator), as a comparator that
 * chains with `||`. Every sorted output uses it instead of localeCompare, whose order depends on
 * the ICU data and locale of the machine, so reports and layers stay byte-identical everywhere.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
