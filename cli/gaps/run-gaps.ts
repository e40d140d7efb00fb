import { join, resolve } from 'node:path';
import { CatalogIndex } from '../../core/attack/catalog-index.js';
import { closestName } from '../../core/config/closest-name.js';
import { configLocate } from '../../core/config/config-locate.js';
import { exitCodeFor, type ExitCode } from '../../core/exit-code.js';
import type { Finding } from '../../core/findings/finding.js';
import { formatFinding } from '../../core/findings/format-finding.js';
import { analyzeGaps } from '../../core/gaps/analyze-gaps.js';
import type { GapReport } from '../../core/gaps/gap-report.js';
import { buildGapLayers } from '../../core/gaps/build-gap-layers.js';
import { isInputFinding } from '../../core/gaps/gap-report-view.js';
import { parseInhouseProfile, type InhouseProfileInput } from '../../core/gaps/inhouse-profile.js';
import { renderGapsCsv } from '../../core/gaps/render-gaps-csv.js';
import { renderGapsJson } from '../../core/gaps/render-gaps-json.js';
import { renderGapsMarkdown } from '../../core/gaps/render-gaps-markdown.js';
import { renderGapsText } from '../../core/gaps/render-gaps-text.js';
import { resolveThreatProfile } from '../../core/gaps/threat-profile.js';
import { renderNavigatorLayer } from '../../core/render/render-navigator-layer.js';
import { attackPlatforms, canonicalPlatform } from '../../core/scope/attack-platforms.js';
import { parseLogsourceSpec, type Logsource } from '../../core/scope/logsource.js';
import type { ScopeSource } from '../../core/scope/scope-source.js';
import type { ScanOptions } from '../../core/scan/scan-report.js';
import { isVersionSpec, loadCatalog } from '../attack/load-catalog.js';
import { displayPath } from '../check/display-path.js';
import { loadConfig } from '../check/load-config.js';
import { CliError } from '../cli-error.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { writeErrorReason } from '../io/write-error-reason.js';
import { scanPaths } from '../scan/scan-paths.js';
import type { GapsCommandOptions } from './gaps-command-options.js';
import { readScopeInput } from './read-scope-input.js';
import { referenceYear } from './reference-year.js';

type GapsFormat = GapsCommandOptions['format'];
const EXTENSION_FORMATS: Readonly<Record<string, GapsFormat>> = { '.json': 'json', '.md': 'md', '.markdown': 'md', '.csv': 'csv', '.txt': 'text' };

/**
 * `covmap gaps`: in-house rules (and optional DeTT&CT/layer files) against provider scopes. Flags
 * win over the `.covmap.yml` found like `covmap check` finds it (rules, scopes, profile, platforms,
 * attack and the `inhouse` section). The report goes to standard output, or to each --output file
 * (format from its extension) with a summary on standard output; --layers writes Navigator layers.
 * Exit 1 when an input had errors (the report is still written), 2 for usage errors.
 */
