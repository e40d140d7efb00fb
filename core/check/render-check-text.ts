import type { Finding, Severity } from '../findings/finding.js';
import { formatFindingMessage, formatLocation } from '../findings/format-finding.js';
import { ansi, type Ansi } from '../render/ansi.js';
import { printableText } from '../render/printable-text.js';
import type { CheckReport, CoverageFigure, ThresholdResult } from './check-report.js';

export interface TextOptions {
  /** ANSI colors (decided by `useColor` in the CLI). */
  readonly color: boolean;
}

/**
 * The terminal form: every finding as `file:line:col: severity CODE message` (what editors and
 * problem matchers parse), then coverage, thresholds and the baseline comparison, then the verdict
 * last where a CI log is read from.
 */
export function renderCheckText(report: CheckReport, options: TextOptions): string {
  const c = ansi(options.color);
  const out: string[] = [];
  for (const f of report.findings) out.push(findingLine(f, c));
  if (report.findings.length > 0) out.push('');

  const { files, rules, coverage } = report;
  out.push(
    `${c.bold('Files')}: ${files.found} found, ${files.parsed} parsed, ${files.skipped} skipped, ${files.errored} errored; ${rules.total} rules (${rules.withTechniques} with ATT&CK techniques, ${rules.included} counted)`,
  );
  const scope = `${report.attack.domain} ${report.attack.version}${coverage.platforms.length > 0 ? `, platforms ${coverage.platforms.join(', ')}` : ''}`;
  out.push(`${c.bold('Coverage')} (ATT&CK ${scope}): ${figure(coverage.universe)}`);
  const width = Math.max(0, ...coverage.tactics.map((t) => t.name.length));
  for (const t of coverage.tactics) {
    out.push(`  ${t.name.padEnd(width)}  ${String(t.covered).padStart(4)} / ${String(t.total).padEnd(4)} ${`${t.percent.toFixed(1)}%`.padStart(6)}`);
  }
  if (coverage.profile) {
    out.push(`${c.bold('Threat profile')} (${coverage.profile.actors.map((a) => `${a.id} ${a.name}`).join(', ')}): ${figure(coverage.profile)}`);
  }
  if (coverage.topGaps.length > 0) {
    out.push(`${c.bold('Top gaps')}: ${coverage.topGaps.slice(0, 5).map((g) => `${g.id} ${g.name}${g.inProfile ? ' (profile)' : ''}`).join('; ')}`);
  }

  if (report.thresholds.length > 0) {
    const failed = report.thresholds.filter((t) => !t.passed);
    out.push(`${c.bold('Thresholds')}: ${report.thresholds.length - failed.length} of ${report.thresholds.length} met`);
    for (const t of groupThresholds(report.thresholds)) out.push(`  ${t.passed ? c.green('ok  ') : c.red('MISS')} ${t.text}`);
  }

  const reg = report.regressions;
  if (reg) {
    out.push(
      `${c.bold('Baseline')} (${printableText(reg.baseline)}, ATT&CK ${reg.baselineAttack.version}): ${reg.lost.length} technique${reg.lost.length === 1 ? '' : 's'} lost coverage, ${reg.reduced.length} lost rules, ${reg.newProfileGaps.length} new profile gap${reg.newProfileGaps.length === 1 ? '' : 's'}, ${reg.gained.length} newly covered`,
    );
    for (const t of reg.lost) out.push(`  ${c.red('lost')} ${t.id} ${t.name}: ${t.rules.map((r) => `${printableText(r.rule)} (${r.cause})`).join(', ')}`);
  }

  const suppressed = Object.entries(report.summary.suppressed);
  if (suppressed.length > 0) out.push(`${c.bold('Suppressed')} by the config: ${suppressed.map(([code, n]) => `${code} x${n}`).join(', ')}`);

  const s = report.summary;
  const counts = `${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}, ${plural(s.note, 'note')}`;
  const verdict = s.passed ? c.green('passed') : c.red(`failed (${s.failing} failing at --fail-on ${report.failOn})`);
  out.push(`${c.bold('covmap check')}: ${counts}; ${verdict}`);
  return `${out.join('\n')}\n`;
}

function findingLine(f: Finding, c: Ansi): string {
  const where = formatLocation(f);
  return `${where ? `${where}: ` : ''}${severityWord(f.severity, c)} ${c.dim(f.code)} ${formatFindingMessage(f)}`;
}

function severityWord(severity: Severity, c: Ansi): string {
  return severity === 'error' ? c.red(severity) : severity === 'warning' ? c.yellow(severity) : c.cyan(severity);
}

function figure(f: CoverageFigure): string {
  return `${f.covered} of ${f.total} techniques (${f.percent.toFixed(1)}%)`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Rules-per-technique results are one per covered technique; summarise them in one line. */
function groupThresholds(results: readonly ThresholdResult[]): { passed: boolean; text: string }[] {
  const out: { passed: boolean; text: string }[] = [];
  const perTechnique = results.filter((r) => r.kind === 'rules-per-technique');
  for (const r of results) {
    if (r.kind === 'coverage') out.push({ passed: r.passed, text: `coverage ${r.actual.toFixed(1)}% (minimum ${r.required}%)` });
    else if (r.kind === 'tactic') out.push({ passed: r.passed, text: `${r.subject} ${r.actual.toFixed(1)}% (minimum ${r.required}%)` });
    else if (r.kind === 'profile') out.push({ passed: r.passed, text: `threat profile ${r.actual.toFixed(1)}% (minimum ${r.required}%)` });
  }
  if (perTechnique.length > 0) {
    const short = perTechnique.filter((r) => !r.passed);
    out.push({
      passed: short.length === 0,
      text: `${perTechnique.length - short.length} of ${perTechnique.length} covered techniques have at least ${perTechnique[0]!.required} rule${perTechnique[0]!.required === 1 ? '' : 's'}${short.length > 0 ? ` (${short.length} short)` : ''}`,
    });
  }
  return out;
}
