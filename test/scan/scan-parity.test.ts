import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Catalog } from '../../core/attack/catalog.js';
import { buildNavigatorLayer } from '../../core/render/render-navigator-layer.js';
import { buildScanLayer } from '../../core/scan/build-scan-layer.js';
import type { ScanOptions, ScanReport } from '../../core/scan/scan-report.js';
import { classifyAttackTag } from '../../core/sigma/map-attack-tags.js';
import { loadCatalog } from '../../cli/attack/load-catalog.js';
import { scanPaths } from '../../cli/scan/scan-paths.js';
import { describeShared, sharedPath } from '../helpers/shared-dir.js';

// Parity with sigma-cli (pySigma 1.5) on SigmaHQ's rules of 2026-04-01: the expected layers in
// ../shared were made by `sigma analyze attack -P '*.y*ml' ...` over the rules* folders.

const CORPUS = 'corpora/sigmahq-2026-04-01';
const RULE_FOLDERS = ['rules', 'rules-compliance', 'rules-dfir', 'rules-emerging-threats', 'rules-placeholder', 'rules-threat-hunting'];
const BASE: ScanOptions = { score: 'count', subtechniques: true, tactics: 'all' };

interface Layer {
  techniques: { techniqueID: string; tactic: string; score: number }[];
  gradient: { maxValue: number };
}

