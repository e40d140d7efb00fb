import { describe, expect, it } from 'vitest';
import { parseRuleFile, parseRuleText } from '../../core/sigma/parse-rule-file.js';
import { MAX_RULE_FILE_BYTES } from '../../core/sigma/parser-version.js';

const RULE = `title: Whoami Execution
id: 8f2a1a5b-0000-4000-8000-000000000001
status: test
description: Detects whoami
author: Someone
date: 2024-01-02
modified: 2024-02-03
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\\whoami.exe'
    condition: selection
level: medium
tags:
    - attack.discovery
    - attack.t1033
`;

const codes = (text: string) => parseRuleText(text).diagnostics.map((d) => d.code);

describe('parseRuleText: detection rules', () => {
  it('reads the metadata and each tag with its position', () => {
    const parsed = parseRuleText(RULE);
    expect(parsed.status).toBe('parsed');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.rules).toHaveLength(1);
    const rule = parsed.rules[0]!;
    expect(rule).toMatchObject({
      document: 1,
      line: 1,
      column: 1,
      kind: 'detection',
      title: 'Whoami Execution',
      id: '8f2a1a5b-0000-4000-8000-000000000001',
      status: 'test',
      level: 'medium',
      author: 'Someone',
      date: '2024-01-02',
      modified: '2024-02-03',
      logsource: { category: 'process_creation', product: 'windows' },
    });
    expect(rule.tags).toEqual([
      { value: 'attack.discovery', line: 17, column: 7 },
      { value: 'attack.t1033', line: 18, column: 7 },
    ]);
  });

  it('locates flow-style, quoted and commented tags', () => {
    const text = `title: T
logsource: {product: windows}
detection: {sel: {a: 1}, condition: sel}
tags: [attack.execution, 'attack.t1059', "attack.t1059.001"]  # flow
`;
    expect(parseRuleText(text).rules[0]!.tags).toEqual([
      { value: 'attack.execution', line: 4, column: 8 },
      { value: 'attack.t1059', line: 4, column: 26 },
      { value: 'attack.t1059.001', line: 4, column: 42 },
    ]);
  });

  it('locates block tags at the key indentation, with comments and blank lines between', () => {
    const text = `title: T
logsource:
  product: windows
detection:
  sel:
    a: 1
  condition: sel
tags:
- attack.t1059   # trailing comment

# a comment line
- 'it''s.odd'
-   "attack.t1003"
level: high
`;
    expect(parseRuleText(text).rules[0]!.tags).toEqual([
      { value: 'attack.t1059', line: 9, column: 3 },
      { value: "it's.odd", line: 12, column: 3 },
      { value: 'attack.t1003', line: 13, column: 5 },
    ]);
  });

  it('locates multi-line flow tags', () => {
    const text = `title: T
logsource: {product: windows}
detection: {sel: {a: 1}, condition: sel}
tags: [
  attack.t1059,
  attack.t1003
]
`;
    expect(parseRuleText(text).rules[0]!.tags.map((t) => [t.line, t.column])).toEqual([
      [5, 3],
      [6, 3],
    ]);
  });

  it('falls back to searching the text when the tag list is unusual (anchors)', () => {
    const text = `title: T
logsource: {product: windows}
detection: {sel: {a: 1}, condition: sel}
tags: &t
  - attack.t1059
`;
    const tags = parseRuleText(text).rules[0]!.tags;
    expect(tags).toEqual([{ value: 'attack.t1059', line: 5, column: 5 }]);
  });

  it('does not place a tag inside a comment when it searches the text', () => {
    const text = `title: T
author: &me Someone
logsource: {product: windows}
detection: {sel: {a: 1}, condition: sel}
tags:
    # attack.t1059.001 was too narrow
    - attack.execution  # attack.t1059
    - >-
      attack.t1059
`;
    expect(parseRuleText(text).rules[0]!.tags).toEqual([
      { value: 'attack.execution', line: 7, column: 7 },
      { value: 'attack.t1059', line: 9, column: 7 },
    ]);
  });

  it('handles CRLF line endings and a byte order mark', () => {
    const bytes = new TextEncoder().encode(`\ufeff${RULE.replace(/\n/g, '\r\n')}`);
    const parsed = parseRuleFile(bytes);
    expect(parsed.status).toBe('parsed');
    expect(parsed.rules[0]!.tags.map((t) => [t.value, t.line, t.column])).toEqual([
      ['attack.discovery', 17, 7],
      ['attack.t1033', 18, 7],
    ]);
  });

  it('keeps dates as written (no timestamp conversion) and warns about non-ISO dates', () => {
    const parsed = parseRuleText(RULE.replace('date: 2024-01-02', 'date: 2024/01/02'));
    expect(parsed.rules[0]!.date).toBe('2024/01/02');
    expect(parsed.diagnostics).toEqual([
      { code: 'SIGMA_DATE_FORMAT', severity: 'warning', line: 6, column: 1, data: { field: 'date', value: '2024/01/02' } },
    ]);
  });

  it.each([
    ['2024-12-31', true],
    ['2024-01-01', true],
    ['2024-13-01', false],
    ['2024-00-10', false],
    ['2024-01-00', false],
    ['2024-01-32', false],
    ['2024-1-01', false],
    ['2024-01-1', false],
    ['2024-01-012', false],
    ['20x4-01-01', false],
    ['2024-0a-01', false],
    ['２０２４-01-01', false],
  ])('accepts %s as an ISO date: %s', (date, ok) => {
    const parsed = parseRuleText(RULE.replace('date: 2024-01-02', `date: '${date}'`));
    expect(parsed.diagnostics.some((d) => d.code === 'SIGMA_DATE_FORMAT')).toBe(!ok);
  });

  it('warns about unknown status and level values', () => {
    expect(codes(RULE.replace('status: test', 'status: production').replace('level: medium', 'level: severe'))).toEqual([
      'SIGMA_STATUS_UNKNOWN',
      'SIGMA_LEVEL_UNKNOWN',
    ]);
  });

  it('warns about v1 aggregations in the condition', () => {
    expect(codes(RULE.replace('condition: selection', 'condition: selection | count() by Host > 5'))).toEqual(['SIGMA_CONDITION_AGGREGATION']);
  });
});

