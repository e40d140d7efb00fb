/**
 * Relaxed validation groups the objects the data model's schemas reject by type and reason. Most
 * are kept (MITRE's releases fail the schemas for harmless reasons); an object covmap cannot use
 * at all (unknown type, no type or id, a property of the wrong type) is left out, and its reason
 * says so with this suffix. The reason strings are stored in catalogs, so the suffix, not a new
 * catalog field, carries the distinction.
 */
export const LEFT_OUT_SUFFIX = ' (left out)';

export function isLeftOut(reason: string): boolean {
  return reason.endsWith(LEFT_OUT_SUFFIX);
}

/** How many objects failed validation, and how many of those were left out rather than kept. */
export function countRejected(rejected: readonly { readonly reason: string; readonly count: number }[]): { failed: number; leftOut: number } {
  let failed = 0;
  let leftOut = 0;
  for (const r of rejected) {
    failed += r.count;
    if (isLeftOut(r.reason)) leftOut += r.count;
  }
  return { failed, leftOut };
}
