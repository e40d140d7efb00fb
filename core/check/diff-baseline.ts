import type { CatalogIndex } from '../attack/catalog-index.js';
import { compareStrings } from '../compare-strings.js';
import type { Finding, FindingLocation } from '../findings/finding.js';
import { makeFinding } from '../findings/make-finding.js';
import type { RuleRecord, ScanReport } from '../scan/scan-report.js';
import type { Baseline } from './baseline.js';
import type { RegressionReport, RuleLoss, TechniqueLoss } from './check-report.js';
import { ruleLocation } from './rule-location.js';

export interface BaselineDiffInput {
  readonly baseline: Baseline;
  /** The baseline file as the user named it, and the line of each technique entry in it. */
  readonly file: string;
  readonly lines: Readonly<Record<string, number>>;
  readonly scan: ScanReport;
  readonly index: CatalogIndex;
  /** The current threat profile's techniques (sorted) and the actors that make it up. */
  readonly profile?: { readonly techniques: readonly string[]; readonly actorIds: readonly string[] };
  /** Where the profile is configured, for findings about new profile gaps. */
  readonly profileLocation?: FindingLocation;
}

/**
 * Compares the current scan with a baseline: which techniques lost all coverage and which rule
 * changes caused it (removed, moved and retagged, retagged, filtered out, now unparsable), which
 * lost some rules, which profile techniques became gaps, and what is newly covered. Each rule that
 * stopped covering a technique is its own finding, at the place a reviewer can act on: the rule's
 * tag, or for a deleted rule the technique's line in the baseline file.
 */
export function diffBaseline(input: BaselineDiffInput): { regressions: RegressionReport; findings: Finding[] } {
  const { baseline, scan, index } = input;
  const findings: Finding[] = [];

  // Baselines written against an older ATT&CK release name revoked techniques: migrate them the
  // way the scan migrates rule tags, merging rules when two old IDs now mean one technique.
  const before = new Map<string, Set<string>>();
  const lineOf = new Map<string, number>();
  let migrated = 0;
  for (const [id, rules] of Object.entries(baseline.techniques)) {
    const current = index.current(id)?.id ?? id;
    if (current !== id) migrated++;
    const set = before.get(current) ?? new Set<string>();
    for (const r of rules) set.add(r);
    before.set(current, set);
    const line = input.lines[id];
    if (line !== undefined && !lineOf.has(current)) lineOf.set(current, line);
  }
  if (baseline.attack.version !== scan.attack.version) {
    findings.push(
      makeFinding('CHECK_BASELINE_ATTACK_VERSION', { file: input.file, line: 1, column: 1 }, { baselineVersion: baseline.attack.version, version: scan.attack.version, migrated }),
    );
  }

  const now = new Map<string, readonly string[]>();
  for (const t of scan.techniques) if (t.rules.length > 0) now.set(t.id, t.rules);
  const ruleByKey = new Map(scan.rules.map((r) => [r.key, r]));
  const ruleById = new Map<string, RuleRecord>();
  for (const r of scan.rules) if (r.id !== undefined && !ruleById.has(r.id)) ruleById.set(r.id, r);
  const erroredFiles = new Set(scan.fileResults.filter((f) => f.status === 'errored').map((f) => f.file));
  const profileSet = new Set(input.profile?.techniques ?? []);

  const lost: TechniqueLoss[] = [];
  const reduced: TechniqueLoss[] = [];
  for (const id of [...before.keys()].sort()) {
    const was = [...before.get(id)!].sort();
    if (was.length === 0) continue;
    const covering = new Set(now.get(id) ?? []);
    const losses: { loss: RuleLoss; location: FindingLocation }[] = [];
    for (const key of was) {
      if (covering.has(key)) continue;
      const recorded = baseline.rules[key];
      const moved = recorded?.id !== undefined ? ruleById.get(recorded.id) : undefined;
      // A moved file that still covers the technique is a rename, not a loss.
      if (!ruleByKey.has(key) && moved && covering.has(moved.key)) continue;
      losses.push(explainLoss(key, recorded?.title, id, ruleByKey.get(key), moved, erroredFiles, scan, input.file, lineOf.get(id)));
    }
    if (losses.length === 0) continue;
    const technique = index.technique(id);
    const entry: TechniqueLoss = {
      id,
      name: technique?.name ?? '',
      inProfile: profileSet.has(id),
      before: was.length,
      after: covering.size,
      rules: losses.map((l) => l.loss),
    };
    (covering.size === 0 ? lost : reduced).push(entry);
    for (const { loss, location } of losses) {
      const data = {
        technique: id,
        name: entry.name,
        rule: loss.rule,
        cause: loss.cause,
        ...(loss.movedTo !== undefined ? { movedTo: loss.movedTo } : {}),
        ...(loss.now !== undefined ? { now: loss.now } : {}),
      };
      findings.push(
        covering.size === 0
          ? makeFinding('CHECK_COVERAGE_LOST', location, { ...data, inProfile: entry.inProfile })
          : makeFinding('CHECK_COVERAGE_REDUCED', location, { ...data, remaining: covering.size }),
      );
    }
  }

  // New profile gaps: lost techniques of the profile, and techniques that joined the profile
  // (its actors or the ATT&CK data changed) without a rule. Only the latter need their own finding.
  const newProfileGaps: string[] = [];
  const baselineProfile = baseline.profile ? new Set(baseline.profile.techniques.map((t) => index.current(t)?.id ?? t)) : undefined;
  for (const id of input.profile?.techniques ?? []) {
    if (now.has(id)) continue;
    if (before.has(id) && before.get(id)!.size > 0) {
      newProfileGaps.push(id);
    } else if (baselineProfile && !baselineProfile.has(id)) {
      newProfileGaps.push(id);
      const usedBy = (input.profile?.actorIds ?? []).filter((actorId) => index.profileTechniques([actorId]).includes(id));
      findings.push(
        makeFinding('CHECK_PROFILE_GAP_NEW', input.profileLocation ?? { file: input.file }, { technique: id, name: index.technique(id)?.name ?? '', usedBy }),
      );
    }
  }

  const gained: { id: string; name: string; rules: string[] }[] = [];
  for (const t of scan.techniques) {
    if (t.rules.length === 0 || (before.get(t.id)?.size ?? 0) > 0) continue;
    const rules = [...t.rules].sort();
    gained.push({ id: t.id, name: t.name, rules });
    const first = ruleByKey.get(rules[0]!);
    findings.push(makeFinding('CHECK_COVERAGE_GAINED', first ? ruleLocation(first, t.id) : {}, { technique: t.id, name: t.name, rules }));
  }
  gained.sort((a, b) => compareStrings(a.id, b.id));

  return {
    regressions: { baseline: input.file, baselineAttack: baseline.attack, lost, reduced, newProfileGaps: newProfileGaps.sort(), gained },
    findings,
  };
}