describeShared('sigma-cli parity on the SigmaHQ corpus', () => {
  let catalog: Catalog;
  let cacheDir: string;
  const cwd = () => sharedPath(CORPUS);
  beforeAll(async () => {
    catalog = await loadCatalog({ attack: '18.1' });
    cacheDir = mkdtempSync(join(tmpdir(), 'covmap-parity-'));
  });
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  // The first two scans parse (the second fills a private cache); later ones only re-map, as a
  // user's re-runs would.
  const scan = (options: Partial<ScanOptions>, paths = RULE_FOLDERS) =>
    scanPaths(paths, { catalog, options: { ...BASE, ...options }, cwd: cwd(), cache: { dir: cacheDir } });
  const layerOf = (report: ScanReport) => buildNavigatorLayer(buildScanLayer(report, catalog)) as unknown as Layer;
  const expected = (name: string) => JSON.parse(readFileSync(sharedPath(CORPUS, 'expected', name), 'utf8')) as Layer;
  const entries = (layer: Layer) => layer.techniques.map((t) => `${t.techniqueID}|${t.tactic}|${t.score}`).sort();

  it('accounts for all 3,721 rule files (.yml and .yaml) with no errors', async () => {
    const report = await scan({});
    expect(report.files).toEqual({ found: 3721, parsed: 3721, skipped: 0, errored: 0 });
    expect(report.fileResults.filter((f) => f.file.endsWith('.yaml'))).toHaveLength(6);
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  for (const [name, options] of [
    ['layer-count.json', {}],
    ['layer-max.json', { score: 'max' }],
    ['layer-level.json', { score: 'level' }],
    ['layer-count-test-medium.json', { minStatus: 'test', minLevel: 'medium' }],
  ] as const) {
    it(`matches ${name} exactly (techniqueID, tactic, score)`, async () => {
      const ours = layerOf(await scan(options));
      const theirs = expected(name);
      expect(entries(ours)).toEqual(entries(theirs));
    });
  }

  it('takes the gradient maximum from technique scores, not tactic tags (sigma-cli: 1595)', async () => {
    const ours = layerOf(await scan({}));
    const top = Math.max(...ours.techniques.map((t) => t.score));
    expect(ours.gradient.maxValue).toBe(top);
    expect(expected('layer-count.json').gradient.maxValue).toBe(1595); // the attack.defense-evasion tag count
    expect(top).toBeLessThan(1595);
  });

  it('differs from layer-count-nosub.json exactly by sigma-cli double counting', async () => {
    const report = await scan({ subtechniques: false });
    const ours = layerOf(report);
    const theirs = expected('layer-count-nosub.json');
    const key = (t: { techniqueID: string; tactic: string }) => `${t.techniqueID}|${t.tactic}`;
    expect(ours.techniques.map(key).sort()).toEqual(theirs.techniques.map(key).sort());

    // sigma-cli appends a rule once per attack tag that folds into a parent (T1059 and
    // T1059.001 give two); covmap counts each rule once. Recompute both from the raw tags.
    const perRule = report.rules.map((rule) => {
      const folds = new Map<string, number>();
      for (const tag of rule.tags) {
        const t = classifyAttackTag(tag.value);
        if (t?.kind === 'technique') folds.set(t.id.split('.')[0]!, (folds.get(t.id.split('.')[0]!) ?? 0) + 1);
      }
      return folds;
    });
    const sigmaCli = (parent: string) => perRule.reduce((sum, folds) => sum + (folds.get(parent) ?? 0), 0);
    const distinct = (parent: string) => perRule.filter((folds) => folds.has(parent)).length;
    const ourScore = new Map(ours.techniques.map((t) => [key(t), t.score]));
    let differing = 0;
    for (const t of theirs.techniques) {
      expect(t.score).toBe(sigmaCli(t.techniqueID));
      expect(ourScore.get(key(t))).toBe(distinct(t.techniqueID));
      if (t.score !== ourScore.get(key(t))) differing++;
    }
    expect(differing).toBeGreaterThan(0);
    expect(ourScore.get('T1059|execution')).toBeLessThan(theirs.techniques.find((t) => key(t) === 'T1059|execution')!.score);
  });

  it('reads deprecated/ and unsupported/ with the expected warnings, not errors or silence', async () => {
    const report = await scan({}, ['deprecated', 'unsupported']);
    expect(report.files.errored).toBe(0);
    expect(report.files.parsed).toBe(report.files.found);
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const count = (code: string) => report.diagnostics.filter((d) => d.code === code).length;

    // One warning per underscore tactic tag, and per rule whose status says deprecated/unsupported.
    const underscoreTags = new Set<string>();
    for (const r of report.rules) for (const t of r.tags) if (/^attack\.[a-z]+(_[a-z]+)+$/i.test(t.value)) underscoreTags.add(`${r.file}:${t.line}:${t.column}`);
    expect(count('ATTACK_TACTIC_UNDERSCORE')).toBe(underscoreTags.size);
    expect(underscoreTags.size).toBeGreaterThan(100);
    // (Rules expanded from one v1 collection share their status line: one warning per file.)
    const filesWith = (status: string) => new Set(report.rules.filter((r) => r.status === status).map((r) => r.file)).size;
    expect(count('RULE_STATUS_DEPRECATED')).toBe(filesWith('deprecated'));
    expect(count('RULE_STATUS_UNSUPPORTED')).toBe(filesWith('unsupported'));
    expect(count('RULE_STATUS_DEPRECATED')).toBeGreaterThan(100);

    // The v1 collections are expanded, with a warning, and revoked tags move to their replacement.
    expect(report.diagnostics.filter((d) => d.code === 'SIGMA_V1_COLLECTION').map((d) => d.file)).toEqual([
      'unsupported/windows/sysmon_process_reimaging.yml',
      'unsupported/windows/win_apt_apt29_tor.yml',
      'unsupported/windows/win_remote_service.yml',
    ]);
    expect(report.rules.filter((r) => r.file === 'unsupported/windows/win_remote_service.yml').map((r) => r.key)).toEqual([
      'unsupported/windows/win_remote_service.yml#2',
      'unsupported/windows/win_remote_service.yml#3',
    ]);
    const revoked = report.diagnostics.filter((d) => d.code === 'ATTACK_TAG_REVOKED');
    expect(revoked.length).toBeGreaterThan(0);
    expect(revoked.find((d) => d.file === 'unsupported/windows/win_apt_apt29_tor.yml')?.data).toMatchObject({ technique: 'T1050', replacement: 'T1543.003' });
    expect(count('SIGMA_CONDITION_AGGREGATION')).toBeGreaterThan(0);
  });
});
