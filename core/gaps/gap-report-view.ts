import { compareStrings } from '../compare-strings.js';
import type { Finding } from '../findings/finding.js';
import type { CoverageSummary, GapReport, SourceInfo, TechniqueGap } from './gap-report.js';

/**
 * What the text, Markdown and CSV renderers share: the numbers and lists a reader sees, computed
 * once from a GapReport so the formats never disagree.
 */
export const STATE_LABELS = {
  both: 'both',
  'inhouse-only': 'in-house only',
  'provider-only': 'provider only',
  neither: 'neither',
} as const;

export function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

export function share(n: number, of: number): string {
  return of === 0 ? '0.0%' : pct(n / of);
}

export function covered(s: CoverageSummary): number {
  return s.universe - s.neither;
}

export function providersOf(report: GapReport): SourceInfo[] {
  return report.sources.filter((s) => s.side === 'provider' && s.usable);
}

/** "in-house vs example-mdr" or "in-house vs any of a, b". */
export function comparisonLabel(report: GapReport): string {
  const providers = providersOf(report).map((p) => p.id);
  if (providers.length === 0) return 'in-house (no usable provider)';
  return providers.length === 1 ? `in-house vs ${providers[0]}` : `in-house vs any of ${providers.join(', ')}`;
}

export function topGaps(report: GapReport, n: number): TechniqueGap[] {
  return report.techniques
    .filter((t) => t.priority !== undefined)
    .sort((a, b) => a.priority! - b.priority!)
    .slice(0, n);
}

/**
 * Covered techniques not watched around the clock (the "ransomware at 2 a.m. on Saturday"
 * question): the least watched first, then by ID. What text and Markdown list under Hours.
 */
export function notAlwaysWatched(report: GapReport): TechniqueGap[] {
  const ids = new Set(report.hours.notAlways);
  return report.techniques
    .filter((t) => ids.has(t.id))
    .sort((a, b) => a.hours.watched - b.hours.watched || compareStrings(a.id, b.id));
}

/** "45 h/week (inhouse)": how long and by whom a technique is watched. */
export function watchedText(t: TechniqueGap): string {
  return `${t.hours.watched} h/week${t.hours.by.length > 0 ? ` (${t.hours.by.join(', ')})` : ''}`;
}

/** Source description for tables: "41 files: 40 parsed, 1 skipped" or the scope's entry counts. */
export function sourceInputText(s: SourceInfo): string {
  if (s.files) {
    const f = s.files;
    const parts = [`${f.parsed} parsed`, ...(f.skipped ? [`${f.skipped} skipped`] : []), ...(f.errored ? [`${f.errored} errored`] : [])];
    return `${f.found} rule file${f.found === 1 ? '' : 's'}: ${parts.join(', ')}`;
  }
  if (!s.usable) return 'not usable (see diagnostics)';
  return `${s.counts.entries} entr${s.counts.entries === 1 ? 'y' : 'ies'}, ${s.counts.covered} technique${s.counts.covered === 1 ? '' : 's'} covered`;
}

export function hoursText(s: SourceInfo): string {
  const assumed = s.hoursDeclared ? '' : ', assumed';
  return s.always ? `24x7${assumed}` : `${s.schedule} (${s.hoursPerWeek} h/week UTC${assumed})`;
}

/** Counts of findings by severity, split into input diagnostics and rule-scan diagnostics. */
export function diagnosticCounts(diagnostics: readonly Finding[]): { scope: Record<'error' | 'warning' | 'note', number>; rules: Record<'error' | 'warning' | 'note', number> } {
  const scope = { error: 0, warning: 0, note: 0 };
  const rules = { error: 0, warning: 0, note: 0 };
  for (const d of diagnostics) (isInputFinding(d) ? scope : rules)[d.severity]++;
  return { scope, rules };
}

/** Scope and gaps findings (about provider inputs and the comparison), as opposed to rule-scan findings. */
export function isInputFinding(d: Finding): boolean {
  return d.code.startsWith('SCOPE_') || d.code.startsWith('GAPS_');
}

/**
 * The hours of the week in which the fewest covered techniques are watched, as contiguous runs
 * (a run over the end of the week continues at its start: Friday night to Monday morning is one
 * weekend), longest first.
 */
export function weakestHours(report: GapReport): { from: number; to: number; hours: number; watched: number }[] {
  const byHour = report.hours.watchedByHour;
  if (byHour.length === 0) return [];
  const min = Math.min(...byHour);
  const runs: { from: number; to: number; hours: number; watched: number }[] = [];
  byHour.forEach((n, h) => {
    if (n !== min) return;
    const last = runs[runs.length - 1];
    if (last && last.to === h - 1) {
      last.to = h;
      last.hours++;
    } else {
      runs.push({ from: h, to: h, hours: 1, watched: n });
    }
  });
  const first = runs[0];
  const last = runs[runs.length - 1];
  if (runs.length > 1 && first!.from === 0 && last!.to === byHour.length - 1) {
    last!.to = first!.to;
    last!.hours += first!.hours;
    runs.shift();
  }
  return runs.sort((a, b) => b.hours - a.hours || a.from - b.from);
}
