import { basename } from 'node:path';
import { exitCodeFor, type ExitCode } from '../../core/exit-code.js';
import type { GapReport } from '../../core/gaps/gap-report.js';
import { CliError } from '../cli-error.js';
import type { GapsCommandOptions } from '../gaps/gaps-command-options.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { writeErrorReason } from '../io/write-error-reason.js';
import { buildReportHtml } from './build-report-html.js';
import { readGapReportFile } from './read-gap-report-file.js';
import { withGapMatrix } from './with-gap-matrix.js';

/** `covmap report` flags: its own, plus every input flag of `covmap gaps`. */
export type ReportOptions = { readonly html: string; readonly fromJson?: string } & Omit<GapsCommandOptions, 'format' | 'output' | 'layers' | 'top'>;

/**
 * `covmap report --html out.html`: the self-contained HTML report, computed by the gaps command's
 * own code path (same inputs, same config file, same diagnostics on stderr) or read from
 * --from-json. It reports, it does not judge: exit 0 whatever the gaps (`covmap check` fails
 * builds), 1 only when an input had errors, as `covmap gaps` does.
 */
export async function runReport(rules: readonly string[], options: ReportOptions, cwd: string = process.cwd()): Promise<ExitCode> {
  if (!options.html) throw new CliError('say where to write the report: --html <file>');
  if (options.fromJson) {
    if (rules.length > 0) throw new CliError('give either rule paths (to compute the report) or --from-json <report.json>, not both');
    const report = await readGapReportFile(options.fromJson);
    return writeReport(report, options, basename(options.fromJson));
  }
  const { runGaps } = await import('../gaps/run-gaps.js');
  const origin = `the gaps of ${rules.length > 0 ? rules.join(', ') : 'the configured rules'}`;
  return runGaps(rules, { ...options, format: 'json', output: [], top: '20' }, cwd, (report) => writeReport(report, options, origin));
}

async function writeReport(raw: GapReport, options: ReportOptions, origin: string): Promise<ExitCode> {
  const warn = (message: string) => process.stderr.write(`covmap report: warning: ${message}\n`);
  const report = await withGapMatrix(raw, options.attack, warn);
  const { html } = await buildReportHtml(report, origin);
  try {
    writeFileAtomic(options.html, html);
  } catch (error) {
    throw new CliError(`cannot write ${options.html}: ${writeErrorReason(error)}`);
  }
  const kib = Math.round(Buffer.byteLength(html) / 1024);
  process.stdout.write(`covmap report: wrote ${options.html} (${kib} KiB, ${report.techniques.length} techniques, ${report.sources.length} sources)\n`);
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  return exitCodeFor({ usageError: false, failing: errors });
}
