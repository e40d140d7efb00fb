import { compareStrings } from '../compare-strings.js';
import type { ScanReport } from '../scan/scan-report.js';
import { ruleCoverage } from '../gaps/rule-coverage.js';
import type { ScopeSource, ScopeTechnique } from './scope-source.js';
import { sourceSlug } from './source-slug.js';
import { ALWAYS, watchHours } from './week-hours.js';
import { makeFinding } from '../findings/make-finding.js';

/**
 * A provider's own Sigma rules as a scope: read exactly as `covmap scan` reads ours (the caller
 * passes the scan report), each technique covered by the included rules that tag it. Rules carry
 * no hours, so the source is assumed 24x7.
 */
export function scopeFromScan(scan: ScanReport, path: string, year: number): ScopeSource {
  const name = path.replace(/[\\/]+$/, '').replace(/^.*[\\/]/, '') || path;
  const coverage = ruleCoverage(scan.rules, () => true);
  const techniques: ScopeTechnique[] = [...coverage.byTechnique].sort(([a], [b]) => compareStrings(a, b)).map(([id, c]) => ({
    id,
    declaredIds: [id],
    at: () => ({ line: 1, column: 1 }),
    tactics: [],
    status: 'in-scope' as const,
    covered: true,
    claims: [],
    rules: c.rules,
    ...(c.bestLevel ? { bestLevel: c.bestLevel } : {}),
  }));
  return {
    kind: 'sigma',
    file: path,
    name,
    idHint: sourceSlug(name),
    attack: { domain: scan.attack.domain, version: scan.attack.version },
    hours: watchHours(ALWAYS, year, false),
    platforms: coverage.platforms,
    telemetry: [],
    responseActions: [],
    exclusions: [],
    techniques,
    entries: scan.rules.length,
    ignored: {},
    usable: true,
    diagnostics: [...scan.diagnostics, makeFinding('SCOPE_HOURS_ASSUMED', { file: path }, { kind: 'Sigma rule directory' })],
    rules: scan.rules,
    files: scan.files,
  };
}
