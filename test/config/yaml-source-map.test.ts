import { describe, expect, it } from 'vitest';
import { loadYamlWithSourceMap } from '../../core/config/yaml-source-map.js';

const text = [
  '# a comment',
  'rules:',
  '  - rules/',
  '  - "quoted/"',
  'attack: 18.1',
  'empty:',
  'thresholds:',
  '  min_coverage:   30   # trailing comment',
  '  tactics: {execution: 40, "credential-access": 10}',
  '  nested:',
  '    deep: true',
  'list_of_maps:',
  '- name: a',
  '  value: 1',
  '- {name: b, value: 2}',
  'flow: [x, y]',
  'block_seq_same_indent:',
  '- one',
  '',
].join('\n');

describe('loadYamlWithSourceMap', () => {
  const { value, map } = loadYamlWithSourceMap(text);

  it('returns what js-yaml returns', () => {
    expect(value).toMatchObject({ rules: ['rules/', 'quoted/'], attack: 18.1, empty: null });
  });

  it.each([
    ['/rules', 2, 1],
    ['/attack', 5, 1],
    ['/empty', 6, 1],
    ['/thresholds', 7, 1],
    ['/thresholds/min_coverage', 8, 3],
    ['/thresholds/tactics', 9, 3],
    ['/thresholds/tactics/execution', 9, 13],
    ['/thresholds/tactics/credential-access', 9, 28],
    ['/thresholds/nested/deep', 11, 5],
    ['/list_of_maps/0/name', 13, 3],
    ['/list_of_maps/0/value', 14, 3],
    ['/list_of_maps/1/value', 15, 13],
    ['/block_seq_same_indent', 17, 1],
  ])('key %s is at %i:%i', (pointer, line, column) => {
    expect(map.keyPosition(pointer)).toEqual({ line, column });
  });

  it.each([
    ['/rules/0', 3, 5],
    ['/rules/1', 4, 5],
    ['/attack', 5, 9],
    ['/thresholds/min_coverage', 8, 19],
    ['/thresholds/tactics/execution', 9, 24],
    ['/list_of_maps/1', 15, 3],
    ['/flow/1', 16, 11],
    ['/block_seq_same_indent/0', 18, 3],
  ])('value %s is at %i:%i', (pointer, line, column) => {
    expect(map.valuePosition(pointer)).toEqual({ line, column });
  });

  it('points an empty value at its key', () => {
    expect(map.valuePosition('/empty')).toEqual({ line: 6, column: 1 });
  });

  it('falls back to the nearest known ancestor', () => {
    expect(map.nearest('/thresholds/nested/missing')).toEqual({ line: 10, column: 3 });
    // The document itself starts at its first content, after the leading comment.
    expect(map.nearest('/nothing/here')).toEqual({ line: 2, column: 1 });
  });

  it('copes with CRLF line ends and a document marker', () => {
    const crlf = loadYamlWithSourceMap('---\r\na: 1\r\nb:\r\n  c: 2\r\n');
    expect(crlf.map.keyPosition('/b/c')).toEqual({ line: 4, column: 3 });
    expect(crlf.map.valuePosition('/a')).toEqual({ line: 2, column: 4 });
  });

  it('escapes / and ~ in keys as JSON pointers do', () => {
    const r = loadYamlWithSourceMap('x:\n  "a/b": 1\n  "c~d": 2\n');
    expect(r.map.keyPosition('/x/a~1b')).toEqual({ line: 2, column: 3 });
    expect(r.map.keyPosition('/x/c~0d')).toEqual({ line: 3, column: 3 });
  });

  it('throws js-yaml errors with their mark', () => {
    expect(() => loadYamlWithSourceMap('a: 1\na: 2\n')).toThrow(/duplicated mapping key/);
  });
});