function explainLoss(
  key: string,
  title: string | undefined,
  techniqueId: string,
  current: RuleRecord | undefined,
  moved: RuleRecord | undefined,
  erroredFiles: ReadonlySet<string>,
  scan: ScanReport,
  baselineFile: string,
  baselineLine: number | undefined,
): { loss: RuleLoss; location: FindingLocation } {
  const base = { rule: key, ...(title !== undefined ? { title } : {}) };
  if (current) {
    const loss: RuleLoss = current.included ? { ...base, cause: 'retagged', now: current.techniques } : { ...base, cause: 'excluded' };
    return { loss, location: ruleLocation(current, techniqueId) };
  }
  if (moved) {
    const loss: RuleLoss = moved.included
      ? { ...base, cause: 'renamed', movedTo: moved.key, now: moved.techniques }
      : { ...base, cause: 'excluded', movedTo: moved.key };
    return { loss, location: ruleLocation(moved, techniqueId) };
  }
  const file = key.replace(/#\d+$/, '');
  if (erroredFiles.has(file)) {
    // Point at the parse error itself when the scan located it.
    const diagnostic = scan.diagnostics.find((d) => d.file === file && d.severity === 'error');
    return {
      loss: { ...base, cause: 'unparsable' },
      location: { file, ...(diagnostic?.line !== undefined ? { line: diagnostic.line } : {}), ...(diagnostic?.column !== undefined ? { column: diagnostic.column } : {}) },
    };
  }
  return {
    loss: { ...base, cause: 'removed' },
    location: baselineLine !== undefined ? { file: baselineFile, line: baselineLine, column: 5 } : { file: baselineFile },
  };
}
