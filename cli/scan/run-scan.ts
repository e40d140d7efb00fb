import { resolve } from 'node:path';
import { CatalogIndex } from '../../core/attack/catalog-index.js';
import { exitCodeFor, type ExitCode } from '../../core/exit-code.js';
import { renderNavigatorLayer } from '../../core/render/render-navigator-layer.js';
import { buildScanLayer } from '../../core/scan/build-scan-layer.js';
import { renderScanJson } from '../../core/scan/render-scan-json.js';
import { renderScanText } from '../../core/scan/render-scan-text.js';
import type { ScanOptions } from '../../core/scan/scan-report.js';
import { loadCatalog } from '../attack/load-catalog.js';
import { CliError } from '../cli-error.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { writeErrorReason } from '../io/write-error-reason.js';
import type { ScanCommandOptions } from './scan-command-options.js';
import { scanPaths } from './scan-paths.js';

/** `covmap scan`: scan, print the report, optionally write the Navigator layer; exit 1 on errors. */
export async function runScan(paths: readonly string[], flags: ScanCommandOptions): Promise<ExitCode> {
  const options: ScanOptions = {
    score: flags.score,
    ...(flags.minStatus ? { minStatus: flags.minStatus } : {}),
    ...(flags.minLevel ? { minLevel: flags.minLevel } : {}),
    subtechniques: flags.subtechniques,
    tactics: flags.tactics,
  };
  const jobs = parseJobs(flags.jobs);
  // The catalog loads while files are read and parsed.
  const catalog = loadCatalog({ attack: flags.attack, domain: flags.domain });
  catalog.catch(() => undefined); // awaited below; avoids an unhandled rejection meanwhile
  const report = await scanPaths(paths, { catalog, options, cache: flags.cache, ...(jobs !== undefined ? { jobs } : {}) });
  const loaded = await catalog;
  const index = new CatalogIndex(loaded);

  if (flags.layer) {
    // Missing parent directories are created, as for every output path (`gaps --output`, ...).
    const path = resolve(flags.layer);
    try {
      writeFileAtomic(path, renderNavigatorLayer(buildScanLayer(report, loaded)));
    } catch (error) {
      throw new CliError(`cannot write layer ${flags.layer}: ${writeErrorReason(error)}`);
    }
  }
  process.stdout.write(flags.format === 'json' ? renderScanJson(report) : renderScanText(report, index));
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  return exitCodeFor({ usageError: false, failing: errors });
}

function parseJobs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new CliError(`--jobs must be a whole number from 0 to 64, got "${value}"`);
  return n;
}
