import { readdirSync, readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { beforeAll, expect, it } from 'vitest';
import { scanPaths } from '../../cli/scan/scan-paths.js';
import { analyzeGaps } from '../../core/gaps/analyze-gaps.js';
import type { CoverageSummary } from '../../core/gaps/gap-report.js';
import { defaultInhouseProfile } from '../../core/gaps/default-inhouse-profile.js';
import type { ScanReport } from '../../core/scan/scan-report.js';
import { parseScopeFile } from '../../core/scope/parse-scope-file.js';
import type { ScopeSource } from '../../core/scope/scope-source.js';
import { describeShared, sharedPath } from '../helpers/shared-dir.js';
import { catalog, index, YEAR } from '../scope/scope-test-helpers.js';

// Expected numbers are computed here from the raw files and the raw catalog JSON, without the
// analysis code: the universe is every technique neither revoked nor deprecated; an ID from an
// older release counts under the end of its revoked-by chain (the catalog's replacedBy).
const active = new Set(catalog.techniques.filter((t) => !t.revoked && !t.deprecated).map((t) => t.id));
const byId = new Map(catalog.techniques.map((t) => [t.id, t]));
function currentId(id: string): string | undefined {
  const t = byId.get(id.toUpperCase());
  if (!t) return undefined;
  if (!t.revoked) return t.id;
  return t.replacedBy;
}
function inUniverse(ids: Iterable<string | undefined>): Set<string> {
  return new Set([...ids].filter((id): id is string => id !== undefined && active.has(id)));
}

function expectedSummary(inhouse: Set<string>, providers: Set<string>): CoverageSummary {
  let both = 0;
  let inhouseOnly = 0;
  let providerOnly = 0;
  for (const id of active) {
    const i = inhouse.has(id);
    const p = providers.has(id);
    if (i && p) both++;
    else if (i) inhouseOnly++;
    else if (p) providerOnly++;
  }
  return { universe: active.size, both, inhouse_only: inhouseOnly, provider_only: providerOnly, neither: active.size - both - inhouseOnly - providerOnly };
}

function ctidCovered(path: string): Set<string> {
  const data = JSON.parse(readFileSync(path, 'utf8')) as { mapping_objects: Record<string, unknown>[] };
  const ids = data.mapping_objects
    .filter(
      (m) =>
        m.status !== 'non_mappable' &&
        (m.mapping_type === 'technique_scores' || m.mapping_type === 'technique_score') &&
        (m.score_category === 'detect' || m.score_category === 'respond') &&
        ['minimal', 'partial', 'significant'].includes(String(m.score_value)) &&
        typeof m.attack_object_id === 'string',
    )
    .map((m) => currentId(m.attack_object_id as string));
  return inUniverse(ids);
}

function layerCovered(path: string): Set<string> {
  const layer = JSON.parse(readFileSync(path, 'utf8')) as { techniques: { techniqueID: string; score?: number; color?: string; enabled?: boolean }[] };
  return inUniverse(layer.techniques.filter((t) => t.enabled !== false && ((t.score ?? 0) > 0 || (t.color ?? '') !== '')).map((t) => currentId(t.techniqueID)));
}

function dettectCovered(path: string): Set<string> {
  type Entry = { date?: unknown; score: number };
  const doc = yaml.load(readFileSync(path, 'utf8'), { schema: yaml.CORE_SCHEMA }) as { techniques: { technique_id: string; detection: { score_logbook: Entry[] } | { score_logbook: Entry[] }[] }[] };
  const time = (e: Entry) => (typeof e.date === 'string' && !Number.isNaN(Date.parse(e.date)) ? Date.parse(e.date) : -Infinity);
  const covered = doc.techniques.filter((t) => {
    const detections = Array.isArray(t.detection) ? t.detection : [t.detection];
    const latest = detections.map((d) => [...d.score_logbook].sort((a, b) => time(b) - time(a))[0]?.score ?? -1);
    return Math.max(...latest) >= 1;
  });
  return inUniverse(covered.map((t) => currentId(t.technique_id)));
}

describeShared('covmap gaps on the SigmaHQ corpus against real provider files', () => {
  const corpus = sharedPath('corpora/sigmahq-2026-04-01');
  const ruleDirs = readdirSync(corpus)
    .filter((d) => d.startsWith('rules'))
    .map((d) => `${corpus}/${d}`);
  const ctidDir = sharedPath('scopes/ctid');
  const ctidFiles = readdirSync(ctidDir)
    .filter((f) => f.endsWith('-enterprise.json'))
    .sort()
    .map((f) => `${ctidDir}/${f}`);
  let scan: ScanReport;
  let inhouse: Set<string>;
  const scope = (path: string): ScopeSource => parseScopeFile(readFileSync(path, 'utf8'), { index, file: path, year: YEAR });
  const analyze = (providers: ScopeSource[], extra: ScopeSource[] = []) =>
    analyzeGaps({ index, inhouse: { scan, extra, profile: defaultInhouseProfile(YEAR), inputs: ruleDirs }, providers, year: YEAR });

  beforeAll(async () => {
    scan = await scanPaths(ruleDirs, { catalog, index, options: { score: 'count', subtechniques: true, tactics: 'all' }, cache: false });
    inhouse = inUniverse(scan.rules.filter((r) => r.included).flatMap((r) => r.techniques));
  }, 120_000);

  it('reads the whole corpus', () => {
    expect(scan.files.found).toBe(3721);
    expect(inhouse.size).toBeGreaterThan(300);
  });

  it('each CTID file: summary counts match an independent computation', () => {
    expect(ctidFiles).toHaveLength(4);
    for (const file of ctidFiles) {
      const report = analyze([scope(file)]);
      expect(report.summary, file).toEqual(expectedSummary(inhouse, ctidCovered(file)));
      // Counts add up per tactic too: every technique of a tactic is in exactly one state.
      for (const t of report.tactics) expect(t.both + t.inhouse_only + t.provider_only + t.neither).toBe(t.universe);
    }
  });

  it('all four CTID files at once: the union, each provider side by side, and what only one covers', () => {
    const report = analyze(ctidFiles.map(scope));
    const sets = ctidFiles.map(ctidCovered);
    const union = new Set(sets.flatMap((s) => [...s]));
    expect(report.summary).toEqual(expectedSummary(inhouse, union));
    const ids = Object.keys(report.providers);
    expect(ids).toEqual(['aws', 'azure', 'gcp', 'm365']);
    ids.forEach((id, i) => {
      expect(report.providers[id]).toEqual(expectedSummary(inhouse, sets[i]!));
      const only = [...sets[i]!].filter((t) => !inhouse.has(t) && sets.every((s, j) => j === i || !s.has(t))).sort();
      expect(report.contract.uniqueByProvider[id]).toEqual(only);
    });
  });

  it('the Navigator v3.0 samples (mitre-enterprise domain): colour-only and score layers', () => {
    for (const name of ['Bear_APT.json', 'heatmap_layer.json']) {
      const file = sharedPath('scopes/navigator-samples', name);
      const report = analyze([scope(file)]);
      expect(report.summary, name).toEqual(expectedSummary(inhouse, layerCovered(file)));
      expect(report.sources[1]!.usable).toBe(true);
    }
  });

  it('the DeTT&CT sample, as a provider and on the in-house side', () => {
    const file = sharedPath('scopes/dettect/techniques-administration-endpoints.yaml');
    const covered = dettectCovered(file);
    expect(covered.size).toBe(13);
    expect(analyze([scope(file)]).summary).toEqual(expectedSummary(inhouse, covered));

    const aws = ctidFiles.find((f) => f.includes('/aws-'))!;
    const withDettect = new Set([...inhouse, ...covered]);
    expect(analyze([scope(aws)], [scope(file)]).summary).toEqual(expectedSummary(withDettect, ctidCovered(aws)));
  });

  it('a DeTT&CT group administration file is reported, not read as coverage', () => {
    const report = analyze([scope(sharedPath('scopes/dettect/groups.yaml'))]);
    expect(report.sources[1]!.usable).toBe(false);
    expect(report.diagnostics.filter((d) => d.code === 'SCOPE_DETTECT_FILE_TYPE')).toHaveLength(1);
    expect(report.summary).toEqual(expectedSummary(inhouse, new Set()));
  });
});
