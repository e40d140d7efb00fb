import fc from 'fast-check';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { findingDefinition } from '../../core/findings/finding-codes.js';
import type { ParsedRuleFile } from '../../core/sigma/parsed-rule-file.js';
import { parseRuleFile, parseRuleText } from '../../core/sigma/parse-rule-file.js';
import { mutate, mutation } from '../helpers/yaml-mutation.js';

// Property-based checks of the parser: whatever the input, it returns (never throws), its
// result is self-consistent, and it agrees with js-yaml on what is and is not valid YAML.

const SEEDS = [
  `title: Suspicious Whoami
id: 11111111-2222-4333-8444-555555555555
status: experimental
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\\whoami.exe'
        CommandLine|contains:
            - '/all'
            - "/priv"
    condition: selection
falsepositives:
    - Admins
level: high
tags:
    - attack.discovery
    - attack.t1033
`,
  `title: Flow style
logsource: {product: linux, service: auditd}
detection: {sel: {type: EXECVE, a0: [wget, curl]}, condition: sel}
tags: [attack.command-and-control, 'attack.t1105']
`,
  `action: global
title: Collection
tags:
  - attack.persistence
detection:
  condition: sel
---
logsource: {product: windows}
detection:
  sel: {EventID: 4697}
---
action: repeat
detection:
  sel: {EventID: 7045}
`,
  `title: Correlation
correlation:
  type: event_count
  rules: [base_rule]
  timespan: 1h
  group-by: [Host]
  condition: {gte: 3}
`,
];

function checkInvariants(parsed: ParsedRuleFile, text?: string): void {
  expect(['parsed', 'skipped', 'errored']).toContain(parsed.status);
  if (parsed.status === 'parsed') expect(parsed.rules.length).toBeGreaterThan(0);
  else {
    expect(parsed.rules).toHaveLength(0);
    expect(parsed.code).toBeDefined();
    expect(parsed.diagnostics.map((d) => d.code)).toContain(parsed.code);
  }
  if (parsed.status === 'errored') expect(parsed.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  const lineCount = text === undefined ? Infinity : text.split('\n').length;
  for (const d of parsed.diagnostics) {
    expect(findingDefinition(d.code), d.code).toBeDefined();
    expect(d.file).toBeUndefined();
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lineCount + 1);
    expect(d.column).toBeGreaterThanOrEqual(1);
  }
  for (const rule of parsed.rules) {
    expect(typeof rule.title).toBe('string');
    for (const tag of rule.tags) {
      expect(tag.line).toBeGreaterThanOrEqual(1);
      expect(tag.line).toBeLessThanOrEqual(lineCount);
      if (text !== undefined && !rule.collection) {
        // A tag's position is where its text is written, or (fallback) the start of a line.
        const line = text.split('\n')[tag.line - 1]!.replace(/\r$/, '');
        const at = line.slice(tag.column - 1);
        const exact = at.startsWith(tag.value) || at.startsWith(`'${tag.value.replace(/'/g, "''")}`) || at.startsWith(`"${tag.value}`);
        expect(exact || line.slice(0, tag.column - 1).trim() === '', `${JSON.stringify(tag)} in ${JSON.stringify(line)}`).toBe(true);
      }
    }
  }
  // Workers post it and the cache stores it as JSON: it must survive the round trip.
  expect(JSON.parse(JSON.stringify(parsed))).toEqual(parsed);
}

function yamlAccepts(text: string): boolean {
  try {
    loadAll(text, undefined, { schema: CORE_SCHEMA });
    return true;
  } catch {
    return false;
  }
}

describe('parser fuzzing', () => {
  it('never throws on arbitrary text and stays consistent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        checkInvariants(parseRuleText(text), text);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        checkInvariants(parseRuleFile(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('handles mutated real rules: never throws, agrees with js-yaml on validity, positions hold', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 6 }), (seed, mutations) => {
        const text = mutate(seed, mutations);
        const parsed = parseRuleText(text);
        checkInvariants(parsed, text);
        if (!yamlAccepts(text)) {
          expect(parsed.status).toBe('errored');
          expect(parsed.code).toMatch(/^YAML_/);
        }
      }),
      { numRuns: 600 },
    );
  });

  it('reads the unmutated seeds as rules', () => {
    for (const seed of SEEDS) {
      const parsed = parseRuleText(seed);
      expect(parsed.status).toBe('parsed');
      checkInvariants(parsed, seed);
    }
  });
});