export async function runGaps(
  rulePaths: readonly string[],
  flags: GapsCommandOptions,
  cwd: string = process.cwd(),
  /** `covmap report` (cli/report/run-report.ts): takes the computed report instead of the outputs. */
  use?: (report: GapReport) => Promise<ExitCode>,
): Promise<ExitCode> {
  const top = parseCount(flags.top, '--top');
  const jobs = flags.jobs === undefined ? undefined : parseCount(flags.jobs, '--jobs');
  const outputs = flags.output.map((path) => ({ path, format: formatOf(path, flags.format) }));
  const year = referenceYear(process.env);

  const loaded = await loadConfig(flags.config, cwd);
  if (loaded.findings.length > 0) {
    throw new CliError(`invalid configuration:\n${loaded.findings.map(formatFinding).join('\n')}`);
  }
  const config = loaded.config;
  const fromConfig = (p: string) => displayPath(resolve(loaded.dir, p), cwd);

  let attack = flags.attack;
  if (attack === undefined && config?.attack !== undefined) attack = isVersionSpec(config.attack) ? config.attack : resolve(loaded.dir, config.attack);
  const rules = rulePaths.length > 0 ? rulePaths : (config?.rules ?? []).map(fromConfig);
  const scopes = flags.scope.length > 0 ? flags.scope : (config?.scopes ?? []).map(fromConfig);
  if (scopes.length === 0) throw new CliError('give at least one provider scope with --scope FILE (covmap scope YAML, Navigator layer, CTID or DeTT&CT file, or a directory of Sigma rules)');
  if (rules.length === 0 && flags.inhouse.length === 0) throw new CliError('give in-house rule paths (covmap gaps <rules...>) or an in-house coverage file with --inhouse FILE');

  const domain = flags.domain ?? config?.domain;
  const catalogPromise = loadCatalog({ attack, ...(domain ? { domain } : {}) });
  catalogPromise.catch(() => undefined); // awaited below
  const scanOptions: ScanOptions = {
    score: 'count',
    subtechniques: true,
    tactics: 'all',
    ...((flags.minStatus ?? config?.scan?.minStatus) ? { minStatus: flags.minStatus ?? config?.scan?.minStatus } : {}),
    ...((flags.minLevel ?? config?.scan?.minLevel) ? { minLevel: flags.minLevel ?? config?.scan?.minLevel } : {}),
  };
  const scanPromise =
    rules.length > 0 ? scanPaths(rules, { catalog: catalogPromise, options: scanOptions, cwd, cache: flags.cache, ...(jobs !== undefined ? { jobs } : {}) }) : undefined;
  // When the catalog fails (unknown --attack), the scan fails with it and is never awaited: without
  // a handler its rejection would crash the process with a stack trace instead of the one-line error.
  scanPromise?.catch(() => undefined);
  const catalog = await catalogPromise;
  const index = new CatalogIndex(catalog);

  // The in-house profile: flags when any is given, else the config's `inhouse` section.
  const flagProfile = profileFromFlags(flags);
  const profileRead = flagProfile
    ? parseInhouseProfile(flagProfile, { index, year })
    : config?.inhouse !== undefined
      ? parseInhouseProfile(config.inhouse, { index, year, file: config.file, locate: configLocate(config.map), base: ['inhouse'] })
      : parseInhouseProfile({}, { index, year });
  const profileErrors = profileRead.diagnostics.filter((d) => d.severity === 'error');
  if (profileErrors.length > 0) {
    throw new CliError(`invalid in-house profile${flagProfile ? ' (--soc-hours, --inhouse-platform, --inhouse-logsource)' : ''}:\n${profileErrors.map(formatFinding).join('\n')}`);
  }

  const platforms = (flags.platform.length > 0 ? splitList(flags.platform) : [...(config?.platforms ?? [])]).map((name) => {
    const p = canonicalPlatform(index, name);
    if (!p) throw new CliError(`unknown platform "${name}" for --platform; ATT&CK ${catalog.version} has: ${[...attackPlatforms(index).values()].join(', ')}`);
    return p;
  });

  const queries = flags.profile.length > 0 ? flags.profile : [...(config?.profile ?? [])];
  const threat = queries.length > 0 ? resolveThreatProfile(index, queries) : undefined;
  if (threat && threat.unknown.length > 0) {
    const names = [...catalog.groups, ...catalog.campaigns, ...catalog.software].flatMap((a) => [a.name, ...a.aliases]);
    const hints = threat.unknown.map((q) => {
      const near = closestName(q, names);
      return `"${q}"${near ? ` (did you mean "${near}"?)` : ''}`;
    });
    throw new CliError(`--profile: no ATT&CK group, campaign or software has the ID, name or alias ${hints.join(', ')}`);
  }

  const readOptions = { index, catalog, year, cache: flags.cache, jobs };
  const providers: ScopeSource[] = [];
  for (const path of scopes) providers.push(await readScopeInput(path, { ...readOptions, flag: '--scope' }));
  const extra: ScopeSource[] = [];
  for (const path of flags.inhouse) extra.push(await readScopeInput(path, { ...readOptions, flag: '--inhouse' }));
  const scan = scanPromise ? await scanPromise : undefined;

  const report = analyzeGaps({
    index,
    inhouse: { ...(scan ? { scan } : {}), extra, profile: profileRead.profile, inputs: [...rules, ...flags.inhouse] },
    providers,
    platforms,
    threat: threat?.profile,
    year,
    diagnostics: [...profileRead.diagnostics, ...(threat?.diagnostics ?? [])],
  });
  if (use) {
    printInputProblems(report.diagnostics);
    return use(report);
  }

  const written: string[] = [];
  for (const o of outputs) {
    write(o.path, render(report, o.format, top));
    written.push(`${o.path} (${o.format})`);
  }
  if (flags.layers) {
    const dir = flags.layers;
    const layers = buildGapLayers(report);
    for (const layer of layers) write(join(dir, layer.file), renderNavigatorLayer(layer.layer));
    written.push(`${dir}/ (Navigator layers: ${layers.map((l) => l.file).join(', ')})`);
  }

  printInputProblems(report.diagnostics);
  if (outputs.length === 0) {
    process.stdout.write(render(report, flags.format, top));
  } else {
    process.stdout.write(renderGapsText(report, { top, summaryOnly: true }));
  }
  if (written.length > 0) process.stdout.write(`\nWrote:\n${written.map((w) => `  ${w}`).join('\n')}\n`);

  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  return exitCodeFor({ usageError: false, failing: errors });
}

