/**
 * Like toEqual, but stricter where YAML readers can differ: tells NaN, 0 and -0 apart, a number
 * from a numeric string, and one key order from another.
 */
export function sameYamlValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameYamlValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
