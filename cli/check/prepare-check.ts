import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { CatalogIndex } from '../../core/attack/catalog-index.js';
import type { AttackDomain } from '../../core/attack/catalog.js';
import { checkConfigAgainstCatalog } from '../../core/config/check-config-against-catalog.js';
import { configLocate } from '../../core/config/config-locate.js';
import { configLocation } from '../../core/config/covmap-config.js';
import type { CovmapConfig } from '../../core/config/covmap-config.js';
import { compareFindings, type Finding } from '../../core/findings/finding.js';
import { makeFinding } from '../../core/findings/make-finding.js';
import type { InhouseProfile } from '../../core/gaps/inhouse-profile.js';
import type { ScanOptions, ScanReport } from '../../core/scan/scan-report.js';
import { isVersionSpec, loadCatalog } from '../attack/load-catalog.js';
import { CliError } from '../cli-error.js';
import { referenceYear } from '../gaps/reference-year.js';
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
  /** The config's `inhouse` section, parsed by the gaps area (absent: not configured). */
  readonly inhouse?: InhouseProfile;
  /** Reference year of hours masks (the current one, or SOURCE_DATE_EPOCH's, as for `covmap gaps`). */
  readonly year: number;
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
  const year = referenceYear(process.env);
  let inhouse: InhouseProfile | undefined;
  if (config) {
    const problems = checkConfigAgainstCatalog(config, index);
    if (config.inhouse !== undefined) {
      // The gaps area owns the in-house profile; its errors here are errors of this config.
      // Imported only when needed: it loads the scope schema validator.
      const { parseInhouseProfile } = await import('../../core/gaps/inhouse-profile.js');
      const parsed = parseInhouseProfile(config.inhouse, { index, year, file: config.file, locate: configLocate(config.map), base: ['inhouse'] });
      for (const f of parsed.diagnostics) (f.severity === 'error' ? problems : inputFindings).push(f);
      inhouse = parsed.profile;
    }
    // Read exactly as `covmap gaps` reads them: a file by its content, a directory as the
    // provider's own Sigma rules. Imported only when needed: it loads the scope schema validator.
    const readScopeInput = config.scopes?.length ? (await import('../gaps/read-scope-input.js')).readScopeInput : undefined;
    for (const [i, scope] of (config.scopes ?? []).entries()) {
      const path = resolve(root, scope);
      if (!existsSync(path)) {
        problems.push(makeFinding('CONFIG_PATH_NOT_FOUND', configLocation(config, `/scopes/${i}`), { setting: 'scopes', path: scope }));
        continue;
      }
      // A broken provider scope kept in the repository fails the check like a broken rule.
      const source = await readScopeInput!(displayPath(path, cwd), { index, catalog, year, cache: options.cache !== false, flag: 'scope' });
      inputFindings.push(...source.diagnostics);
    }
    if (paths.length === 0) {
      (config.rules ?? []).forEach((rule, i) => {
        if (!isGlob(rule) && !existsSync(resolve(root, rule))) problems.push(makeFinding('CONFIG_PATH_NOT_FOUND', configLocation(config, `/rules/${i}`), { setting: 'rules', path: rule }));
      });
    }
    if (problems.length > 0) return { configFindings: problems.sort(compareFindings), configFile };
  }
  // A path typed on the command line that does not exist is a usage error, not a finding.
  for (const p of paths) if (!isGlob(p) && !existsSync(resolve(cwd, p))) throw new CliError(`path not found: ${p}`);

  const targets =
    paths.length > 0 ? [...paths] : config?.rules ? config.rules.map((p) => displayPath(resolve(root, p), cwd)) : [displayPath(root, cwd)];
  const scanOptions: ScanOptions = {
    score: 'count',
    subtechniques: true,
    tactics: 'all',
    ...(config?.scan?.minStatus ? { minStatus: config.scan.minStatus } : {}),
    ...(config?.scan?.minLevel ? { minLevel: config.scan.minLevel } : {}),
  };
  const scan = await scanPaths(targets, { catalog, options: scanOptions, cwd, index, cache: options.cache !== false });
  const rebasedScan = resolve(cwd) === resolve(root) ? scan : rebaseKeys(scan, (p) => toRoot(p, cwd, root));
  return { ...(config ? { config } : {}), root, index, scan, rebasedScan, inputFindings, ...(inhouse ? { inhouse } : {}), year };
}

/** Glob patterns are matched by the scanner; only plain paths can be checked for existence. */
function isGlob(path: string): boolean {
  return /[*?[\]{}]/.test(path);
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
