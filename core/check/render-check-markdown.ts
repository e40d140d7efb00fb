import type { Finding } from '../findings/finding.js';
import { formatFindingMessage, formatLocation } from '../findings/format-finding.js';
import { findingDefinition } from '../findings/finding-codes.js';
import { printableText } from '../render/printable-text.js';
import type { CheckReport, RuleLoss } from './check-report.js';

/** How many failing findings the summary lists before pointing at the full output. */
const LISTED_FINDINGS = 20;
const LISTED_GAPS = 10;

/**
 * The Markdown summary (`--format md`, and the GitHub step summary): verdict, coverage per tactic,
 * thresholds, regressions against the baseline, top gaps, and the findings counted per code. Meant
 * to be pasted into a pull request, so it is short and every table is sorted.
 */
export function renderCheckMarkdown(report: CheckReport): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(`## covmap check: ${s.passed ? '✅ passed' : '❌ failed'}`, '');
  out.push(
    `**${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}, ${plural(s.note, 'note')}** · fails on \`${report.failOn}\`${s.passed ? '' : ` (${s.failing} failing)`} · ATT&CK ${report.attack.domain} ${report.attack.version} · ${report.files.found} files (${report.files.parsed} parsed, ${report.files.skipped} skipped, ${report.files.errored} errored) · ${report.rules.total} rules`,
    '',
  );

  const cov = report.coverage;
  out.push('### Coverage', '');
  const scope = cov.platforms.length > 0 ? ` (platforms: ${cov.platforms.join(', ')})` : '';
  out.push(`Techniques with at least one rule${scope}: **${cov.universe.covered} of ${cov.universe.total}** (${pct(cov.universe.percent)})`);
  if (cov.profile) {
    out.push('', `Threat profile (${cell(cov.profile.actors.map((a) => `${a.id} ${a.name}`).join(', '))}): **${cov.profile.covered} of ${cov.profile.total}** (${pct(cov.profile.percent)})`);
  }
  out.push('', '| Tactic | Covered | Techniques | Coverage |', '| --- | ---: | ---: | ---: |');
  for (const t of cov.tactics) out.push(`| ${cell(t.name)} | ${t.covered} | ${t.total} | ${pct(t.percent)} |`);
  out.push('');

  if (report.thresholds.length > 0) {
    out.push('### Thresholds', '', '| Threshold | Actual | Required | Result |', '| --- | ---: | ---: | --- |');
    const perTechnique = report.thresholds.filter((t) => t.kind === 'rules-per-technique');
    for (const t of report.thresholds) {
      if (t.kind === 'rules-per-technique') continue;
      const name = t.kind === 'coverage' ? 'Coverage' : t.kind === 'profile' ? 'Threat profile' : `Tactic \`${t.subject}\``;
      out.push(`| ${name} | ${pct(t.actual)} | ${pct(t.required)} | ${t.passed ? '✅' : '❌'} |`);
    }
    if (perTechnique.length > 0) {
      const short = perTechnique.filter((t) => !t.passed).length;
      out.push(`| Rules per covered technique | ${perTechnique.length - short} of ${perTechnique.length} techniques | ${perTechnique[0]!.required} | ${short === 0 ? '✅' : `❌ ${short} short`} |`);
    }
    out.push('');
  }

  const reg = report.regressions;
  if (reg) {
    out.push(`### Since the baseline (\`${cell(reg.baseline)}\`)`, '');
    if (reg.lost.length === 0 && reg.reduced.length === 0 && reg.newProfileGaps.length === 0 && reg.gained.length === 0) {
      out.push('No change in coverage.', '');
    }
    for (const t of reg.lost) {
      out.push(`- ❌ **${t.id}** ${cell(t.name)}${t.inProfile ? ' (threat profile)' : ''} lost all coverage: ${t.rules.map(loss).join('; ')}`);
    }
    for (const t of reg.reduced) out.push(`- ⚠️ **${t.id}** ${cell(t.name)}: ${t.before} → ${t.after} rules: ${t.rules.map(loss).join('; ')}`);
    if (reg.newProfileGaps.length > 0) out.push(`- New gaps in the threat profile: ${reg.newProfileGaps.join(', ')}`);
    if (reg.gained.length > 0) out.push(`- Newly covered: ${reg.gained.map((g) => `${g.id} ${cell(g.name)}`).join(', ')}`);
    out.push('');
  }

  if (cov.topGaps.length > 0) {
    out.push('### Top gaps', '', '| # | Technique | Tactics | Why it ranks here |', '| ---: | --- | --- | --- |');
    cov.topGaps.slice(0, LISTED_GAPS).forEach((g, i) => {
      const why = g.reasons.map((r) => formatFindingMessage(r)).join('; ');
      out.push(`| ${i + 1} | ${g.id} ${cell(g.name)} | ${g.tactics.join(', ')} | ${cell(why)} |`);
    });
    out.push('');
  }

  const byCode = new Map<string, { severity: string; count: number }>();
  for (const f of report.findings) {
    const entry = byCode.get(f.code) ?? { severity: f.severity, count: 0 };
    entry.count++;
    byCode.set(f.code, entry);
  }
  if (byCode.size > 0 || Object.keys(s.suppressed).length > 0) {
    out.push('### Findings', '', '| Code | Severity | Count | What it means |', '| --- | --- | ---: | --- |');
    for (const [code, { severity, count }] of [...byCode].sort(([a], [b]) => (a < b ? -1 : 1))) {
      out.push(`| \`${code}\` | ${severity} | ${count} | ${cell(findingDefinition(code)?.title ?? '')} |`);
    }
    for (const [code, count] of Object.entries(s.suppressed)) out.push(`| \`${code}\` | off | ${count} | suppressed by the configuration |`);
    out.push('');
    const failing = report.findings.filter((f) => f.severity === 'error' || (report.failOn === 'warning' && f.severity === 'warning'));
    if (failing.length > 0 && report.failOn !== 'never') {
      out.push(`Failing findings${failing.length > LISTED_FINDINGS ? ` (first ${LISTED_FINDINGS} of ${failing.length})` : ''}:`, '');
      for (const f of failing.slice(0, LISTED_FINDINGS)) {
        const where = formatLocation(f);
        out.push(`- ${where ? `\`${cell(where)}\` ` : ''}**${f.code}** ${cell(formatFindingMessage(f))}`);
      }
      out.push('');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** The step summary when the configuration is invalid and nothing was checked. */
export function renderConfigErrorMarkdown(findings: readonly Finding[], configFile: string): string {
  const out = [`## covmap check: ❌ invalid configuration`, '', `\`${cell(configFile)}\` has ${plural(findings.length, 'problem')}; nothing was checked.`, ''];
  for (const f of findings) out.push(`- \`${cell(formatLocation(f))}\` **${f.code}** ${cell(formatFindingMessage(f))}`);
  return `${out.join('\n')}\n`;
}

function loss(r: RuleLoss): string {
  const what = r.cause === 'renamed' ? `moved to \`${cell(r.movedTo ?? '')}\`` : r.cause;
  const now = r.now !== undefined ? ` (now ${r.now.length > 0 ? r.now.join(', ') : 'no technique'})` : '';
  return `\`${cell(r.rule)}\` ${what}${now}`;
}

function pct(n: number): string {
  return `${Number.isInteger(n) ? n : n.toFixed(1)}%`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Table cells and list items: no line breaks, no column separators, no stray HTML. */
function cell(text: string): string {
  return printableText(text.replace(/\r?\n/g, ' ')).replace(/\|/g, '\\|').replace(/</g, '&lt;');
}
