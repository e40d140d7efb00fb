import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Catalog } from '../../core/attack/catalog.js';
import { buildScanLayer } from '../../core/scan/build-scan-layer.js';
import { buildScanReport, type ScannedFile } from '../../core/scan/build-scan-report.js';
import type { ScanOptions } from '../../core/scan/scan-report.js';
import { parseRuleText } from '../../core/sigma/parse-rule-file.js';
import { buildNavigatorLayer } from '../../core/render/render-navigator-layer.js';
import { loadCatalog } from '../../cli/attack/load-catalog.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog({ attack: '18.1' });
});

interface RuleSpec {
  title: string;
  tags?: string[];
  level?: string;
  status?: string;
  id?: string;
  name?: string;
}

function ruleText(spec: RuleSpec): string {
  const lines = [`title: ${spec.title}`];
  if (spec.id) lines.push(`id: ${spec.id}`);
  if (spec.name) lines.push(`name: ${spec.name}`);
  if (spec.status) lines.push(`status: ${spec.status}`);
  lines.push('logsource:', '    product: windows', 'detection:', '    sel:', '        a: 1', '    condition: sel');
  if (spec.level) lines.push(`level: ${spec.level}`);
  if (spec.tags) lines.push('tags:', ...spec.tags.map((t) => `    - ${t}`));
  return `${lines.join('\n')}\n`;
}

const file = (name: string, text: string): ScannedFile => ({ file: name, parsed: parseRuleText(text) });
const OPTIONS: ScanOptions = { score: 'count', subtechniques: true, tactics: 'all' };

const FILES = (): ScannedFile[] => [
  file('r1.yml', ruleText({ title: 'R1', level: 'high', status: 'stable', tags: ['attack.execution', 'attack.t1059.001', 'attack.t1059'] })),
  file('r2.yml', ruleText({ title: 'R2', level: 'critical', status: 'test', tags: ['attack.t1059.001'] })),
  file('r3.yml', ruleText({ title: 'R3', tags: ['attack.credential-access', 'attack.t1003.001'] })),
  file('r4.yml', ruleText({ title: 'R4', level: 'low', status: 'experimental', tags: ['attack.t1059'] })),
  file('r5.yml', ruleText({ title: 'R5 no technique', level: 'high', tags: ['attack.execution'] })),
  file('pipeline.yml', 'name: p\npriority: 1\ntransformations: []\n'),
  file('broken.yml', 'title: [\n'),
];

const scores = (options: Partial<ScanOptions> = {}) =>
  Object.fromEntries(buildScanReport({ files: FILES(), catalog, options: { ...OPTIONS, ...options } }).techniques.map((t) => [t.id, t.score]));

