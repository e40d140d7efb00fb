import { describe, expect, it } from 'vitest';
import { buildBaseline, parseBaseline, renderBaseline } from '../../core/check/baseline.js';
import { diffBaseline } from '../../core/check/diff-baseline.js';
import { embeddedIndex, makeScan } from './helpers/make-scan.js';

const index = embeddedIndex();

const before = makeScan(index, [
  { key: 'rules/lsass.yml', id: 'a1', techniques: ['T1003.001'] },
  { key: 'rules/comsvcs.yml', id: 'a2', techniques: ['T1003.001'] },
  { key: 'rules/encoded.yml', id: 'a3', techniques: ['T1059.001'] },
  { key: 'rules/rundll32.yml', id: 'a4', techniques: ['T1218.011'] },
  { key: 'rules/icmp.yml', id: 'a5', techniques: ['T1071.001'] },
  { key: 'rules/runkey.yml', id: 'a6', techniques: ['T1547.001'] },
  { key: 'rules/old/renamed.yml', id: 'a7', techniques: ['T1112'] },
  { key: 'rules/moved-still-covers.yml', id: 'a8', techniques: ['T1053.003'] },
  { key: 'rules/filtered.yml', id: 'a9', techniques: ['T1566.001'] },
  { key: 'rules/multi.yml#2', id: 'a10', techniques: ['T1105'] },
]);

describe('baseline file', () => {
  const baseline = buildBaseline(before, { query: ['HAMMERTOSS'], techniques: ['T1071.001', 'T1059.001'] });
  const text = renderBaseline(baseline);

  it('is sorted pretty JSON with one rule per line, the same bytes for the same rules', () => {
    expect(renderBaseline(buildBaseline(makeScan(index, [...before.rules].reverse().map((r) => ({ key: r.key, id: r.id!, techniques: r.techniques }))), baseline.profile))).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
    expect(Object.keys(baseline.techniques)).toEqual([...Object.keys(baseline.techniques)].sort());
    expect(text).toContain('    "T1003.001": [\n      "rules/comsvcs.yml",\n      "rules/lsass.yml"\n    ],');
    expect(baseline.profile).toEqual({ query: ['HAMMERTOSS'], techniques: ['T1059.001', 'T1071.001'] });
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/); // no timestamps
  });

  it('reads back what it wrote, with the line of every technique entry', () => {
    const parsed = parseBaseline(text);
    if ('error' in parsed) throw new Error(parsed.error);
    expect(parsed.baseline).toEqual(baseline);
    const lines = text.split('\n');
    for (const [id, line] of Object.entries(parsed.lines)) expect(lines[line - 1]).toContain(`"${id}": [`);
    expect(Object.keys(parsed.lines).sort()).toEqual(Object.keys(baseline.techniques));
  });

  it.each([
    ['{', /not valid JSON/],
    ['[]', /expected a JSON object/],
    ['{"schema":"covmap/scan@1"}', /schema is "covmap\/scan@1"/],
    ['{"schema":"covmap/baseline@1","attack":{"domain":"x","version":"18.1"},"techniques":{}}', /domain and a version/],
    ['{"schema":"covmap/baseline@1","attack":{"domain":"enterprise-attack","version":"18.1"},"techniques":{"T1001":"r.yml"}}', /list of rule keys/],
    // Hand-edited or badly merged baselines: each field is checked before the comparison uses it.
    ['{"schema":"covmap/baseline@1","attack":{"domain":"enterprise-attack","version":"18.1"},"techniques":{"foo":["r.yml"]}}', /"foo", which is not a technique ID/],
    ['{"schema":"covmap/baseline@1","attack":{"domain":"enterprise-attack","version":"18.1"},"techniques":{"T1001":[1]}}', /list of rule keys/],
    ['{"schema":"covmap/baseline@1","attack":{"domain":"enterprise-attack","version":"18.1"},"techniques":{},"rules":{"r.yml":null}}', /"rules"\."r\.yml" must be/],
    ['{"schema":"covmap/baseline@1","attack":{"domain":"enterprise-attack","version":"18.1"},"techniques":{},"rules":{"r.yml":{"title":5}}}', /"rules"\."r\.yml" must be/],
    ['{"schema":"covmap/baseline@1","attack":{"domain":"enterprise-attack","version":"18.1"},"techniques":{},"profile":{"query":[1],"techniques":[null]}}', /lists of strings/],
  ])('rejects %s', (input, reason) => {
    const parsed = parseBaseline(input);
    expect('error' in parsed && parsed.error).toMatch(reason);
  });

  it('says where JSON breaks, in one line', () => {
    const parsed = parseBaseline('{\n  "schema": "covmap/baseline@1",\n  garbage{{{\n}\n');
    expect('error' in parsed && parsed.error).toBe('not valid JSON (syntax error at line 3, column 3)');
  });
});

