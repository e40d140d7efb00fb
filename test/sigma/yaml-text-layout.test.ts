import { describe, expect, it } from 'vitest';
import { locateSequenceItems, locateTopLevelKey, positionOf, splitDocumentSpans, splitLines } from '../../core/sigma/yaml-text-layout.js';

describe('yaml-text-layout', () => {
  it('splits a stream into documents at --- and ..., skipping directives and comments', () => {
    const lines = splitLines('%YAML 1.2\n# header\n---\ntitle: a\n...\n---   # second\n\n  title: b\n--- |\n  text\n');
    const spans = splitDocumentSpans(lines);
    expect(spans.map((s) => [s.start.line, s.start.column, s.indent, s.hasContent])).toEqual([
      [4, 1, 0, true],
      [8, 3, 2, true],
      [9, 5, 0, true], // content on the marker line itself
    ]);
  });

  it('keeps explicit empty documents so that they pair with null documents', () => {
    expect(splitDocumentSpans(splitLines('---\n---\na: 1\n')).map((s) => s.hasContent)).toEqual([false, true]);
    expect(splitDocumentSpans(splitLines(''))).toEqual([]);
  });

  it('finds top-level keys only at the document indentation, quoted or not', () => {
    const lines = splitLines('title: x\ndetection:\n    tags: not this one\n"tags" : [a]\n');
    const [span] = splitDocumentSpans(lines);
    expect(locateTopLevelKey(lines, span!, 'tags')).toEqual({ line: 4, column: 1 });
    expect(locateTopLevelKey(lines, span!, 'status')).toBeUndefined();
  });

  it('skips lines where the key is only part of a longer key, a value or another document', () => {
    const text = [
      'subtags: a', // longer key ending in the name
      'tagsx: b', // longer key starting with it
      'description: tags: inline', // the name inside a value
      'tags : [x]', // the key, with a space before the colon
      'tags: [dup]', // a later duplicate is not the first
      '---',
      'tags: [second document]',
    ].join('\n');
    const lines = splitLines(text);
    const [first, second] = splitDocumentSpans(lines);
    expect(locateTopLevelKey(lines, first!, 'tags')).toEqual({ line: 4, column: 1 });
    expect(locateTopLevelKey(lines, second!, 'tags')).toEqual({ line: 7, column: 1 });
    expect(locateTopLevelKey(lines, first!, 'tag')).toBeUndefined();
    expect(locateTopLevelKey(lines, first!, '')).toBeUndefined();
  });

  it('finds keys of an indented document and single-quoted keys', () => {
    const lines = splitLines("---\n  title: x\n  'status': test\n  level: low\n");
    const [span] = splitDocumentSpans(lines);
    expect(locateTopLevelKey(lines, span!, 'status')).toEqual({ line: 3, column: 3 });
    expect(locateTopLevelKey(lines, span!, 'level')).toEqual({ line: 4, column: 3 });
  });

  it('matches tag positions to the parsed values, or falls back', () => {
    const lines = splitLines('tags:\n  - a.b\n  - "c\\u0064"\n');
    const [span] = splitDocumentSpans(lines);
    expect(locateSequenceItems(lines, span!, 'tags', ['a.b', 'cd'])!.items).toEqual([
      { line: 2, column: 5 },
      { line: 3, column: 5 },
    ]);
    // Values the text does not show verbatim fall back to a search, then to the key.
    expect(locateSequenceItems(lines, span!, 'tags', ['a.b', 'zz'])!.items).toEqual([
      { line: 2, column: 5 },
      { line: 1, column: 1 },
    ]);
  });

  it('converts offsets to 1-based positions', () => {
    const lines = splitLines('ab\ncd\n');
    expect([0, 2, 3, 4].map((o) => positionOf(lines, o))).toEqual([
      { line: 1, column: 1 },
      { line: 1, column: 3 },
      { line: 2, column: 1 },
      { line: 2, column: 2 },
    ]);
  });
});
