import type { Catalog } from '../../core/attack/catalog.js';
import type { Finding } from '../../core/findings/finding.js';
import { makeFinding } from '../../core/findings/make-finding.js';

/** One ATTACK_OBJECTS_REJECTED note per (type, reason) that relaxed validation counted. */
export function validationFindings(catalog: Catalog, file: string): Finding[] {
  return catalog.validation.rejected.map((r) => makeFinding('ATTACK_OBJECTS_REJECTED', { file }, { type: r.type, reason: r.reason, count: r.count }));
}
