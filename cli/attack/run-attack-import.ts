import type { AttackDomain, Catalog } from '../../core/attack/catalog.js';
import { catalogCounts } from '../../core/attack/catalog-counts.js';
import type { ExitCode } from '../../core/exit-code.js';
import { formatFinding } from '../../core/findings/format-finding.js';
import { printableText } from '../../core/render/printable-text.js';
import { cacheDir } from '../io/project-paths.js';
import { attackCacheDir, readCatalogFile } from './load-catalog.js';
import { validationFindings } from './report-validation.js';
import { storeCatalog } from './store-catalog.js';
import { summarizeCatalog } from './summarize-catalog.js';

export interface AttackImportOptions {
  readonly domain?: AttackDomain | undefined;
  readonly json?: boolean | undefined;
}

/**
 * `covmap attack import <bundle>`: validate (relaxed), build, and store the catalog in the
 * per-user cache, where `--attack <version>` finds it. Nothing is written unless every step
 * before the (atomic) write succeeded.
 */
export async function runAttackImport(bundle: string, options: AttackImportOptions): Promise<ExitCode> {
  const catalog = await readCatalogFile(bundle, options.domain);
  const path = await storeCatalog(catalog, attackCacheDir(cacheDir()));
  printImported(catalog, path, bundle, options.json === true);
  return 0;
}

/** Shared by import and update: summary line plus one note per group of schema failures, or JSON. */
export function printImported(catalog: Catalog, path: string, from: string, json: boolean): void {
  if (json) {
    const out = { domain: catalog.domain, version: catalog.version, path, from, counts: catalogCounts(catalog), validation: catalog.validation };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  const lines = [printableText(`imported ${summarizeCatalog(catalog, path)}`), ...validationFindings(catalog, from).map(formatFinding)];
  process.stdout.write(`${lines.join('\n')}\n`);
}
