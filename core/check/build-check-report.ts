import type { CatalogIndex } from '../attack/catalog-index.js';
import type { CovmapConfig, FailOn } from '../config/covmap-config.js';
import { configLocation } from '../config/covmap-config.js';
import type { Finding } from '../findings/finding.js';
import type { ScanReport } from '../scan/scan-report.js';
import type { InhouseProfile } from '../gaps/inhouse-profile.js';
import type { Baseline } from './baseline.js';
import type { CheckReport, RegressionReport } from './check-report.js';
import { CHECK_SEVERITY_DEFAULTS } from './check-severity-defaults.js';
import { diffBaseline } from './diff-baseline.js';
import { evaluateThresholds } from './evaluate-thresholds.js';
import { applyFailPolicy } from './fail-policy.js';
import { coverageScopeFor } from './coverage-scope.js';
import { measureCoverage } from './measure-coverage.js';

export interface CheckInputs {
  readonly scan: ScanReport;
  readonly index: CatalogIndex;
  /** The validated config (absent: no .covmap.yml, all defaults). */
  readonly config?: CovmapConfig;
  /** --fail-on, else the config's fail_on, else error. */
  readonly failOn: FailOn;
  readonly baseline?: { readonly baseline: Baseline; readonly file: string; readonly lines: Readonly<Record<string, number>> };
  /** Findings about other inputs of the repository (provider scope files, the in-house profile). */
  readonly inputFindings?: readonly Finding[];
  /** The in-house profile of the config (`inhouse`), parsed; default: undeclared. */
  readonly inhouse?: InhouseProfile;
  /** Reference year of hours masks. */
  readonly year: number;
}

/**
 * Everything `covmap check` decides, as data: the scan's findings, missed thresholds and
 * regressions against the baseline, after the config's severity overrides, with the count that
 * fails the run. Pure: the CLI loads files and renders.
 */
export function buildCheckReport(inputs: CheckInputs): CheckReport {
  const { scan, index, config } = inputs;
  const locate = (pointer: string) => (config ? configLocation(config, pointer) : {});
  const findings: Finding[] = [...scan.diagnostics, ...(inputs.inputFindings ?? [])];
  const { scope, diagnostics } = coverageScopeFor(config, index, { inhouse: inputs.inhouse, year: inputs.year });
  // A profile name matching several ATT&CK objects is reported where the profile is configured.
  findings.push(...diagnostics.map((f) => ({ ...f, ...locate('/profile') })));
  const actorIds = scope.profile?.actors.map((a) => a.id) ?? [];
  const measured = measureCoverage(scan, index, scope);

  const thresholds = evaluateThresholds(config?.thresholds ?? {}, { ...measured.coverage, coveredTechniques: measured.coveredTechniques }, locate);
  findings.push(...thresholds.findings);

  let regressions: RegressionReport | undefined;
  if (inputs.baseline) {
    const diff = diffBaseline({
      ...inputs.baseline,
      scan,
      index,
      ...(measured.profileTechniques ? { profile: { techniques: measured.profileTechniques, actorIds } } : {}),
      ...(config ? { profileLocation: locate('/profile') } : {}),
    });
    regressions = diff.regressions;
    findings.push(...diff.findings);
  }

  const policy = applyFailPolicy(findings, { failOn: inputs.failOn, overrides: { ...CHECK_SEVERITY_DEFAULTS, ...config?.findings } });
  return {
    schema: 'covmap/check@1',
    attack: { domain: scan.attack.domain, version: scan.attack.version },
    ...(config ? { config: config.file } : {}),
    failOn: inputs.failOn,
    files: scan.files,
    rules: {
      total: scan.rules.length,
      included: scan.rules.filter((r) => r.included).length,
      withTechniques: scan.rules.filter((r) => r.techniques.length > 0).length,
    },
    coverage: measured.coverage,
    thresholds: thresholds.results,
    ...(regressions ? { regressions } : {}),
    findings: policy.findings,
    summary: { ...policy.counts, suppressed: policy.suppressed, failing: policy.failing, passed: policy.failing === 0 },
  };
}
