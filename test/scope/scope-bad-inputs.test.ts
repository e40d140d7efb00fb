import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScopeBytes } from '../../core/scope/parse-scope-bytes.js';
import { parseScopeFile } from '../../core/scope/parse-scope-file.js';
import { BAD_INPUTS, findings, fixtureText, index, parseFixture, placed, positionOf, YEAR } from './scope-test-helpers.js';

const at = (file: string, marker: string, nth = 1) => {
  const p = positionOf(file, marker, nth);
  return `${p.line}:${p.column}`;
};

describe('covmap scope files with bad input', () => {
  it('unknown fields are errors at the key, and make the file unusable', () => {
    const f = 'unknown-fields.yaml';
    const s = parseFixture(f);
    expect(s.usable).toBe(false);
    expect(placed(findings(s, 'SCOPE_UNKNOWN_FIELD'))).toEqual(
      [`SCOPE_UNKNOWN_FIELD@${at(f, 'colour:')}`, `SCOPE_UNKNOWN_FIELD@${at(f, 'levle:')}`, `SCOPE_UNKNOWN_FIELD@${at(f, 'techinques:')}`].sort(),
    );
    expect(findings(s, 'SCOPE_UNKNOWN_FIELD').map((d) => d.data?.field).sort()).toEqual(['colour', 'levle', 'techinques']);
  });

  it('wrong types are errors at the value', () => {
    const f = 'wrong-types.yaml';
    const s = parseFixture(f);
    expect(s.usable).toBe(false);
    expect(placed(findings(s, 'SCOPE_WRONG_TYPE'))).toEqual(
      [`SCOPE_WRONG_TYPE@${at(f, '[18]')}`, `SCOPE_WRONG_TYPE@${at(f, 'edr')}`, `SCOPE_WRONG_TYPE@${at(f, 'execution')}`].sort(),
    );
    const level = findings(s, 'SCOPE_INVALID_VALUE');
    expect(placed(level)).toEqual([`SCOPE_INVALID_VALUE@${at(f, '3')}`]);
    expect(level[0]!.data).toMatchObject({ path: '/techniques/0/coverage/0/level', keyword: 'enum', allowed: ['minimal', 'partial', 'significant'] });
  });

  it('invalid, unknown, revoked and misnamed technique IDs each get a located finding', () => {
    const f = 'invalid-technique-ids.yaml';
    const s = parseFixture(f);
    // An error inside one entry drops that entry only.
    expect(s.usable).toBe(true);
    expect(placed(s.diagnostics.filter((d) => d.severity !== 'note'))).toEqual(
      [
        `SCOPE_INVALID_TECHNIQUE_ID@${at(f, 'T12345')}`,
        `SCOPE_UNKNOWN_TECHNIQUE@${at(f, 'T9999')}`,
        `SCOPE_TECHNIQUE_MIGRATED@${at(f, 'T1086')}`,
        `SCOPE_TECHNIQUE_NAME_MISMATCH@${at(f, 'T1003.001')}`,
        `SCOPE_TACTIC_MISMATCH@${at(f, 'T1486')}`,
        `SCOPE_UNKNOWN_TACTIC@${at(f, 'T1486')}`,
      ].sort(),
    );
    expect(findings(s, 'SCOPE_TECHNIQUE_MIGRATED')[0]!.data).toMatchObject({ id: 'T1086', replacement: 'T1059.001' });
    expect(findings(s, 'SCOPE_TECHNIQUE_NAME_MISMATCH')[0]!.data).toMatchObject({ declared: 'Keychain', actual: 'LSASS Memory' });
    expect(findings(s, 'SCOPE_ATTACK_VERSION_OLDER')).toHaveLength(1);
    expect(s.techniques.map((t) => [t.id, t.declaredIds, t.tactics])).toEqual([
      ['T1003.001', ['T1003.001'], []],
      ['T1059.001', ['T1086'], []],
      ['T1486', ['T1486'], ['impact']],
    ]);
  });

  it('a scope for another ATT&CK domain is not used', () => {
    const f = 'other-domain.yaml';
    const s = parseFixture(f);
    expect(s.usable).toBe(false);
    expect(placed(s.diagnostics)).toEqual([`SCOPE_DOMAIN_MISMATCH@${at(f, 'mobile-attack')}`]);
  });

  it('duplicates are merged with a warning, conflicts keep the conservative value with an error', () => {
    const f = 'duplicate-entries.yaml';
    const s = parseFixture(f);
    expect(s.usable).toBe(true);
    expect(placed(s.diagnostics)).toEqual(
      [
        `SCOPE_DUPLICATE_ENTRY@${at(f, 'T1059.001', 2)}`,
        `SCOPE_CONFLICTING_ENTRIES@${at(f, 'T1003.001', 2)}`,
        `SCOPE_CONFLICTING_ENTRIES@${at(f, 'T1486', 2)}`,
        `SCOPE_CONFLICTING_ENTRIES@${at(f, 'T1566.001')}`,
      ].sort(),
    );
    const conflicts = findings(s, 'SCOPE_CONFLICTING_ENTRIES').map((d) => d.data);
    expect(conflicts).toContainEqual({ id: 'T1003.001', firstLine: positionOf(f, 'T1003.001').line, field: 'detect level', first: 'significant', second: 'minimal', kept: 'minimal' });
    expect(conflicts).toContainEqual({ id: 'T1486', firstLine: positionOf(f, 'T1486').line, field: 'status', first: 'in-scope', second: 'excluded', kept: 'excluded' });
    expect(conflicts).toContainEqual({ id: 'T1566.001', firstLine: positionOf(f, '- techniques: [T1566.001]').line, field: 'status', first: 'excluded', second: 'in-scope', kept: 'excluded' });
    const t = new Map(s.techniques.map((x) => [x.id, x]));
    expect(t.get('T1003.001')!.claims).toEqual([{ type: 'detect', level: 'minimal' }]);
    expect(t.get('T1486')).toMatchObject({ status: 'excluded', covered: false, reason: 'Changed our mind.' });
    expect(t.get('T1566.001')).toMatchObject({ status: 'excluded', covered: false });
    expect(t.get('T1059.001')).toMatchObject({ covered: true });
  });

  it('a file that is not UTF-8 is not used, with the place of the first bad byte', () => {
    const f = 'latin1-provider-name.yaml';
    const bytes = readFileSync(resolve(BAD_INPUTS, f));
    const s = parseScopeBytes(bytes, { index, file: f, year: YEAR });
    expect(s.usable).toBe(false);
    const latin1 = bytes.toString('latin1');
    const line = latin1.split('\n').findIndex((l) => l.includes('\u00e9')) + 1;
    const column = latin1.split('\n')[line - 1]!.indexOf('\u00e9') + 1;
    expect(placed(s.diagnostics)).toEqual([`SCOPE_FILE_NOT_UTF8@${line}:${column}`]);
    expect(s.diagnostics[0]!.data).toMatchObject({ offset: latin1.indexOf('\u00e9') });
    // UTF-16 (a common export) is named as such.
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fixtureText('empty-scope.yaml'), 'utf16le')]);
    expect(parseScopeBytes(utf16, { index, file: 'u16.yaml', year: YEAR }).diagnostics[0]).toMatchObject({ code: 'SCOPE_FILE_NOT_UTF8', line: 1, column: 1, data: { encoding: 'UTF-16LE' } });
    // Valid UTF-8 (with a BOM) reads as before.
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(fixtureText('empty-scope.yaml'))]);
    expect(parseScopeBytes(bom, { index, file: 'bom.yaml', year: YEAR }).diagnostics.map((d) => d.code)).toEqual(parseFixture('empty-scope.yaml').diagnostics.map((d) => d.code));
  });

  it('an empty scope is an error', () => {
    const f = 'empty-scope.yaml';
    const s = parseFixture(f);
    expect(placed(s.diagnostics)).toEqual([`SCOPE_EMPTY@${at(f, '[]')}`]);
  });

  it('YAML syntax errors and duplicate keys are located', () => {
    const broken = parseFixture('syntax-error.yaml');
    expect(broken.usable).toBe(false);
    expect(findings(broken, 'SCOPE_YAML_SYNTAX').map((d) => d.line)).toEqual([positionOf('syntax-error.yaml', 'contact:').line]);
    const twice = parseFixture('duplicate-key.yaml');
    expect(twice.usable).toBe(false);
    expect(findings(twice, 'SCOPE_YAML_SYNTAX').map((d) => d.line)).toEqual([positionOf('duplicate-key.yaml', 'hours:', 2).line]);
  });

  it('invalid hours are located errors', () => {
    const f = 'invalid-hours.yaml';
    const s = parseFixture(f);
    expect(s.usable).toBe(false);
    expect(placed(s.diagnostics)).toEqual([`SCOPE_INVALID_HOURS@${at(f, 'Mon-Fri')}`]);
    expect(s.diagnostics[0]!.data).toMatchObject({ reason: 'missing-zone', path: '/hours' });

    const g = 'invalid-claim-hours.yaml';
    const c = parseFixture(g);
    expect(c.usable).toBe(true);
    expect(placed(c.diagnostics)).toEqual([`SCOPE_INVALID_HOURS@${at(g, '"Mon-Fri 09:00-17:00 Mars')}`]);
    expect(c.diagnostics[0]!.data).toMatchObject({ reason: 'unknown-zone', token: 'Mars/Olympus_Mons', path: '/techniques/0/coverage/0/hours' });
    // The structured schedule still parsed: Mon-Fri 07:00-19:00 in Amsterdam is 06:00-17:00 UTC all year.
    expect(c.hours).toMatchObject({ schedule: 'Mon-Fri 07:00-19:00 Europe/Amsterdam', hoursPerWeek: 55, declared: true });
  });

  it('references to undefined telemetry and actions, duplicate ids, unknown platforms and bad dates', () => {
    const f = 'unknown-references.yaml';
    const s = parseFixture(f);
    expect(s.usable).toBe(true);
    expect(placed(s.diagnostics)).toEqual(
      [
        `SCOPE_INVALID_CONTRACT_DATES@${at(f, '2025-12-31')}`,
        `SCOPE_UNKNOWN_PLATFORM@${at(f, 'Plan9')}`,
        `SCOPE_DUPLICATE_ID@${at(f, 'edr', 2)}`,
        `SCOPE_UNKNOWN_REFERENCE@${at(f, 'ndr')}`,
        `SCOPE_UNKNOWN_REFERENCE@${at(f, 'reboot')}`,
        `SCOPE_NO_COVERAGE_ENTRIES@${at(f, 'id: T1566.001')}`,
      ].sort(),
    );
    expect(s.telemetry.map((t) => [t.id, t.platforms])).toEqual([['edr', ['Windows']]]);
    const t = s.techniques.find((x) => x.id === 'T1059.001')!;
    expect(t.claims).toEqual([
      { type: 'detect', level: 'partial', telemetry: ['edr'] },
      { type: 'respond', level: 'partial', actions: ['isolate'] },
    ]);
    expect(s.techniques.find((x) => x.id === 'T1566.001')!.covered).toBe(false);
  });

  it('declared coverage that no telemetry can see is flagged and marked unbacked', () => {
    const f = 'technique-outside-telemetry.yaml';
    const s = parseFixture(f);
    expect(placed(s.diagnostics)).toEqual([`SCOPE_TECHNIQUE_OUTSIDE_TELEMETRY@${at(f, 'T1059.004')}`, `SCOPE_TECHNIQUE_OUTSIDE_TELEMETRY@${at(f, 'T1078.004')}`].sort());
    expect(s.techniques.filter((t) => t.unbacked).map((t) => t.id)).toEqual(['T1059.004', 'T1078.004']);
    expect(s.techniques.every((t) => t.covered)).toBe(true);
  });
});

