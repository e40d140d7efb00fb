import type { ExitCode } from '../../core/exit-code.js';
import { readCatalogFile } from './load-catalog.js';
import { storeCatalog } from './store-catalog.js';
import { summarizeCatalog } from './summarize-catalog.js';
import { printableText } from '../../core/render/printable-text.js';

export interface AttackBuildOptions {
  readonly output: string;
}

/**
 * `covmap attack build <bundle...> --output <dir>`: how the embedded catalogs in data/attack/ are
 * made (`npm run catalogs`). Same build as `attack import`, written to a chosen directory.
 */
export async function runAttackBuild(bundles: readonly string[], options: AttackBuildOptions): Promise<ExitCode> {
  for (const bundle of bundles) {
    const catalog = await readCatalogFile(bundle);
    const path = await storeCatalog(catalog, options.output, 'ATTACK_OUTPUT_UNWRITABLE');
    process.stdout.write(`${printableText(summarizeCatalog(catalog, path))}\n`);
  }
  return 0;
}
