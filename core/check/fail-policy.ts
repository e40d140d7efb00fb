import { compareStrings } from '../compare-strings.js';
import type { FailOn, SeverityOverride } from '../config/covmap-config.js';
import type { Finding, Severity } from '../findings/finding.js';
import { compareFindings } from '../findings/finding.js';

export interface FailPolicy {
  readonly failOn: FailOn;
  /** Per-code severity overrides from the config (`findings:`). */
  readonly overrides?: Readonly<Record<string, SeverityOverride>>;
}

export interface SeverityCounts {
  readonly error: number;
  readonly warning: number;
  readonly note: number;
}

export interface PolicyOutcome {
  /** Findings after overrides, `off` ones removed, sorted (file, line, column, code). */
  readonly findings: readonly Finding[];
  /** Findings left out by an `off` override, counted per code (keys sorted): never silently gone. */
  readonly suppressed: Readonly<Record<string, number>>;
  readonly counts: SeverityCounts;
  /** How many findings fail the run under `failOn`: the `failing` of exitCodeFor. */
  readonly failing: number;
}

const RANK: Record<Severity, number> = { note: 0, warning: 1, error: 2 };

/** Whether a finding of this severity fails a check run with `--fail-on failOn`. */
export function failsAt(severity: Severity, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  return RANK[severity] >= RANK[failOn];
}

/**
 * Applies the config's per-code overrides, then counts what fails. Notes never fail: they carry
 * information (new coverage, a skipped file) that must not block a merge.
 */
export function applyFailPolicy(findings: readonly Finding[], policy: FailPolicy): PolicyOutcome {
  const kept: Finding[] = [];
  const suppressed = new Map<string, number>();
  const counts = { error: 0, warning: 0, note: 0 };
  let failing = 0;
  for (const finding of findings) {
    const override = policy.overrides?.[finding.code];
    if (override === 'off') {
      suppressed.set(finding.code, (suppressed.get(finding.code) ?? 0) + 1);
      continue;
    }
    const f = override && override !== finding.severity ? { ...finding, severity: override } : finding;
    kept.push(f);
    counts[f.severity]++;
    if (failsAt(f.severity, policy.failOn)) failing++;
  }
  kept.sort(compareFindings);
  return {
    findings: kept,
    suppressed: Object.fromEntries([...suppressed].sort(([a], [b]) => compareStrings(a, b))),
    counts,
    failing,
  };
}