describe('parseRuleText: wrong field types and missing fields', () => {
  it('reports tags given as a string and still counts the rule', () => {
    const parsed = parseRuleText(RULE.replace(/tags:\n(.*\n)*/, 'tags: attack.t1033\n'));
    expect(parsed.status).toBe('parsed');
    expect(parsed.rules[0]!.tags).toEqual([]);
    expect(parsed.diagnostics).toMatchObject([{ code: 'SIGMA_FIELD_TYPE', severity: 'error', line: 16, column: 1, data: { field: 'tags', expected: 'a list of strings', found: 'a string' } }]);
  });

  it('places each tag where its text is, also when a list item is written below its dash', () => {
    const tags = (text: string) => parseRuleText(text).rules[0]!.tags.map((t) => [t.value, t.line, t.column]);
    expect(tags(RULE)).toEqual([
      ['attack.discovery', 17, 7],
      ['attack.t1033', 18, 7],
    ]);
    expect(tags(RULE.replace('    - attack.t1033', '    -\n      attack.t1033'))).toEqual([
      ['attack.discovery', 17, 7],
      ['attack.t1033', 19, 7],
    ]);
  });

  it('reports non-string tag items at their own position', () => {
    const parsed = parseRuleText(RULE.replace('    - attack.t1033', '    - 1234\n    - {a: 1}'));
    expect(parsed.rules[0]!.tags.map((t) => t.value)).toEqual(['attack.discovery']);
    expect(parsed.diagnostics.map((d) => [d.code, d.line, d.column, d.data?.field])).toEqual([
      ['SIGMA_FIELD_TYPE', 16, 1, 'tags[2]'],
      ['SIGMA_FIELD_TYPE', 18, 7, 'tags[1]'],
    ]);
  });

  it('rejects a rule whose title is a list, without counting it', () => {
    const parsed = parseRuleText(RULE.replace('title: Whoami Execution', 'title: [a, b]'));
    expect(parsed.status).toBe('errored');
    expect(parsed.code).toBe('SIGMA_FIELD_TYPE');
    expect(parsed.rules).toEqual([]);
  });

  it('rejects a detection without a condition', () => {
    const parsed = parseRuleText(RULE.replace('    condition: selection\n', ''));
    expect(parsed.status).toBe('errored');
    expect(parsed.diagnostics).toMatchObject([{ code: 'SIGMA_MISSING_FIELD', line: 11, data: { field: 'detection.condition' } }]);
  });

  it('rejects a rule without logsource or title', () => {
    expect(codes(RULE.replace(/logsource:\n(    .*\n)+/, ''))).toEqual(['SIGMA_MISSING_FIELD']);
    expect(codes(RULE.replace('title: Whoami Execution\n', ''))).toEqual(['SIGMA_MISSING_FIELD']);
  });

  it('reports a rule that lost its detection section', () => {
    const parsed = parseRuleText(RULE.replace(/detection:\n(    .*\n)+/, ''));
    expect(parsed.status).toBe('errored');
    expect(parsed.diagnostics).toMatchObject([{ code: 'SIGMA_MISSING_FIELD', data: { field: 'detection' } }]);
  });

  it('reports wrong types of optional metadata but keeps the rule', () => {
    const parsed = parseRuleText(RULE.replace('author: Someone', 'author: [a, b]').replace('status: test', 'status: 3'));
    expect(parsed.status).toBe('parsed');
    expect(parsed.rules[0]!.author).toBeUndefined();
    expect(parsed.rules[0]!.status).toBeUndefined();
    expect(parsed.diagnostics.map((d) => [d.code, d.data?.field])).toEqual([
      ['SIGMA_FIELD_TYPE', 'status'],
      ['SIGMA_FIELD_TYPE', 'author'],
    ]);
  });
});

