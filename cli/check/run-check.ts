import { existsSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseBaseline } from '../../core/check/baseline.js';
import { buildCheckReport } from '../../core/check/build-check-report.js';
import type { CheckReport } from '../../core/check/check-report.js';
import { renderCheckJson } from '../../core/check/render-check-json.js';
import { renderCheckMarkdown, renderConfigErrorMarkdown } from '../../core/check/render-check-markdown.js';
import { renderCheckText } from '../../core/check/render-check-text.js';
import { exitCodeFor, type ExitCode } from '../../core/exit-code.js';
import type { Finding } from '../../core/findings/finding.js';
import { formatFinding } from '../../core/findings/format-finding.js';
import { ANNOTATIONS_SHOWN_PER_KIND, renderGithubAnnotations } from '../../core/render/render-github.js';
import { renderSarif } from '../../core/render/render-sarif.js';
import { useColor } from '../../core/render/use-color.js';
import { CliError } from '../cli-error.js';
import type { CheckCommandOptions } from '../commands/check-command.js';
import { COVMAP_VERSION } from '../covmap-version.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { writeErrorReason } from '../io/write-error-reason.js';
import { displayPath } from './display-path.js';
import { prepareCheck } from './prepare-check.js';

/**
 * `covmap check`: config, ATT&CK data, scan, thresholds, baseline; then one renderer writes the
 * report and exitCodeFor decides the status (0 passed, 1 failing findings, 2 usage or config error).
 */
export async function runCheck(paths: readonly string[], options: CheckCommandOptions): Promise<ExitCode> {
  const cwd = process.cwd();
  const prepared = await prepareCheck(paths, options, cwd);
  if ('configFindings' in prepared) return reportConfigErrors(prepared.configFindings, prepared.configFile, options);

  const { scan, index, config, root } = prepared;
  let baseline: Parameters<typeof buildCheckReport>[0]['baseline'];
  const baselineOption = options.baseline === false ? undefined : (options.baseline ?? config?.baseline);
  if (baselineOption !== undefined) {
    // A baseline from the config is relative to the config; one from the command line to the cwd.
    const path = options.baseline ? resolve(cwd, options.baseline) : resolve(root, baselineOption);
    const shown = displayPath(path, cwd);
    if (!existsSync(path)) throw new CliError(`baseline not found: ${shown} (create it with \`covmap baseline write --output ${shown}\`)`);
    const parsed = parseBaseline(await readFile(path, 'utf8'));
    if ('error' in parsed) throw new CliError(`baseline ${shown} is unusable: ${parsed.error}`);
    if (parsed.baseline.attack.domain !== scan.attack.domain) {
      throw new CliError(`baseline ${shown} is for ${parsed.baseline.attack.domain}, this check uses ${scan.attack.domain}`);
    }
    baseline = { ...parsed, file: shown };
  }

  const failOn = options.failOn ?? config?.failOn ?? 'error';
  const report = buildCheckReport({
    scan: prepared.rebasedScan,
    index,
    ...(config ? { config } : {}),
    failOn,
    ...(baseline ? { baseline } : {}),
    inputFindings: prepared.inputFindings,
    ...(prepared.inhouse ? { inhouse: prepared.inhouse } : {}),
    year: prepared.year,
  });
  await emit(report, options);
  return exitCodeFor({ usageError: false, failing: report.summary.failing });
}

async function emit(report: CheckReport, options: CheckCommandOptions): Promise<void> {
  let content: string;
  switch (options.format) {
    case 'json':
      content = renderCheckJson(report);
      break;
    case 'sarif':
      content = renderSarif(report.findings, { toolVersion: COVMAP_VERSION, properties: sarifProperties(report) });
      break;
    case 'github':
      content = `${renderGithubAnnotations(report.findings)}${annotationLimitNote(report)}${verdictLine(report)}\n`;
      break;
    case 'md':
      content = renderCheckMarkdown(report);
      break;
    default:
      content = renderCheckText(report, { color: options.output === undefined && useColor(process.stdout, process.env) });
  }
  await writeOutput(content, options.output);
  if (options.output !== undefined) process.stderr.write(`${verdictLine(report)} (report written to ${options.output})\n`);
  if (options.format === 'github') await appendStepSummary(renderCheckMarkdown(report));
}

/** On a configuration error nothing is checked; the problems still reach CI in its format. */
async function reportConfigErrors(findings: readonly Finding[], configFile: string, options: CheckCommandOptions): Promise<ExitCode> {
  for (const f of findings) process.stderr.write(`covmap: ${formatFinding(f)}\n`);
  if (options.format === 'sarif') await writeOutput(renderSarif(findings, { toolVersion: COVMAP_VERSION }), options.output);
  if (options.format === 'github') {
    await writeOutput(renderGithubAnnotations(findings), options.output);
    await appendStepSummary(renderConfigErrorMarkdown(findings, configFile));
  }
  process.stderr.write(`covmap: invalid configuration in ${configFile} (${findings.length} problem${findings.length === 1 ? '' : 's'}); nothing was checked\n`);
  return exitCodeFor({ usageError: true, failing: findings.length });
}

async function writeOutput(content: string, output: string | undefined): Promise<void> {
  if (output === undefined) {
    process.stdout.write(content);
    return;
  }
  try {
    writeFileAtomic(resolve(output), content);
  } catch (error) {
    throw new CliError(`cannot write ${output}: ${writeErrorReason(error)}`);
  }
}

/** GitHub shows $GITHUB_STEP_SUMMARY on the run's page; appending keeps other steps' summaries. */
async function appendStepSummary(markdown: string): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    await appendFile(file, `${markdown}\n`);
  } catch (error) {
    throw new CliError(`cannot append to $GITHUB_STEP_SUMMARY (${file}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Says so in the log when GitHub will not show every annotation on the pull request. */
function annotationLimitNote(report: CheckReport): string {
  const { error, warning, note } = report.summary;
  if (Math.max(error, warning, note) <= ANNOTATIONS_SHOWN_PER_KIND) return '';
  return `covmap: GitHub shows ${ANNOTATIONS_SHOWN_PER_KIND} annotations of each kind per step; all ${error + warning + note} findings are in this log, counted per code in the step summary; upload the SARIF output to code scanning to see every one inline\n`;
}

function verdictLine(report: CheckReport): string {
  const s = report.summary;
  const counts = `${s.error} error${s.error === 1 ? '' : 's'}, ${s.warning} warning${s.warning === 1 ? '' : 's'}, ${s.note} note${s.note === 1 ? '' : 's'}`;
  return `covmap check: ${counts}; ${s.passed ? 'passed' : `failed (${s.failing} failing at --fail-on ${report.failOn})`}`;
}

/** Run-level facts for SARIF consumers that want the numbers, not only the results. */
function sarifProperties(report: CheckReport): Record<string, unknown> {
  return {
    attack: report.attack,
    failOn: report.failOn,
    passed: report.summary.passed,
    files: report.files,
    coverage: {
      covered: report.coverage.universe.covered,
      total: report.coverage.universe.total,
      percent: report.coverage.universe.percent,
      ...(report.coverage.profile ? { profile: { covered: report.coverage.profile.covered, total: report.coverage.profile.total, percent: report.coverage.profile.percent } } : {}),
    },
  };
}
