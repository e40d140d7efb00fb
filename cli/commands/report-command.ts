import type { Command } from 'commander';
import { runAction } from '../run-action.js';
import type { ReportOptions } from '../report/run-report.js';

/** Flags of `covmap gaps` that choose its outputs; `covmap report` writes HTML instead. */
const GAPS_OUTPUT_FLAGS = new Set(['--format', '--output', '--layers', '--top']);

/**
 * `covmap report` (the self-contained HTML report) and `covmap view` (the same page served on
 * 127.0.0.1). Implementations load lazily so that other commands never pay for them.
 */
export function registerReportCommand(program: Command): void {
  const report = program
    .command('report')
    .description('write the coverage heatmap as ONE self-contained HTML file (opens from file://, no network); takes the inputs of `covmap gaps`')
    .argument('[rules...]', 'in-house Sigma rule files, directories or globs, as for `covmap gaps`')
    .requiredOption('--html <file>', 'where to write the HTML report')
    .option('--from-json <file>', 'draw an existing `covmap gaps --format json` report instead of computing one');
  // The same inputs as `covmap gaps`, taken from its declaration (registered before this one) so
  // the two commands cannot drift apart when gaps gains a flag.
  const gaps = program.commands.find((c) => c.name() === 'gaps');
  if (!gaps) throw new Error('register the gaps command before the report command');
  for (const option of gaps.options) {
    if (!GAPS_OUTPUT_FLAGS.has(option.long ?? '')) report.addOption(option);
  }
  report.action(async (rules: string[], options: ReportOptions) => {
    await runAction(async () => (await import('../report/run-report.js')).runReport(rules, options));
  });

  program
    .command('view')
    .description('serve the coverage heatmap on 127.0.0.1 and print its URL (the page also opens reports by file picker or drag and drop)')
    .argument('[report]', 'a `covmap gaps --format json` report to show')
    .option('--port <n>', 'port to listen on (default: a free one)')
    .option('--attack <version|file>', 'ATT&CK data for group and software names when the report has no matrix section')
    .action(async (report: string | undefined, options: { port?: string; attack?: string }) => {
      await runAction(async () => (await import('../view/run-view.js')).runView(report, options));
    });
}