describe('parseRuleText: other Sigma documents', () => {
  it('reads a correlation rule and its references', () => {
    const parsed = parseRuleText(`title: Many failed logons
id: 0e95725d-7320-415d-80f7-004da920fc11
correlation:
    type: event_count
    rules:
        - failed_logon
        - 5638f7c0-ac70-491d-8465-2a65075e0d86
    group-by: [User]
    timespan: 5m
    condition: {gte: 10}
level: high
`);
    expect(parsed.status).toBe('parsed');
    expect(parsed.rules[0]).toMatchObject({ kind: 'correlation', references: ['failed_logon', '5638f7c0-ac70-491d-8465-2a65075e0d86'], tags: [] });
  });

  it('reads a filter rule and the rules it tunes', () => {
    const parsed = parseRuleText(`title: Filter admin hosts
logsource: {product: windows, category: process_creation}
filter:
    rules: [whoami_execution]
    selection: {ComputerName: ADMIN01}
    condition: not selection
`);
    expect(parsed.rules[0]).toMatchObject({ kind: 'filter', references: ['whoami_execution'] });
  });

  it('reads several rules of a v2 multi-document file, numbering documents', () => {
    const parsed = parseRuleText(`${RULE}---\n${RULE.replace('Whoami Execution', 'Second').replace('attack.t1033', 'attack.t1087')}`);
    expect(parsed.documents).toBe(2);
    expect(parsed.rules.map((r) => [r.document, r.title, r.line, r.tags[1]!.value, r.tags[1]!.line])).toEqual([
      [1, 'Whoami Execution', 1, 'attack.t1033', 18],
      [2, 'Second', 20, 'attack.t1087', 37],
    ]);
  });

  it('expands a Sigma v1 collection: global, rule, repeat, reset', () => {
    const parsed = parseRuleText(`action: global
title: Shared title
status: test
tags:
    - attack.t1543.003
detection:
    condition: selection
---
logsource: {product: windows, service: security}
detection:
    selection: {EventID: 4697}
---
action: repeat
logsource: {product: windows, service: system}
detection:
    selection: {EventID: 7045}
---
action: reset
---
title: Standalone
logsource: {product: linux}
detection: {sel: {a: 1}, condition: sel}
`);
    expect(parsed.rules.map((r) => [r.document, r.title, r.collection ?? false, r.logsource?.service, r.tags.map((t) => `${t.value}@${t.line}`)])).toEqual([
      [2, 'Shared title', true, 'security', ['attack.t1543.003@5']],
      [3, 'Shared title', true, 'system', ['attack.t1543.003@5']],
      [5, 'Standalone', false, undefined, []],
    ]);
    expect(parsed.diagnostics.map((d) => [d.code, d.line])).toEqual([['SIGMA_V1_COLLECTION', 1]]);
  });

  it('reports repeat without a rule and unknown actions', () => {
    expect(codes('action: repeat\ntitle: x\n---\naction: frobnicate\n')).toEqual(['SIGMA_V1_COLLECTION', 'SIGMA_REPEAT_WITHOUT_RULE', 'SIGMA_ACTION_UNKNOWN']);
  });

  it('reports a rule that is only a detection or a correlation as missing its title, not as other YAML', () => {
    for (const text of [
      'detection:\n  sel: {a: b}\n  condition: sel\n',
      'correlation: {type: event_count, rules: [x], timespan: 5m, condition: {gte: 2}}\n',
      'filter:\n  rules: [x]\n  selection: {User: admin}\n  condition: not selection\n',
    ]) {
      const parsed = parseRuleText(text);
      expect(parsed.status, text).toBe('errored');
      expect(parsed.diagnostics.map((d) => [d.code, d.data?.field]), text).toContainEqual(['SIGMA_MISSING_FIELD', 'title']);
    }
    // Other YAML that happens to use such a key is still not a rule.
    for (const text of ['detection:\n  enabled: true\n', 'filter: [a, b]\n', 'correlation:\n  id: 3\n']) {
      expect(parseRuleText(text).code, text).toBe('SIGMA_NOT_A_RULE');
    }
  });

  it('skips YAML that is not a Sigma rule (a pipeline, a workflow, a site config)', () => {
    for (const text of [
      'name: my pipeline\npriority: 10\ntransformations:\n  - type: field_name_mapping\n',
      'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n',
      'title: My site\ndescription: blog\ntheme: minima\n',
    ]) {
      const parsed = parseRuleText(text);
      expect(parsed.status).toBe('skipped');
      expect(parsed.code).toBe('SIGMA_NOT_A_RULE');
      expect(parsed.diagnostics[0]!.severity).toBe('note');
    }
  });

  it('skips a YAML list or scalar with a warning', () => {
    for (const [text, found] of [
      ['- a\n- b\n', 'list'],
      ['just a string\n', 'single value'],
      ['42\n', 'single value'],
    ] as const) {
      const parsed = parseRuleText(text);
      expect(parsed).toMatchObject({ status: 'skipped', code: 'YAML_NOT_A_MAPPING', diagnostics: [{ severity: 'warning', line: 1, column: 1, data: { found } }] });
    }
  });

  it('skips empty and comment-only files', () => {
    for (const text of ['', '\n\n', '# only a comment\n', '---\n']) {
      expect(parseRuleText(text)).toMatchObject({ status: 'skipped', code: 'FILE_EMPTY', rules: [] });
    }
  });
});

