import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { CatalogIndex } from '../../core/attack/catalog-index.js';
import type { AttackDomain } from '../../core/attack/catalog.js';
import { checkConfigAgainstCatalog } from '../../core/config/check-config-against-catalog.js';
import { configLocate } from '../../core/config/config-locate.js';
import { configLocation } from '../../core/config/covmap-config.js';
import { makeFinding } from '../../core/findings/make-finding.js';
import { parseInhouseProfile } from '../../core/gaps/inhouse-profile.js';
import { parseScopeFile } from '../../core/scope/parse-scope-file.js';
import type { CovmapConfig } from '../../core/config/covmap-config.js';
import { compareFindings, type Finding } from '../../core/findings/finding.js';
import type { ScanOptions, ScanReport } from '../../core/scan/scan-report.js';
import { isVersionSpec, loadCatalog } from '../attack/load-catalog.js';
import { scanPaths } from '../scan/scan-paths.js';
import { displayPath } from './display-path.js';
import { loadConfig } from './load-config.js';

export interface PreparedCheck {
  readonly config?: CovmapConfig;
  /** Directory the config's relative paths (and baseline rule keys) are relative to. */
  readonly root: string;
  readonly index: CatalogIndex;
  /** The scan as run: paths and findings relative to the working directory. */
  readonly scan: ScanReport;
  /**
   * The same scan with rule keys relative to `root`, so a baseline matches whatever directory
   * covmap is run from (diagnostics keep their working-directory paths).
   */
  readonly rebasedScan: ScanReport;
  /** Findings about the repository's other inputs (scope files, the in-house profile) that are not config errors. */
  readonly inputFindings: readonly Finding[];
}

export interface ConfigProblems {
  readonly configFindings: readonly Finding[];
  readonly configFile: string;
}

/** What `check` and `baseline write` share: config, ATT&CK data, the paths to scan and the scan. */
export async function prepareCheck(
  paths: readonly string[],
  options: { readonly config?: string; readonly attack?: string; readonly domain?: AttackDomain; readonly cache?: boolean },
  cwd: string,
): Promise<PreparedCheck | ConfigProblems> {
  const loaded = await loadConfig(options.config, cwd);
  const configFile = loaded.path ? displayPath(loaded.path, cwd) : '';
  if (loaded.findings.length > 0) return { configFindings: loaded.findings, configFile };
  const config = loaded.config;
  const root = loaded.dir;

  // --attack wins; a path in the config is relative to the config file.
  let attack = options.attack;
  if (attack === undefined && config?.attack !== undefined) attack = isVersionSpec(config.attack) ? config.attack : resolve(root, config.attack);
  const catalog = await loadCatalog({ attack, domain: options.domain ?? config?.domain });
  const index = new CatalogIndex(catalog);
  const inputFindings: Finding[] = [];
  if (config) {
    const problems = checkConfigAgainstCatalog(config, index);
    const year = new Date().getUTCFullYear();
    if (config.inhouse !== undefined) {
      // The gaps area owns the in-house profile; its errors here are errors of this config.
      const inhouse = parseInhouseProfile(config.inhouse, { index, year, file: config.file, locate: configLocate(config.map), base: ['inhouse'] });
      for (const f of inhouse.diagnostics) (f.severity === 'error' ? problems : inputFindings).push(f);
    }
    for (const [i, scope] of (config.scopes ?? []).entries()) {
      const path = resolve(root, scope);
      if (!existsSync(path)) {
        problems.push(makeFinding('CONFIG_PATH_NOT_FOUND', configLocation(config, `/scopes/${i}`), { setting: 'scopes', path: scope }));
        continue;
      }
      // A broken provider scope kept in the repository fails the check like a broken rule.
      const source = parseScopeFile(await readFile(path, 'utf8'), { index, file: displayPath(path, cwd), year });
      inputFindings.push(...source.diagnostics);
    }
    if (problems.length > 0) return { configFindings: problems.sort(compareFindings), configFile };
  }

  const targets =
    paths.length > 0 ? [...paths] : config?.rules ? config.rules.map((p) => displayPath(resolve(root, p), cwd)) : [displayPath(root, cwd)];
  const scanOptions: ScanOptions = {
    score: 'count',
    subtechniques: config?.subtechniques ?? true,
    tactics: config?.scan?.tactics ?? 'all',
    ...(config?.scan?.minStatus ? { minStatus: config.scan.minStatus } : {}),
    ...(config?.scan?.minLevel ? { minLevel: config.scan.minLevel } : {}),
  };
  const scan = await scanPaths(targets, { catalog, options: scanOptions, cwd, index, cache: options.cache !== false });
  const rebasedScan = resolve(cwd) === resolve(root) ? scan : rebaseKeys(scan, (p) => toRoot(p, cwd, root));
  return { ...(config ? { config } : {}), root, index, scan, rebasedScan, inputFindings };
}

function toRoot(path: string, cwd: string, root: string): string {
  const m = /^(.*?)(#\d+)?$/.exec(path)!;
  return `${relative(root, resolve(cwd, m[1]!)).split(sep).join('/')}${m[2] ?? ''}`;
}

function rebaseKeys(scan: ScanReport, rebase: (key: string) => string): ScanReport {
  return {
    ...scan,
    rules: scan.rules.map((r) => ({ ...r, key: rebase(r.key) })),
    techniques: scan.techniques.map((t) => ({ ...t, rules: t.rules.map(rebase).sort() })),
    fileResults: scan.fileResults.map((f) => ({ ...f, file: rebase(f.file) })),
  };
}