describe('Navigator layers with bad input', () => {
  it('a layer with no techniques is an error', () => {
    const f = 'layer-no-techniques.json';
    const s = parseFixture(f);
    expect(s.kind).toBe('navigator');
    expect(placed(s.diagnostics)).toEqual([`SCOPE_ATTACK_VERSION_OLDER@${at(f, '"17"')}`, `SCOPE_EMPTY@${at(f, '[]')}`]);
  });

  it('a mobile layer (old domain name) is not used', () => {
    const f = 'layer-mobile-domain.json';
    const s = parseFixture(f);
    expect(s.usable).toBe(false);
    expect(placed(s.diagnostics)).toEqual([`SCOPE_DOMAIN_MISMATCH@${at(f, '"mitre-mobile"')}`]);
    expect(s.diagnostics[0]!.data).toEqual({ declared: 'mitre-mobile', expected: 'enterprise-attack' });
  });

  it('wrong entries are errors at their line and the rest is read', () => {
    const f = 'layer-wrong-types.json';
    const s = parseFixture(f);
    expect(s.usable).toBe(true);
    expect(placed(s.diagnostics.filter((d) => d.severity !== 'note'))).toEqual(
      [
        `SCOPE_WRONG_TYPE@${at(f, '"high"')}`,
        `SCOPE_WRONG_TYPE@${at(f, '"no"')}`,
        `SCOPE_MISSING_FIELD@${at(f, '{ "score": 5 }')}`,
        `SCOPE_WRONG_TYPE@${at(f, '"T1486"')}`,
        `SCOPE_CONFLICTING_ENTRIES@${at(f, '"T1490"', 2)}`,
        `SCOPE_INVALID_TECHNIQUE_ID@${at(f, '"TA0001"')}`,
      ].sort(),
    );
    expect(s.techniques.map((t) => [t.id, t.score])).toEqual([['T1490', 1]]);
    expect(s.ignored).toEqual({ malformed: 4 });
  });

  it('a JSON syntax error is located', () => {
    const s = parseFixture('layer-syntax-error.json');
    expect(s.usable).toBe(false);
    // The text stops after a comma: the error is where the text ends.
    expect(placed(findings(s, 'SCOPE_JSON_SYNTAX'))).toEqual([`SCOPE_JSON_SYNTAX@${fixtureText('layer-syntax-error.json').split('\n').length}:1`]);
  });
});