describe('parseRuleText: broken YAML', () => {
  it('reports a syntax error with js-yaml position', () => {
    const parsed = parseRuleText('title: T\nlogsource:\n  product: windows\n   bad: indent\n');
    expect(parsed).toMatchObject({ status: 'errored', code: 'YAML_SYNTAX', diagnostics: [{ severity: 'error', line: 4, column: 7 }] });
    expect(String(parsed.diagnostics[0]!.data?.reason)).toContain('indentation');
  });

  it('reports a NUL byte at its line and column', () => {
    const parsed = parseRuleText('title: T\nlogsource: {product: windows}\ndetection: {s: {a: b}, condition: s}\ndescription: a\0b\n');
    expect(parsed).toMatchObject({ status: 'errored', code: 'YAML_SYNTAX', diagnostics: [{ line: 4, column: 15 }] });
  });

  it('reports an unterminated quote', () => {
    expect(parseRuleText("title: 'open\n").diagnostics[0]).toMatchObject({ code: 'YAML_SYNTAX', line: 2 });
  });

  it('reports a duplicate key with the key and its position', () => {
    const parsed = parseRuleText('title: T\nlogsource:\n  product: windows\n  product: linux\n');
    expect(parsed).toMatchObject({ status: 'errored', code: 'YAML_DUPLICATE_KEY', diagnostics: [{ line: 4, column: 3, data: { key: 'product' } }] });
  });

  it('rejects a billion-laughs alias bomb without expanding it', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const parsed = parseRuleText(`${levels.join('\n')}\ntitle: boom\n`);
    expect(parsed).toMatchObject({ status: 'errored', code: 'YAML_ALIAS_BOMB', diagnostics: [{ line: 2, data: { recursive: false } }] });
  });

  it('rejects a recursive alias', () => {
    expect(parseRuleText('a: &a [*a]\n')).toMatchObject({ status: 'errored', code: 'YAML_ALIAS_BOMB', diagnostics: [{ data: { recursive: true } }] });
  });

  it('accepts ordinary anchors and aliases', () => {
    const parsed = parseRuleText(`title: T
logsource: &ls {product: windows}
detection: {sel: {a: 1}, condition: sel}
related: []
tags: [attack.t1059]
x-copy: *ls
`);
    expect(parsed.status).toBe('parsed');
  });

  it('rejects deeply nested flow collections before the parser recurses', () => {
    const parsed = parseRuleText(`title: T\nx: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`);
    expect(parsed).toMatchObject({ status: 'errored', code: 'YAML_TOO_DEEP', diagnostics: [{ line: 2 }] });
  });

  it('rejects deeply nested block mappings', () => {
    let text = 'title: T\n';
    for (let i = 0; i < 300; i++) text += `${' '.repeat(i)}k${i}: &a${i}\n`;
    text += `${' '.repeat(300)}leaf: 1\n`;
    expect(parseRuleText(text).code).toBe('YAML_TOO_DEEP');
  });

  it('rejects block content indented past column 500, at a fixed limit rather than where the stack runs out', () => {
    const nested = (levels: number) => {
      let text = 'title: T\nlogsource: {product: windows}\ndetection: {sel: {a: 1}, condition: sel}\nx:\n';
      for (let i = 1; i <= levels; i++) text += `${' '.repeat(i)}k${i}:\n`;
      return `${text}${' '.repeat(levels + 1)}leaf\n`;
    };
    // Within the limit: an odd rule, but YAML, read the same way every time.
    expect(parseRuleText(nested(450)).status).toBe('parsed');
    for (let run = 0; run < 3; run++) {
      expect(parseRuleText(nested(600))).toMatchObject({
        status: 'errored',
        code: 'YAML_TOO_DEEP',
        diagnostics: [{ line: 505, column: 501, data: { limit: 500, indent: true } }],
      });
    }
    // Only entries nest: blank lines, comments and block-scalar text may be indented further.
    const far = ' '.repeat(600);
    const text = `${RULE}x: 1\n${far}\n${far}# a comment\ndescription: |\n${far}text\n`.replace('description: Detects whoami\n', '');
    expect(parseRuleText(`${text}y: [\n${far}1]\n`).status).toBe('parsed');
    expect(parseRuleText(`title: T\nx:\n  ${'- '.repeat(2_400)}v\n`)).toMatchObject({ code: 'YAML_TOO_DEEP', diagnostics: [{ line: 3, column: 501 }] });
  });

  it('rejects YAML merge keys, which Sigma does not have, instead of losing what they merge', () => {
    const aliased = 'common: &c\n  tags: [attack.t1059]\ntitle: T\n<<: *c\nlogsource: {product: windows}\ndetection: {s: {a: b}, condition: s}\n';
    expect(parseRuleText(aliased)).toMatchObject({ status: 'errored', code: 'YAML_MERGE_KEY', diagnostics: [{ line: 4, column: 1 }] });
    // Without an alias the fast reader reads the file; nested too.
    const inline = 'title: T\nlogsource:\n    <<: {product: windows}\ndetection:\n    s:\n        a: b\n    condition: s\n';
    expect(parseRuleText(inline)).toMatchObject({ status: 'errored', code: 'YAML_MERGE_KEY', diagnostics: [{ line: 3, column: 5 }] });
    // A quoted "<<" is an ordinary key, as in PyYAML (pySigma's loader).
    expect(parseRuleText(`${RULE}"<<": x\n`).status).toBe('parsed');
    // "<<" as a value or inside a string is not a merge key.
    expect(parseRuleText(`${RULE}description: 'a << b'\nfalsepositives: ['<<: x']\n`.replace('description: Detects whoami\n', '')).status).toBe('parsed');
  });

  it('rejects bytes that are not UTF-8, with the offset', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('title: caf'), 0xe9, 0x0a]);
    expect(parseRuleFile(bytes)).toMatchObject({ status: 'errored', code: 'FILE_NOT_UTF8', diagnostics: [{ data: { offset: 10 } }] });
  });

  it('recognises UTF-16 files', () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...[...'title: x\n'].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(parseRuleFile(bytes).diagnostics[0]).toMatchObject({ code: 'FILE_NOT_UTF8', data: { encoding: 'UTF-16LE' } });
  });

  it('refuses files over the size limit without parsing them', () => {
    const bytes = new Uint8Array(MAX_RULE_FILE_BYTES + 1).fill(0x20);
    expect(parseRuleFile(bytes)).toMatchObject({ status: 'errored', code: 'FILE_TOO_LARGE', diagnostics: [{ data: { size: MAX_RULE_FILE_BYTES + 1, limit: MAX_RULE_FILE_BYTES } }] });
  });

  it('returns plain JSON (so workers can post it and the cache can store it)', () => {
    const parsed = parseRuleText(RULE);
    expect(JSON.parse(JSON.stringify(parsed))).toEqual(parsed);
  });
});
