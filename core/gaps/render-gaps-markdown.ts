import { formatFinding, formatFindingMessage } from '../findings/format-finding.js';
import { printableText } from '../render/printable-text.js';
import type { CoverageSummary, GapReport } from './gap-report.js';
import { slotLabel } from '../scope/week-hours.js';
import { comparisonLabel, covered, diagnosticCounts, hoursText, isInputFinding, notAlwaysWatched, pct, providersOf, share, sourceInputText, topGaps, watchedText, weakestHours } from './gap-report-view.js';

export interface GapsMarkdownOptions {
  readonly top?: number;
}

/**
 * `covmap gaps --format md`: written to be pasted into a contract review or a pull request. Plain
 * GitHub-flavoured Markdown: tables, no HTML, every cell escaped.
 */
export function renderGapsMarkdown(report: GapReport, options: GapsMarkdownOptions = {}): string {
  const top = options.top ?? 20;
  const out: string[] = [];
  const { summary } = report;
  const providers = providersOf(report);
  const platforms = report.filters.platforms.length > 0 ? report.filters.platforms.join(', ') : 'all platforms';
  out.push(`# Detection coverage gaps: ${esc(comparisonLabel(report))}`);
  out.push('');
  out.push(`ATT&CK ${report.attack.domain} ${report.attack.version}; universe: ${summary.universe} active techniques and sub-techniques (${esc(platforms)}).`);
  out.push('');

  out.push('## Sources');
  out.push('');
  out.push(
    ...mdTable(
      ['Id', 'Name', 'Kind', 'Input', 'Hours', 'Platforms'],
      report.sources.map((s) => [s.id, s.name, s.kind, sourceInputText(s), hoursText(s), s.platforms.join(', ') || (s.platformsDeclared ? '' : 'unknown')]),
    ),
  );
  out.push('');

  out.push('## Summary');
  out.push('');
  out.push(...summaryTable(summary, providers.length > 1 ? 'in-house vs any provider' : comparisonLabel(report)));
  out.push('');
  if (providers.length > 1) {
    out.push(
      ...mdTable(
        ['Provider', 'Both', 'In-house only', 'Provider only', 'Neither', 'Only this provider'],
        providers.map((p) => {
          const s = report.providers[p.id]!;
          return [p.id, String(s.both), String(s.inhouse_only), String(s.provider_only), String(s.neither), String(report.contract.uniqueByProvider[p.id]?.length ?? 0)];
        }),
      ),
    );
    out.push('');
  }

  const c = report.contract;
  out.push('## Contract value');
  out.push('');
  out.push(`- In-house alone covers **${pct(c.inhouseCoverage)}** of the universe; with the provider${providers.length === 1 ? '' : 's'} **${pct(c.combinedCoverage)}**.`);
  if (c.profileInhouseCoverage !== undefined && c.profileCombinedCoverage !== undefined) {
    out.push(`- Threat profile: **${pct(c.profileInhouseCoverage)}** in-house alone, **${pct(c.profileCombinedCoverage)}** with the provider${providers.length === 1 ? '' : 's'}.`);
  }
  out.push(`- Only a provider covers ${c.providerOnly.length}; covered twice: ${c.coveredTwice.length}; covered by nobody: ${c.neither.length}.`);
  out.push(`- ${report.hours.notAlways.length} of ${covered(summary)} covered techniques are not watched 24x7 (hours in UTC, every week of ${report.hours.year}).`);
  out.push('');

  if (report.profile) {
    const p = report.profile;
    out.push(`## Threat profile: ${esc(p.resolved.map((a) => `${a.name} (${a.id})`).join(', '))}`);
    out.push('');
    out.push(`${p.techniques.length} techniques used, ${p.inUniverse} in the universe.`);
    out.push('');
    out.push(...summaryTable(p.summary, comparisonLabel(report)));
    out.push('');
  }

  out.push('## By tactic');
  out.push('');
  out.push(
    ...mdTable(
      ['Tactic', 'Universe', 'Both', 'In-house only', 'Provider only', 'Neither', 'Covered'],
      report.tactics.map((t) => [t.name, String(t.universe), String(t.both), String(t.inhouse_only), String(t.provider_only), String(t.neither), share(covered(t), t.universe)]),
      true,
    ),
  );
  out.push('');
  out.push('A technique counts under each of its tactics, so the rows add up to more than the universe.');
  out.push('');

  const gaps = topGaps(report, top);
  if (gaps.length > 0) {
    out.push(`## Top ${gaps.length} gaps`);
    out.push('');
    out.push(
      ...mdTable(
        ['#', 'Technique', 'Tactics', 'Why'],
        gaps.map((g) => [String(g.priority), `${g.id} ${g.name}`, g.tactics.join(', '), g.reasons.map(formatFindingMessage).join('; ')]),
      ),
    );
    out.push('');
  }

  const partTime = notAlwaysWatched(report);
  if (partTime.length > 0) {
    out.push('## Not watched 24x7');
    out.push('');
    out.push(`Covered techniques that nobody watches around the clock (hours per week in UTC, in every week of ${report.hours.year}), least watched first.`);
    const weakest = weakestHours(report);
    if (weakest.length > 0) {
      const w = weakest[0]!;
      out.push(`Fewest watched: ${w.watched} of ${covered(summary)} covered techniques, ${w.hours} hour(s) from ${slotLabel(w.from)}.`);
    }
    out.push('');
    out.push(...mdTable(['Technique', 'Tactics', 'Watched'], partTime.slice(0, top).map((t) => [`${t.id} ${t.name}`, t.tactics.join(', '), watchedText(t)])));
    if (partTime.length > top) out.push('', `... and ${partTime.length - top} more (--format csv or json lists them all).`);
    out.push('');
  }

  const t = report.telemetry;
  const telemetry: string[] = [];
  for (const g of t.notCollected) telemetry.push(`- In-house rules on logs we do not collect (${esc(g.logsource)}): ${g.rules.length}, not counted.`);
  for (const [pid, groups] of Object.entries(t.notIngested)) {
    for (const g of groups) telemetry.push(`- ${esc(pid)} ingests no ${esc(g.logsource)}: ${g.rules.length} in-house rule(s) it could not run.`);
  }
  for (const [pid, ids] of Object.entries(t.unbacked)) if (ids.length > 0) telemetry.push(`- ${esc(pid)} declares ${ids.length} technique(s) none of its telemetry sees: ${ids.join(', ')}.`);
  if (t.outsideAllSources.length > 0) telemetry.push(`- ${t.outsideAllSources.length} uncovered technique(s) on platforms no source sees.`);
  if (telemetry.length > 0) {
    out.push('## Telemetry reality');
    out.push('');
    out.push(...telemetry);
    out.push('');
  }

  const problems = report.diagnostics.filter((d) => isInputFinding(d) && d.severity !== 'note');
  const counts = diagnosticCounts(report.diagnostics);
  out.push('## Diagnostics');
  out.push('');
  out.push(
    `Scope and comparison: ${counts.scope.error} error(s), ${counts.scope.warning} warning(s), ${counts.scope.note} note(s). ` +
      `Rules: ${counts.rules.error} error(s), ${counts.rules.warning} warning(s), ${counts.rules.note} note(s).`,
  );
  if (problems.length > 0) {
    out.push('');
    for (const d of problems.slice(0, 50)) out.push(`- \`${formatFinding(d).replace(/`/g, "'")}\``);
    if (problems.length > 50) out.push(`- ... and ${problems.length - 50} more (see --format json)`);
  }
  // A control character pasted into a review would be invisible there and live in a terminal.
  return `${out.map(printableText).join('\n')}\n`;
}

function summaryTable(s: CoverageSummary, label: string): string[] {
  return mdTable(
    [esc(label), 'Techniques', 'Share'],
    [
      ['Both', String(s.both), share(s.both, s.universe)],
      ['In-house only', String(s.inhouse_only), share(s.inhouse_only, s.universe)],
      ['Provider only', String(s.provider_only), share(s.provider_only, s.universe)],
      ['Neither', String(s.neither), share(s.neither, s.universe)],
    ],
    true,
    true,
  );
}

function mdTable(header: readonly string[], rows: readonly (readonly string[])[], numeric = false, headerEscaped = false): string[] {
  const h = headerEscaped ? header : header.map(esc);
  const align = header.map((_, i) => (numeric && i > 0 ? '---:' : '---'));
  return [`| ${h.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)];
}

/** Table cells: pipes and line breaks would break the row; markup characters would format. */
function esc(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[*_`<>[\]]/g, (m) => `\\${m}`).replace(/\r?\n/g, ' ');
}