describe('CTID and DeTT&CT files with unusual entries', () => {
  it('CTID: skipped entries are located, non-mappable ones counted, protect kept but not coverage', () => {
    const f = 'ctid-unsupported-entries.json';
    const s = parseFixture(f);
    expect(s.kind).toBe('ctid');
    expect(s.idHint).toBe('examplecloud');
    expect(placed(s.diagnostics.filter((d) => d.severity !== 'note'))).toEqual(
      [
        `SCOPE_UNSUPPORTED_MAPPING@${at(f, '"observe"')}`,
        `SCOPE_UNSUPPORTED_MAPPING@${at(f, '"high"')}`,
        `SCOPE_UNSUPPORTED_MAPPING@${at(f, '"mitigates"')}`,
        `SCOPE_MISSING_FIELD@${positionOf(f, '{ "capability_id": "guard", "mapping_type": "technique_scores", "capability_group"').line}:5`,
        `SCOPE_TECHNIQUE_MIGRATED@${at(f, '"T1053.001"')}`,
      ].sort(),
    );
    expect(findings(s, 'SCOPE_NON_MAPPABLE')[0]!.data).toEqual({ count: 1 });
    expect(findings(s, 'SCOPE_PROTECT_NOT_COVERAGE')[0]!.data).toEqual({ count: 1, techniques: 1 });
    expect(s.techniques.map((t) => [t.id, t.covered, t.claims.map((c) => `${c.type}:${c.level}`)])).toEqual([
      ['T1053.002', true, ['detect:minimal']],
      ['T1078.004', true, ['detect:partial', 'respond:minimal']],
      ['T1552.005', false, ['protect:significant']],
    ]);
    expect(s.ignored).toEqual({ nonMappable: 1, unsupported: 4 });
  });

  it('DeTT&CT: the latest dated score decides, the best system group counts', () => {
    const f = 'dettect-latest-scores.yaml';
    const s = parseFixture(f);
    expect(s.kind).toBe('dettect');
    expect(s.platforms).toEqual(['Linux', 'Windows']);
    expect(s.techniques.map((t) => [t.id, t.score, t.comment])).toEqual([
      ['T1055', 3, 'EDR'],
      ['T1059.001', 2, undefined],
      ['T1569.002', 4, undefined],
    ]);
    expect(placed(s.diagnostics.filter((d) => d.severity !== 'note'))).toEqual(
      [`SCOPE_TECHNIQUE_MIGRATED@${at(f, 'T1086')}`, `SCOPE_WRONG_TYPE@${positionOf(f, 'score: "high"').line}:${positionOf(f, '[{ date: 2020-01-01, score: "high"').column}`].sort(),
    );
    expect(s.ignored).toEqual({ belowOne: 2, malformed: 1 });
  });
});

describe('files that are no scope at all', () => {
  const parse = (text: string, file: string) => parseScopeFile(text, { index, file, year: YEAR });

  it('a Sigma rule, an empty file or a list is one located error, not a silent empty scope', () => {
    const rule = parse('title: Suspicious thing\nlogsource:\n  product: windows\ndetection:\n  sel: {a: 1}\n  condition: sel\n', 'rule.yml');
    expect(rule.usable).toBe(false);
    expect(placed(rule.diagnostics)).toEqual(['SCOPE_FORMAT_UNKNOWN@1:1']);
    expect(rule.diagnostics[0]!.data?.hint).toBe('YAML with top-level keys title, logsource, detection');
    expect(parse('', 'empty.yaml').diagnostics[0]!.data?.hint).toBe('the file is empty');
    expect(parse('[1, 2]', 'list.json').diagnostics[0]!.data?.hint).toBe('the document is a list');
  });
});
