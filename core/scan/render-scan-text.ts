import type { CatalogIndex } from '../attack/catalog-index.js';
import type { Severity } from '../findings/finding.js';
import { formatFinding } from '../findings/format-finding.js';
import type { ScanReport } from './scan-report.js';

/** How many error and warning lines the text summary prints before pointing to --format json. */
const LISTED_FINDINGS = 20;

/**
 * `covmap scan` default output: a short summary (files, rules, techniques covered per tactic,
 * the most frequent diagnostics and the first errors and warnings with positions).
 */
export function renderScanText(report: ScanReport, index: CatalogIndex): string {
  const out: string[] = [];
  const { files, options } = report;
  const n = thousands;
  out.push(`Files: ${n(files.found)} found, ${n(files.parsed)} parsed, ${n(files.skipped)} skipped, ${n(files.errored)} errored`);

  const kinds = { detection: 0, correlation: 0, filter: 0 };
  let mapped = 0;
  let counted = 0;
  for (const r of report.rules) {
    kinds[r.kind]++;
    if (r.techniques.length > 0) {
      mapped++;
      if (r.included) counted++;
    }
  }
  out.push(
    `Rules: ${n(report.rules.length)} (${n(kinds.detection)} detection, ${n(kinds.correlation)} correlation, ${n(kinds.filter)} filter); ` +
      `${n(mapped)} with ATT&CK techniques, ${n(counted)} counted${options.minStatus || options.minLevel ? ' after --min-status/--min-level' : ''}`,
  );
  out.push(
    `ATT&CK ${report.attack.domain} ${report.attack.version}; score ${options.score}; ` +
      `sub-techniques ${options.subtechniques ? 'separate' : 'folded into parents'}; tactics ${options.tactics}`,
  );

  const active = index.activeTechniques({ subtechniques: options.subtechniques });
  const activeIds = new Set(active.map((t) => t.id));
  const direct = report.techniques.filter((t) => t.rules.length > 0 && activeIds.has(t.id));
  const subs = direct.filter((t) => t.id.includes('.')).length;
  out.push(
    `Techniques covered: ${n(direct.length)} of ${n(active.length)} active` +
      (options.subtechniques ? ` (${n(direct.length - subs)} techniques, ${n(subs)} sub-techniques)` : ''),
  );
  out.push('');

  const width = Math.max(6, ...index.catalog.tactics.map((t) => t.shortname.length));
  out.push(`  ${'Tactic'.padEnd(width)}  covered / active`);
  for (const tactic of index.catalog.tactics) {
    const total = active.filter((t) => t.tactics.includes(tactic.shortname)).length;
    const covered = direct.filter((t) => (t.perTactic ? t.perTactic.some((p) => p.tactic === tactic.shortname) : t.tactics.includes(tactic.shortname))).length;
    const pct = total > 0 ? Math.round((covered / total) * 100) : 0;
    out.push(`  ${tactic.shortname.padEnd(width)}  ${String(covered).padStart(7)} / ${String(total).padEnd(6)} ${String(pct).padStart(3)}%`);
  }
  out.push('');

  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  const byCode = new Map<string, { severity: Severity; count: number }>();
  for (const d of report.diagnostics) {
    bySeverity[d.severity]++;
    const c = byCode.get(d.code);
    if (c) c.count++;
    else byCode.set(d.code, { severity: d.severity, count: 1 });
  }
  const plural = (count: number, word: string) => `${n(count)} ${word}${count === 1 ? '' : 's'}`;
  out.push(`Diagnostics: ${plural(bySeverity.error, 'error')}, ${plural(bySeverity.warning, 'warning')}, ${plural(bySeverity.note, 'note')}`);
  const rank: Record<Severity, number> = { error: 0, warning: 1, note: 2 };
  const codes = [...byCode].sort((a, b) => rank[a[1].severity] - rank[b[1].severity] || b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
  for (const [code, { severity, count }] of codes) out.push(`  ${code.padEnd(28)} ${String(count).padStart(6)}  ${severity}`);

  const listed = [...report.diagnostics.filter((d) => d.severity === 'error'), ...report.diagnostics.filter((d) => d.severity === 'warning')];
  if (listed.length > 0) {
    out.push('');
    for (const d of listed.slice(0, LISTED_FINDINGS)) out.push(formatFinding(d));
    if (listed.length > LISTED_FINDINGS) out.push(`... and ${n(listed.length - LISTED_FINDINGS)} more (see --format json)`);
  }
  return `${out.join('\n')}\n`;
}

/** 12,345: what toLocaleString('en-US') gives, without loading Intl (tens of milliseconds). */
function thousands(x: number): string {
  return String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