describe('diffBaseline', () => {
  const baseline = buildBaseline(before, { query: ['HAMMERTOSS'], techniques: ['T1059.001', 'T1071.001'] });
  const parsed = parseBaseline(renderBaseline(baseline));
  if ('error' in parsed) throw new Error(parsed.error);

  const after = makeScan(
    index,
    [
      { key: 'rules/lsass.yml', id: 'a1', techniques: ['T1003.001'] },
      // comsvcs removed: T1003.001 keeps one rule -> reduced
      { key: 'rules/encoded.yml', id: 'a3', techniques: ['T1059.001'] },
      // rundll32 removed -> T1218.011 lost
      { key: 'rules/icmp.yml', id: 'a5', techniques: ['T1095'] }, // retagged -> T1071.001 lost
      // runkey now unparsable (see extra file) -> T1547.001 lost
      { key: 'rules/new/renamed.yml', id: 'a7', techniques: ['T1113'] }, // moved and retagged -> T1112 lost
      { key: 'rules/new/moved-still-covers.yml', id: 'a8', techniques: ['T1053.003'] }, // moved, still covers: no loss
      { key: 'rules/filtered.yml', id: 'a9', techniques: ['T1566.001'], included: false }, // below --min-status now
      { key: 'rules/multi.yml#2', id: 'a10', techniques: ['T1105'] },
      { key: 'rules/brand-new.yml', id: 'a11', techniques: ['T1102.003'] }, // gained
    ],
    [{ file: 'rules/runkey.yml', status: 'errored', rules: 0, code: 'YAML_SYNTAX' }],
  );
  const diff = diffBaseline({
    baseline: parsed.baseline,
    lines: parsed.lines,
    file: '.covmap-baseline.json',
    scan: { ...after, diagnostics: [{ code: 'YAML_SYNTAX', severity: 'error', file: 'rules/runkey.yml', line: 14, column: 9 }] },
    index,
    profile: { techniques: ['T1059.001', 'T1071.001', 'T1567.002'], actorIds: ['S0037'] },
    profileLocation: { file: '.covmap.yml', line: 7, column: 3 },
  });

  it('names each lost technique and the rule change behind it', () => {
    expect(diff.regressions.lost.map((t) => [t.id, t.inProfile, t.before, t.after, t.rules.map((r) => [r.rule, r.cause, r.movedTo, r.now])])).toEqual([
      ['T1071.001', true, 1, 0, [['rules/icmp.yml', 'retagged', undefined, ['T1095']]]],
      ['T1112', false, 1, 0, [['rules/old/renamed.yml', 'renamed', 'rules/new/renamed.yml', ['T1113']]]],
      ['T1218.011', false, 1, 0, [['rules/rundll32.yml', 'removed', undefined, undefined]]],
      ['T1547.001', false, 1, 0, [['rules/runkey.yml', 'unparsable', undefined, undefined]]],
      ['T1566.001', false, 1, 0, [['rules/filtered.yml', 'excluded', undefined, undefined]]],
    ]);
    expect(diff.regressions.reduced.map((t) => [t.id, t.before, t.after, t.rules.map((r) => r.cause)])).toEqual([['T1003.001', 2, 1, ['removed']]]);
  });

  it('points each finding where a reviewer can act', () => {
    const where = diff.findings.map((f) => [f.code, f.data?.technique, f.file, f.line]);
    expect(where).toEqual([
      ['CHECK_COVERAGE_REDUCED', 'T1003.001', '.covmap-baseline.json', parsed.lines['T1003.001']],
      ['CHECK_COVERAGE_LOST', 'T1071.001', 'rules/icmp.yml', 10],
      ['CHECK_COVERAGE_LOST', 'T1112', 'rules/new/renamed.yml', 10],
      ['CHECK_COVERAGE_LOST', 'T1218.011', '.covmap-baseline.json', parsed.lines['T1218.011']],
      ['CHECK_COVERAGE_LOST', 'T1547.001', 'rules/runkey.yml', 14],
      ['CHECK_COVERAGE_LOST', 'T1566.001', 'rules/filtered.yml', 10],
      ['CHECK_PROFILE_GAP_NEW', 'T1567.002', '.covmap.yml', 7],
      ['CHECK_COVERAGE_GAINED', 'T1095', 'rules/icmp.yml', 10],
      ['CHECK_COVERAGE_GAINED', 'T1102.003', 'rules/brand-new.yml', 10],
      ['CHECK_COVERAGE_GAINED', 'T1113', 'rules/new/renamed.yml', 10],
    ]);
  });

  it('lists new profile gaps (lost ones and ones new in the profile) and new coverage', () => {
    expect(diff.regressions.newProfileGaps).toEqual(['T1071.001', 'T1567.002']);
    // The retagged and the moved rule cover their new techniques: new coverage too.
    expect(diff.regressions.gained.map((g) => [g.id, g.rules])).toEqual([
      ['T1095', ['rules/icmp.yml']],
      ['T1102.003', ['rules/brand-new.yml']],
      ['T1113', ['rules/new/renamed.yml']],
    ]);
    const gap = diff.findings.find((f) => f.code === 'CHECK_PROFILE_GAP_NEW')!;
    expect(gap.data).toEqual({ technique: 'T1567.002', name: 'Exfiltration to Cloud Storage', usedBy: ['S0037'] });
  });

  it('finds nothing against an unchanged scan', () => {
    const same = diffBaseline({ baseline: parsed.baseline, lines: parsed.lines, file: 'b.json', scan: before, index });
    expect(same.findings).toEqual([]);
    expect(same.regressions).toMatchObject({ lost: [], reduced: [], newProfileGaps: [], gained: [] });
  });

  it('migrates technique IDs of a baseline written against an older ATT&CK release', () => {
    const old = { ...parsed.baseline, attack: { domain: 'enterprise-attack' as const, version: '17.1' }, techniques: { T1086: ['rules/encoded.yml'] } };
    const result = diffBaseline({ baseline: old, lines: {}, file: 'b.json', scan: makeScan(index, [{ key: 'rules/encoded.yml', techniques: ['T1059.001'] }]), index });
    expect(result.findings.map((f) => [f.code, f.data])).toEqual([['CHECK_BASELINE_ATTACK_VERSION', { baselineVersion: '17.1', version: '18.1', migrated: 1 }]]);
  });
});
