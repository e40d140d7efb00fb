import { CatalogIndex } from '../../core/attack/catalog-index.js';
import { buildGapMatrix } from '../../core/gaps/build-gap-matrix.js';
import type { GapReport } from '../../core/gaps/gap-report.js';
import { loadCatalog } from '../attack/load-catalog.js';

/**
 * A report with its matrix section (tactic columns, group and software names). Reports from
 * `covmap gaps` may not carry one; the catalog they were computed against fills it in. When that
 * catalog cannot be loaded the page still works (columns from the report, IDs for names), so this
 * warns instead of failing.
 */
export async function withGapMatrix(report: GapReport, attack: string | undefined, warn: (message: string) => void): Promise<GapReport> {
  if (report.matrix) return report;
  try {
    const catalog = await loadCatalog({ attack: attack ?? report.attack.version, domain: report.attack.domain });
    if (catalog.domain !== report.attack.domain) {
      warn(`the ATT&CK data is ${catalog.domain}, the report is ${report.attack.domain}: group and software names left out`);
      return report;
    }
    return { ...report, matrix: buildGapMatrix(new CatalogIndex(catalog)) };
  } catch (error) {
    warn(`${(error as Error).message}; the page shows group and software IDs without names`);
    return report;
  }
}