function render(report: GapReport, format: GapsFormat, top: number): string {
  switch (format) {
    case 'json':
      return renderGapsJson(report);
    case 'md':
      return renderGapsMarkdown(report, { top });
    case 'csv':
      return renderGapsCsv(report);
    default:
      return renderGapsText(report, { top });
  }
}

/** Rule problems listed on standard error before the rest are only counted (as `covmap scan` does). */
const LISTED_RULE_PROBLEMS = 20;

/**
 * Errors and warnings go to standard error as `file:line:col: ...` lines: every one about the
 * scope inputs, and the rules' errors first, then their warnings, up to LISTED_RULE_PROBLEMS (a
 * rule error makes the exit status 1, so the user must see which rule it is).
 */
function printInputProblems(diagnostics: readonly Finding[]): void {
  const lines = diagnostics.filter((d) => isInputFinding(d) && d.severity !== 'note').map(formatFinding);
  const ruleProblems = [
    ...diagnostics.filter((d) => !isInputFinding(d) && d.severity === 'error'),
    ...diagnostics.filter((d) => !isInputFinding(d) && d.severity === 'warning'),
  ];
  lines.push(...ruleProblems.slice(0, LISTED_RULE_PROBLEMS).map(formatFinding));
  if (ruleProblems.length > LISTED_RULE_PROBLEMS) {
    lines.push(`... and ${ruleProblems.length - LISTED_RULE_PROBLEMS} more rule errors and warnings (covmap scan, or --format json, lists them all)`);
  }
  if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`);
}

function write(path: string, content: string): void {
  try {
    writeFileAtomic(resolve(path), content);
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${writeErrorReason(error)}`);
  }
}

function formatOf(path: string, fallback: GapsFormat): GapsFormat {
  const m = /\.[^./\\]+$/.exec(path.toLowerCase());
  return (m && EXTENSION_FORMATS[m[0]]) || fallback;
}

function profileFromFlags(flags: GapsCommandOptions): InhouseProfileInput | undefined {
  if (flags.socHours === undefined && flags.inhousePlatform.length === 0 && flags.inhouseLogsource.length === 0) return undefined;
  const logsources: Logsource[] = flags.inhouseLogsource.map((spec) => {
    const l = parseLogsourceSpec(spec);
    if (!l) throw new CliError(`--inhouse-logsource "${spec}": expected product=...,category=...,service=... (e.g. product=windows,category=process_creation)`);
    return l;
  });
  return {
    ...(flags.socHours !== undefined ? { hours: flags.socHours } : {}),
    ...(flags.inhousePlatform.length > 0 ? { platforms: splitList(flags.inhousePlatform) } : {}),
    ...(logsources.length > 0 ? { logsources } : {}),
  };
}

/** Repeatable flags also take comma-separated lists: --platform Windows,Linux. */
function splitList(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

function parseCount(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 100_000) throw new CliError(`${flag} must be a whole number, got "${value}"`);
  return n;
}
