import { formatFinding, formatFindingMessage } from '../findings/format-finding.js';
import { printableText } from '../render/printable-text.js';
import { slotLabel } from '../scope/week-hours.js';
import type { CoverageSummary, GapReport } from './gap-report.js';
import {
  comparisonLabel,
  covered,
  diagnosticCounts,
  hoursText,
  isInputFinding,
  notAlwaysWatched,
  pct,
  providersOf,
  share,
  sourceInputText,
  topGaps,
  watchedText,
  weakestHours,
} from './gap-report-view.js';

export interface GapsTextOptions {
  /** How many ranked gaps to list (default 20). */
  readonly top?: number;
  /** Headline numbers only (sources, summary, contract value, top gaps): what the CLI prints when reports go to files. */
  readonly summaryOnly?: boolean;
  /** Input errors and warnings to list in full (default 30). */
  readonly listedFindings?: number;
}

/** `covmap gaps --format text`: the report for a terminal. */
export function renderGapsText(report: GapReport, options: GapsTextOptions = {}): string {
  const top = options.top ?? 20;
  const out: string[] = [];
  const { summary } = report;
  const platforms = report.filters.platforms.length > 0 ? `platforms ${report.filters.platforms.join(', ')}` : 'all platforms';
  out.push(`covmap gaps: ATT&CK ${report.attack.domain} ${report.attack.version}, ${summary.universe} techniques and sub-techniques in the universe (${platforms})`);
  out.push('');

  out.push('Sources');
  out.push(
    ...table(
      ['id', 'name', 'kind', 'input', 'hours', 'platforms'],
      report.sources.map((s) => [s.id, s.name, s.kind, sourceInputText(s), hoursText(s), s.platforms.length > 0 ? s.platforms.join(', ') : s.platformsDeclared ? '' : '(unknown)']),
    ).map((l) => `  ${l}`),
  );
  out.push('');

  const providers = providersOf(report);
  out.push(`Coverage (${comparisonLabel(report)})`);
  out.push(...summaryLines(summary).map((l) => `  ${l}`));
  if (providers.length > 1) {
    out.push('');
    out.push('By provider (in-house vs each)');
    const rows: string[][] = [
      ['both', ...providers.map((p) => String(report.providers[p.id]!.both))],
      ['in-house only', ...providers.map((p) => String(report.providers[p.id]!.inhouse_only))],
      ['provider only', ...providers.map((p) => String(report.providers[p.id]!.provider_only))],
      ['neither', ...providers.map((p) => String(report.providers[p.id]!.neither))],
      ['only this provider', ...providers.map((p) => String(report.contract.uniqueByProvider[p.id]?.length ?? 0))],
    ];
    out.push(...table(['', ...providers.map((p) => p.id)], rows, true).map((l) => `  ${l}`));
  }
  out.push('');

  if (report.profile) {
    const p = report.profile;
    const names = p.resolved.map((a) => `${a.name} (${a.id})`).join(', ');
    out.push(`Threat profile: ${names}: ${p.techniques.length} techniques, ${p.inUniverse} in the universe`);
    out.push(...summaryLines(p.summary).map((l) => `  ${l}`));
    out.push('');
  }

  out.push('Contract value');
  const c = report.contract;
  const gain = (c.combinedCoverage - c.inhouseCoverage) * 100;
  out.push(`  in-house alone covers ${pct(c.inhouseCoverage)} of the universe; with the provider${providers.length === 1 ? '' : 's'} ${pct(c.combinedCoverage)} (+${gain.toFixed(1)} points)`);
  if (c.profileInhouseCoverage !== undefined && c.profileCombinedCoverage !== undefined) {
    out.push(`  threat profile: ${pct(c.profileInhouseCoverage)} in-house alone, ${pct(c.profileCombinedCoverage)} with the provider${providers.length === 1 ? '' : 's'}`);
  }
  out.push(`  only a provider covers ${c.providerOnly.length}; covered twice ${c.coveredTwice.length}; covered by nobody ${c.neither.length}`);
  if (providers.length > 1) {
    for (const p of providers) out.push(`  only ${p.id} covers ${c.uniqueByProvider[p.id]?.length ?? 0}`);
  }
  out.push('');

  if (!options.summaryOnly) {
    out.push(`By tactic (${comparisonLabel(report)}; a technique counts under each of its tactics)`);
    out.push(
      ...table(
        ['tactic', 'universe', 'both', 'in-house only', 'provider only', 'neither', 'covered'],
        report.tactics.map((t) => [t.name, String(t.universe), String(t.both), String(t.inhouse_only), String(t.provider_only), String(t.neither), share(covered(t), t.universe)]),
        true,
      ).map((l) => `  ${l}`),
    );
    out.push('');

    out.push(`Hours (UTC; an hour counts when watched in every week of ${report.hours.year})`);
    const coveredCount = covered(summary);
    out.push(`  ${report.hours.notAlways.length} of ${coveredCount} covered techniques are not watched 24x7`);
    const weakest = weakestHours(report);
    if (weakest.length > 0 && coveredCount > 0) {
      const runs = weakest.slice(0, 4).map((r) => runLabel(r.from, r.to)).join('; ');
      out.push(`  fewest watched: ${weakest[0]!.watched} of ${coveredCount} covered techniques during ${runs}${weakest.length > 4 ? `; and ${weakest.length - 4} more` : ''}`);
    }
    const partTime = notAlwaysWatched(report);
    for (const t of partTime.slice(0, top)) out.push(`    ${t.id.padEnd(9)} ${t.name}: ${watchedText(t)}`);
    if (partTime.length > top) out.push(`    ... and ${partTime.length - top} more (--format csv or json lists them all)`);
    out.push('');

    const t = report.telemetry;
    const telemetryLines: string[] = [];
    for (const g of t.notCollected) telemetryLines.push(`in-house rules on logs we do not collect: ${g.logsource}: ${g.rules.length} rule(s), not counted`);
    for (const [pid, groups] of Object.entries(t.notIngested)) {
      for (const g of groups) telemetryLines.push(`${pid} ingests no ${g.logsource}: ${g.rules.length} in-house rule(s) it could not run`);
    }
    for (const [pid, ids] of Object.entries(t.unbacked)) {
      if (ids.length > 0) telemetryLines.push(`${pid} declares ${ids.length} technique(s) none of its telemetry sees: ${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ', ...' : ''}`);
    }
    if (t.outsideAllSources.length > 0) {
      telemetryLines.push(`${t.outsideAllSources.length} uncovered technique(s) are on platforms no source sees (e.g. ${t.outsideAllSources.slice(0, 6).join(', ')})`);
    }
    if (t.platformsUnknown.length > 0) telemetryLines.push(`platforms unknown for: ${t.platformsUnknown.join(', ')} (left out of the platform check)`);
    if (telemetryLines.length > 0) {
      out.push('Telemetry reality');
      out.push(...telemetryLines.map((l) => `  ${l}`));
      out.push('');
    }
  }

  if (options.summaryOnly) {
    const coveredCount = covered(summary);
    const t = report.telemetry;
    out.push(`Hours: ${report.hours.notAlways.length} of ${coveredCount} covered techniques are not watched 24x7 (UTC, every week of ${report.hours.year})`);
    const notCollected = t.notCollected.reduce((n, g) => n + g.rules.length, 0);
    const notIngested = Object.values(t.notIngested).reduce((n, groups) => n + groups.reduce((m, g) => m + g.rules.length, 0), 0);
    out.push(
      `Telemetry: ${notCollected} in-house rule(s) on logs we do not collect; ${notIngested} rule(s) a provider could not run; ` +
        `${t.outsideAllSources.length} uncovered technique(s) on platforms no source sees`,
    );
    out.push('');
  }

  const gaps = topGaps(report, options.summaryOnly ? Math.min(top, 10) : top);
  if (gaps.length > 0) {
    out.push(`Top ${gaps.length} gaps (of ${summary.neither}; covered by nobody, most urgent first)`);
    for (const g of gaps) {
      out.push(`  ${String(g.priority).padStart(3)}. ${g.id.padEnd(9)} ${g.name} [${g.tactics.join(', ')}]`);
      for (const r of g.reasons) out.push(`       - ${formatFindingMessage(r)}`);
    }
    out.push('');
  }

  const counts = diagnosticCounts(report.diagnostics);
  const listed = report.diagnostics.filter((d) => isInputFinding(d) && d.severity !== 'note').slice(0, options.listedFindings ?? 30);
  if (!options.summaryOnly && listed.length > 0) {
    out.push('Input problems');
    out.push(...listed.map((d) => `  ${formatFinding(d)}`));
    out.push('');
  }
  out.push(
    `Diagnostics: scope and comparison ${counts.scope.error} error(s), ${counts.scope.warning} warning(s), ${counts.scope.note} note(s); ` +
      `rules ${counts.rules.error} error(s), ${counts.rules.warning} warning(s), ${counts.rules.note} note(s)` +
      (counts.rules.error + counts.rules.warning + counts.rules.note > 0 ? ' (details: covmap scan, or --format json)' : ''),
  );
  // Names, titles and logsources come from the inputs: no control character reaches the terminal.
  return `${out.map(printableText).join('\n')}\n`;
}

function summaryLines(s: CoverageSummary): string[] {
  const rows: [string, number][] = [
    ['both', s.both],
    ['in-house only', s.inhouse_only],
    ['provider only', s.provider_only],
    ['neither', s.neither],
  ];
  return table(
    ['', 'techniques', 'share'],
    rows.map(([label, n]) => [label, String(n), share(n, s.universe)]),
    true,
  );
}

function runLabel(from: number, to: number): string {
  const start = slotLabel(from).replace(' UTC', '');
  const end = slotLabel((to + 1) % 168).replace(' UTC', '');
  return `${start}-${end} UTC`;
}

/** Left-aligned first column, the others right-aligned when numeric. */
function table(header: readonly string[], data: readonly (readonly string[])[], numeric = false): string[] {
  // Escaped before measuring, so a cell with control characters does not shift its column.
  const rows = data.map((r) => r.map(printableText));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric && i > 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