describe('buildScanReport', () => {
  it('accounts for every file and builds one record per file', () => {
    const report = buildScanReport({ files: FILES(), catalog, options: OPTIONS });
    expect(report.files).toEqual({ found: 7, parsed: 5, skipped: 1, errored: 1 });
    expect(report.fileResults.map((f) => [f.file, f.status, f.rules, f.code])).toEqual([
      ['broken.yml', 'errored', 0, 'YAML_SYNTAX'],
      ['pipeline.yml', 'skipped', 0, 'SIGMA_NOT_A_RULE'],
      ['r1.yml', 'parsed', 1, undefined],
      ['r2.yml', 'parsed', 1, undefined],
      ['r3.yml', 'parsed', 1, undefined],
      ['r4.yml', 'parsed', 1, undefined],
      ['r5.yml', 'parsed', 1, undefined],
    ]);
    expect(report.schema).toBe('covmap/scan@1');
    expect(report.attack).toEqual({ domain: 'enterprise-attack', version: '18.1' });
  });

  it('keeps per-rule metadata, tag positions and mapped techniques', () => {
    const report = buildScanReport({ files: FILES(), catalog, options: OPTIONS });
    const r1 = report.rules.find((r) => r.key === 'r1.yml')!;
    expect(r1).toMatchObject({ file: 'r1.yml', title: 'R1', level: 'high', status: 'stable', techniques: ['T1059', 'T1059.001'], tactics: ['execution'], coverageFrom: 'tags', included: true });
    expect(r1.tags[1]).toEqual({ value: 'attack.t1059.001', line: 12, column: 7 });
  });

  it('scores like sigma-cli: count, max (level value) and level (weights 1/2/4/8/12)', () => {
    expect(scores({ score: 'count' })).toEqual({ T1003: 0, 'T1003.001': 1, T1059: 2, 'T1059.001': 2 });
    expect(scores({ score: 'max' })).toEqual({ T1003: 0, 'T1003.001': 0, T1059: 4, 'T1059.001': 5 });
    expect(scores({ score: 'level' })).toEqual({ T1003: 0, 'T1003.001': 1, T1059: 10, 'T1059.001': 20 });
  });

  it('gives a parent its covered sub-techniques without counting it as covered', () => {
    const report = buildScanReport({ files: FILES(), catalog, options: OPTIONS });
    const t1003 = report.techniques.find((t) => t.id === 'T1003')!;
    expect(t1003).toMatchObject({ rules: [], score: 0, viaSubtechniques: ['T1003.001'], tactics: ['credential-access'] });
    expect(report.techniques.find((t) => t.id === 'T1059')!.viaSubtechniques).toEqual(['T1059.001']);
  });

  it('applies --min-status and --min-level (rules without one fail it)', () => {
    const report = buildScanReport({ files: FILES(), catalog, options: { ...OPTIONS, minStatus: 'test', minLevel: 'high' } });
    expect(Object.fromEntries(report.rules.map((r) => [r.title, r.included]))).toEqual({ R1: true, R2: true, R3: false, R4: false, 'R5 no technique': false });
    expect(Object.fromEntries(report.techniques.map((t) => [t.id, t.score]))).toEqual({ T1059: 1, 'T1059.001': 2 });
  });

  it('folds sub-techniques into parents with --no-subtechniques, counting each rule once', () => {
    const report = buildScanReport({ files: FILES(), catalog, options: { ...OPTIONS, subtechniques: false } });
    expect(report.techniques.map((t) => [t.id, t.score, t.rules.length, t.viaSubtechniques])).toEqual([
      ['T1003', 1, 1, ['T1003.001']],
      ['T1059', 3, 3, ['T1059.001']],
    ]);
  });

  it('counts under every tactic of the technique, or only the tagged ones with --tactics tagged', () => {
    const files = [
      file('a.yml', ruleText({ title: 'A', tags: ['attack.persistence', 'attack.t1053.005'] })),
      file('b.yml', ruleText({ title: 'B', tags: ['attack.t1053.005'] })),
    ];
    const all = buildScanReport({ files, catalog, options: OPTIONS }).techniques.find((t) => t.id === 'T1053.005')!;
    expect(all.tactics).toEqual(['execution', 'persistence', 'privilege-escalation']);
    expect(all.perTactic).toBeUndefined();
    const tagged = buildScanReport({ files, catalog, options: { ...OPTIONS, tactics: 'tagged' } }).techniques.find((t) => t.id === 'T1053.005')!;
    expect(tagged.score).toBe(2);
    expect(tagged.perTactic).toEqual([
      { tactic: 'execution', rules: ['b.yml'], score: 1 },
      { tactic: 'persistence', rules: ['a.yml', 'b.yml'], score: 2 },
      { tactic: 'privilege-escalation', rules: ['b.yml'], score: 1 },
    ]);
  });

  it('gives a correlation without tags the union of the rules it references', () => {
    const files = [
      file('base1.yml', ruleText({ title: 'Base 1', id: '00000000-0000-4000-8000-000000000001', tags: ['attack.t1110.001'] })),
      file('base2.yml', ruleText({ title: 'Base 2', name: 'base_two', tags: ['attack.t1078'] })),
      file(
        'corr.yml',
        'title: Corr\ncorrelation:\n  type: temporal\n  rules: [00000000-0000-4000-8000-000000000001, base_two, missing_rule]\n  timespan: 1h\n',
      ),
      file('corr2.yml', 'title: Corr tagged\ncorrelation:\n  type: event_count\n  rules: [base_two]\n  timespan: 1h\ntags: [attack.t1110.003]\n'),
      file('meta.yml', 'title: Corr of corr\ncorrelation:\n  type: temporal\n  rules: [corr_x]\n  timespan: 1h\nname: corr_y\n'),
      file('meta2.yml', 'title: Corr of corr 2\ncorrelation:\n  type: temporal\n  rules: [corr_y]\n  timespan: 1h\nname: corr_x\n'),
    ];
    const report = buildScanReport({ files, catalog, options: OPTIONS });
    const byTitle = Object.fromEntries(report.rules.map((r) => [r.title, r]));
    expect(byTitle.Corr).toMatchObject({ kind: 'correlation', techniques: ['T1078', 'T1110.001'], coverageFrom: 'referenced-rules' });
    expect(byTitle['Corr tagged']).toMatchObject({ techniques: ['T1110.003'], coverageFrom: 'tags' });
    expect(report.techniques.find((t) => t.id === 'T1078')!.rules).toEqual(['base2.yml', 'corr.yml']);
    expect(report.diagnostics.filter((d) => d.code.startsWith('SIGMA_REFERENCE')).map((d) => [d.code, d.file, d.data?.reference])).toEqual([
      ['SIGMA_REFERENCE_UNRESOLVED', 'corr.yml', 'missing_rule'],
      ['SIGMA_REFERENCE_CYCLE', 'meta2.yml', 'corr_y'],
    ]);
  });

  it('gives every correlation of a reference cycle the union of what the cycle reaches, whatever the file names', () => {
    const base = [
      file('base.yml', ruleText({ title: 'Base', name: 'base', tags: ['attack.t1110.001'] })),
      file('base2.yml', ruleText({ title: 'Base 2', name: 'base_two', tags: ['attack.t1078'] })),
    ];
    const a = 'title: Cycle A\nname: cyc_a\ncorrelation:\n  type: temporal\n  rules: [cyc_b, base]\n  timespan: 1h\n';
    const b = 'title: Cycle B\nname: cyc_b\ncorrelation:\n  type: temporal\n  rules: [cyc_a, base_two]\n  timespan: 1h\n';
    const c = 'title: Cycle C\nname: cyc_c\ncorrelation:\n  type: temporal\n  rules: [cyc_a]\n  timespan: 1h\n';
    for (const names of [['a.yml', 'b.yml', 'c.yml'], ['c.yml', 'b.yml', 'a.yml'], ['b.yml', 'a.yml', 'c.yml']]) {
      const files = [...base, file(names[0]!, a), file(names[1]!, b), file(names[2]!, c)];
      const report = buildScanReport({ files, catalog, options: OPTIONS });
      const byTitle = Object.fromEntries(report.rules.map((r) => [r.title, r]));
      for (const title of ['Cycle A', 'Cycle B', 'Cycle C']) {
        expect(byTitle[title], `${title} in ${names.join(' ')}`).toMatchObject({ techniques: ['T1078', 'T1110.001'], coverageFrom: 'referenced-rules' });
      }
      expect(report.techniques.find((t) => t.id === 'T1110.001')!.rules).toHaveLength(4);
      expect(report.diagnostics.filter((d) => d.code === 'SIGMA_REFERENCE_CYCLE')).toHaveLength(1);
    }
  });

  it('records what a filter tunes but gives it no coverage', () => {
    const files = [
      file('base.yml', ruleText({ title: 'Base', name: 'base', tags: ['attack.t1059'] })),
      file('filter.yml', 'title: F\nlogsource: {product: windows}\nfilter:\n  rules: [base, nope]\n  selection: {User: admin}\n  condition: not selection\ntags: [attack.t1003]\n'),
    ];
    const report = buildScanReport({ files, catalog, options: OPTIONS });
    expect(report.rules.find((r) => r.kind === 'filter')).toMatchObject({ references: ['base', 'nope'], techniques: [], coverageFrom: 'none' });
    expect(report.techniques.map((t) => t.id)).toEqual(['T1059']);
    expect(report.diagnostics.map((d) => d.code)).toContain('SIGMA_REFERENCE_UNRESOLVED');
  });

  it('flags duplicate rule ids across files', () => {
    const id = '00000000-0000-4000-8000-00000000000a';
    const report = buildScanReport({
      files: [file('a.yml', ruleText({ title: 'A', id, tags: ['attack.t1059'] })), file('b.yml', ruleText({ title: 'B', id, tags: ['attack.t1059'] }))],
      catalog,
      options: OPTIONS,
    });
    expect(report.diagnostics.filter((d) => d.code === 'SIGMA_DUPLICATE_ID')).toMatchObject([{ file: 'b.yml', data: { id, other: 'a.yml' } }]);
  });

  it('keys rules of multi-document files by document number', () => {
    const text = `${ruleText({ title: 'One', tags: ['attack.t1059'] })}---\n${ruleText({ title: 'Two', tags: ['attack.t1059'] })}`;
    const report = buildScanReport({ files: [file('multi.yml', text)], catalog, options: OPTIONS });
    expect(report.rules.map((r) => r.key)).toEqual(['multi.yml#1', 'multi.yml#2']);
    expect(report.fileResults).toEqual([{ file: 'multi.yml', status: 'parsed', rules: 2 }]);
  });

  it('warns when a deprecated or unsupported rule is counted, not when it is filtered out', () => {
    const files = [
      file('dep.yml', ruleText({ title: 'Dep', status: 'deprecated', tags: ['attack.t1059'] })),
      file('uns.yml', ruleText({ title: 'Uns', status: 'unsupported', tags: ['attack.t1059'] })),
    ];
    const codes = (o: Partial<ScanOptions>) => buildScanReport({ files, catalog, options: { ...OPTIONS, ...o } }).diagnostics.map((d) => `${d.code}@${d.line}`);
    expect(codes({})).toEqual(['RULE_STATUS_DEPRECATED@2', 'RULE_STATUS_UNSUPPORTED@2']);
    expect(codes({ minStatus: 'experimental' })).toEqual([]);
  });

  it('is deterministic whatever the order of its input', () => {
    const reference = JSON.stringify(buildScanReport({ files: FILES(), catalog, options: OPTIONS }));
    fc.assert(
      fc.property(fc.shuffledSubarray(FILES(), { minLength: 7, maxLength: 7 }), (shuffled) => {
        expect(JSON.stringify(buildScanReport({ files: shuffled, catalog, options: OPTIONS }))).toBe(reference);
      }),
      { numRuns: 20 },
    );
  });

  it('keeps file counts adding up for any mix of files', () => {
    const texts = [ruleText({ title: 'ok', tags: ['attack.t1059'] }), '', '- list\n', 'title: [', 'a: 1\na: 2\n', 'name: x\n', 'title: x\nlogsource: {}\n'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...texts), { maxLength: 20 }), (picked) => {
        const report = buildScanReport({ files: picked.map((t, i) => file(`f${i}.yml`, t)), catalog, options: OPTIONS });
        const { found, parsed, skipped, errored } = report.files;
        expect(found).toBe(picked.length);
        expect(parsed + skipped + errored).toBe(found);
        expect(report.fileResults).toHaveLength(found);
        for (const r of report.fileResults) if (r.status !== 'parsed') expect(report.diagnostics.some((d) => d.file === r.file && d.code === r.code)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});

describe('buildScanLayer', () => {
  it('scores (technique, tactic) entries, lists rule titles and takes the gradient from technique scores', () => {
    const report = buildScanReport({ files: FILES(), catalog, options: OPTIONS });
    const layer = buildNavigatorLayer(buildScanLayer(report, catalog)) as unknown as {
      versions: Record<string, string>;
      domain: string;
      gradient: { maxValue: number; minValue: number };
      techniques: { techniqueID: string; tactic: string; score: number; metadata: { value: string }[]; showSubtechniques?: boolean }[];
    };
    expect(layer.versions).toEqual({ attack: '18.1', navigator: '5.2.0', layer: '4.5' });
    expect(layer.domain).toBe('enterprise-attack');
    expect(layer.techniques.map((t) => [t.techniqueID, t.tactic, t.score])).toEqual([
      ['T1003.001', 'credential-access', 1],
      ['T1059', 'execution', 2],
      ['T1059.001', 'execution', 2],
    ]);
    expect(layer.techniques[1]!.metadata.map((m) => m.value)).toEqual(['R1', 'R4']);
    expect(layer.techniques[1]!.showSubtechniques).toBe(true);
    // R5's and R1's tactic tags do not count as techniques: the maximum is a technique score.
    expect(layer.gradient).toMatchObject({ minValue: 0, maxValue: 2 });
  });

  it('says in the legend what a score of 0 means under --score max (rules without a level)', () => {
    const files = [file('a.yml', ruleText({ title: 'A', tags: ['attack.t1047'] }))];
    const legend = (score: ScanOptions['score']) => {
      const report = buildScanReport({ files, catalog, options: { ...OPTIONS, score } });
      const layer = buildScanLayer(report, catalog);
      return [layer.techniques.map((t) => t.score), layer.legendItems!.map((l) => l.label)];
    };
    expect(legend('max')).toEqual([[0], ['0: no coverage, or only rules without a level', '1: highest rule level (1 informational ... 5 critical)']]);
    expect(legend('count')).toEqual([[1], ['0: no rules', '1: number of rules (highest)']]);
  });

  it('uses per-tactic scores with --tactics tagged', () => {
    const files = [
      file('a.yml', ruleText({ title: 'A', tags: ['attack.persistence', 'attack.t1053.005'] })),
      file('b.yml', ruleText({ title: 'B', tags: ['attack.t1053.005'] })),
    ];
    const report = buildScanReport({ files, catalog, options: { ...OPTIONS, tactics: 'tagged' } });
    const layer = buildNavigatorLayer(buildScanLayer(report, catalog)) as unknown as { techniques: { tactic: string; score: number }[] };
    expect(layer.techniques.map((t) => [t.tactic, t.score])).toEqual([
      ['execution', 1],
      ['persistence', 2],
      ['privilege-escalation', 1],
    ]);
  });
});
