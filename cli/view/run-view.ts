import { basename } from 'node:path';
import { exitCodeFor, type ExitCode } from '../../core/exit-code.js';
import { CliError } from '../cli-error.js';
import { buildReportHtml } from '../report/build-report-html.js';
import { readGapReportFile } from '../report/read-gap-report-file.js';
import { withGapMatrix } from '../report/with-gap-matrix.js';
import { serveView } from './serve-view.js';

export interface ViewOptions {
  readonly port?: string;
  readonly attack?: string;
}

/** `covmap view [report.json]`: serve the page on 127.0.0.1 until interrupted. */
export async function runView(reportPath: string | undefined, options: ViewOptions): Promise<ExitCode> {
  const port = parsePort(options.port);
  const warn = (message: string) => process.stderr.write(`covmap view: warning: ${message}\n`);
  const report = reportPath ? await withGapMatrix(await readGapReportFile(reportPath), options.attack, warn) : undefined;
  const page = await buildReportHtml(report, reportPath ? basename(reportPath) : undefined);
  const server = await serveView(page, port);
  const what = reportPath ? reportPath : 'an empty page (open or drop a report in it)';
  process.stdout.write(`covmap view: serving ${what} at ${server.url}\n`);
  process.stdout.write('covmap view: press Ctrl-C to stop\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return exitCodeFor({ usageError: false, failing: 0 });
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new CliError(`--port must be a number from 0 to 65535, got "${value}"`);
  return Number(value);
}
