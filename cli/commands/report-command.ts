import type { Command } from 'commander';
import { runAction } from '../run-action.js';

/**
 * `covmap report` (the self-contained HTML report) and `covmap view` (the same page served on
 * 127.0.0.1). Implementations load lazily so that other commands never pay for them.
 */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('write the coverage heatmap as ONE self-contained HTML file (opens from file://, no network)')
    .argument('[rules...]', 'in-house Sigma rule files or directories, as for `covmap gaps`')
    .requiredOption('--html <file>', 'where to write the HTML report')
    .option('--from-json <file>', 'draw an existing `covmap gaps --format json` report instead of computing one')
    .option('--attack <version|file>', 'ATT&CK release or file (default: the embedded enterprise-attack 18.1)')
    .action(async (rules: string[], options: { html: string; fromJson?: string; attack?: string }) => {
      await runAction(async () => {
        const { runReport } = await import('../report/run-report.js');
        return runReport(rules, options, async () => {
          const { CliError } = await import('../cli-error.js');
          throw new CliError('computing the report from rules needs the gaps analysis, which this build lacks; pass --from-json <report.json>');
        });
      });
    });

  program
    .command('view')
    .description('serve the coverage heatmap on 127.0.0.1 and print its URL (the page also opens reports by file picker or drag and drop)')
    .argument('[report]', 'a `covmap gaps --format json` report to show')
    .option('--port <n>', 'port to listen on (default: a free one)')
    .option('--attack <version|file>', 'ATT&CK data for group and software names when the report has no matrix section')
    .action(async (report: string | undefined, options: { port?: string; attack?: string }) => {
      await runAction(async () => {
        const { runView } = await import('../view/run-view.js');
        return runView(report, options);
      });
    });
}
