import type { Finding, Severity } from '../../core/findings/finding.js';
import type { GapReport } from '../../core/gaps/gap-report.js';
import type { SlimGapReport, SlimRule, SlimSourceCoverage, SlimTechniqueGap } from '../../core/gaps/slim-gap-report.js';
import type { RuleRecord } from '../../core/scan/scan-report.js';

/**
 * The report as the HTML page embeds it. A big report (the SigmaHQ corpus: thousands of rules,
 * each covering a few techniques) would mostly repeat rule paths, so the page gets:
 * - each rule once, with only what the detail panel shows (title, level, status, file:line);
 * - techniques that point at rules by position (`ruleRefs`) instead of repeating their keys;
 * - every error and warning, but only the notes the page can show: those about a technique or
 *   about a file of a covering rule, and the ones about no file at all. The rest is counted in
 *   `omittedDiagnostics`, which the page reports (`covmap gaps` lists them all).
 * The page turns this back into the report's shape (web/model/view-model.ts).
 */
export function slimGapReport(report: GapReport): SlimGapReport {
  const position = new Map<string, number>();
  report.rules.forEach((r, i) => {
    if (!position.has(r.key)) position.set(r.key, i);
  });
  const coveringFiles = new Set<string>();
  const techniques = report.techniques.map((t): SlimTechniqueGap => {
    const sources: Record<string, SlimSourceCoverage> = {};
    for (const [id, c] of Object.entries(t.sources)) {
      if (!c.rules) {
        sources[id] = c;
        continue;
      }
      const refs: number[] = [];
      const unknown: string[] = [];
      for (const key of c.rules) {
        const i = position.get(key);
        if (i === undefined) unknown.push(key);
        else {
          refs.push(i);
          coveringFiles.add(report.rules[i]!.file);
        }
      }
      const { rules: _keys, ...rest } = c;
      sources[id] = { ...rest, ...(unknown.length > 0 ? { rules: unknown } : {}), ruleRefs: refs };
    }
    return { ...t, sources };
  });

  const ids = new Set(report.techniques.map((t) => t.id));
  const omitted: Partial<Record<Severity, number>> = {};
  const diagnostics = report.diagnostics.filter((f) => {
    const keep = f.severity !== 'note' || !f.file || coveringFiles.has(f.file) || mentionsTechnique(f, ids);
    if (!keep) omitted[f.severity] = (omitted[f.severity] ?? 0) + 1;
    return keep;
  });

  return {
    ...report,
    techniques,
    rules: report.rules.map(slimRule),
    diagnostics,
    ...(Object.keys(omitted).length > 0 ? { omittedDiagnostics: omitted } : {}),
  };
}

function slimRule(r: RuleRecord): SlimRule {
  return {
    key: r.key,
    title: r.title,
    ...(r.file !== r.key ? { file: r.file } : {}),
    line: r.line,
    ...(r.status !== undefined ? { status: r.status } : {}),
    ...(r.level !== undefined ? { level: r.level } : {}),
  };
}

function mentionsTechnique(f: Finding, ids: ReadonlySet<string>): boolean {
  for (const v of Object.values(f.data ?? {})) {
    if (typeof v === 'string' && ids.has(v.toUpperCase())) return true;
    if (Array.isArray(v) && v.some((x) => typeof x === 'string' && ids.has(x.toUpperCase()))) return true;
  }
  return false;
}
