import { basename } from 'node:path';
import { exitCodeFor, type ExitCode } from '../../core/exit-code.js';
import type { GapReport } from '../../core/gaps/gap-report.js';
import { CliError } from '../cli-error.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { buildReportHtml } from './build-report-html.js';
import { readGapReportFile } from './read-gap-report-file.js';
import { withGapMatrix } from './with-gap-matrix.js';

export interface ReportOptions {
  readonly html?: string;
  readonly fromJson?: string;
  readonly attack?: string;
}

/**
 * `covmap report --html out.html`: the self-contained HTML report. It reports, it does not judge:
 * exit 0 whatever the gaps (`covmap check` is the command that fails a build).
 */
export async function runReport(inputs: readonly string[], options: ReportOptions, computeReport: () => Promise<GapReport>): Promise<ExitCode> {
  if (!options.html) throw new CliError('say where to write the report: --html <file>');
  if (options.fromJson && inputs.length > 0) throw new CliError('give either rule paths (to compute the report) or --from-json <report.json>, not both');
  const warn = (message: string) => process.stderr.write(`covmap report: warning: ${message}\n`);
  const raw = options.fromJson ? await readGapReportFile(options.fromJson) : await computeReport();
  const report = await withGapMatrix(raw, options.attack, warn);
  const { html } = await buildReportHtml(report, basename(options.fromJson ?? options.html));
  try {
    await writeFileAtomic(options.html, html);
  } catch (error) {
    throw new CliError(`cannot write ${options.html}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const kib = Math.round(Buffer.byteLength(html) / 1024);
  process.stdout.write(`covmap report: wrote ${options.html} (${kib} KiB, ${report.techniques.length} techniques, ${report.sources.length} sources)\n`);
  return exitCodeFor({ usageError: false, failing: 0 });
}
