import { describe, expect, it } from 'vitest';
import { parseYamlWithPositions } from '../../core/scope/parse-yaml-with-positions.js';

describe('parseYamlWithPositions', () => {
  const text = [
    'provider:', // 1
    '  name: Example # trailing comment', // 2
    'contract: { id: C-1, effective_from: 2026-01-01 }', // 3
    'techniques:', // 4
    '  - id: T1059.001', // 5
    '    coverage:', // 6
    '      - type: detect', // 7
    '        level: partial', // 8
    '  -', // 9
    '    id: T1003', // 10
    'empty:', // 11
    '',
  ].join('\n');
  const doc = parseYamlWithPositions(text);

  it('keeps dates as text (YAML 1.2 core schema)', () => {
    expect(doc.problems).toEqual([]);
    expect((doc.value as { contract: { effective_from: unknown } }).contract.effective_from).toBe('2026-01-01');
  });

  it('locates keys and values, in block and flow style', () => {
    expect(doc.locate(['provider', 'name'])).toEqual({ line: 2, column: 9 });
    expect(doc.locate(['provider', 'name'], 'key')).toEqual({ line: 2, column: 3 });
    expect(doc.locate(['contract', 'effective_from'])).toEqual({ line: 3, column: 38 });
    expect(doc.locate(['techniques', 0, 'coverage', 0, 'level'])).toEqual({ line: 8, column: 16 });
    expect(doc.locate(['techniques', 1, 'id'])).toEqual({ line: 10, column: 9 });
    // A key without a value is located at the key; a missing path at its nearest ancestor.
    expect(doc.locate(['empty'])).toEqual({ line: 11, column: 1 });
    expect(doc.locate(['techniques', 0, 'nope'])).toEqual({ line: 5, column: 5 });
  });

  it('reports syntax errors at their line, with no value', () => {
    const broken = parseYamlWithPositions('a: 1\nb: [1, 2\nc: 3\n');
    expect(broken.value).toBeUndefined();
    expect(broken.problems).toHaveLength(1);
    expect(broken.problems[0]!.line).toBeGreaterThanOrEqual(2);
    const twice = parseYamlWithPositions('a: 1\nb: 2\na: 3\n');
    expect(twice.problems.map((p) => p.line)).toEqual([3]);
  });
});
