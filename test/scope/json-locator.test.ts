import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '../../core/scope/find-json-syntax-error.js';
import { createJsonLocator } from '../../core/scope/json-locator.js';
import type { PathSegment } from '../../core/scope/source-position.js';
import { lineStarts, positionAt } from '../../core/scope/source-position.js';

/** Every path to a value in a JSON value, root first. */
function paths(value: unknown, prefix: PathSegment[] = []): PathSegment[][] {
  const out: PathSegment[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  return path.reduce<unknown>((v, s) => (v as Record<string, unknown>)[String(s)], value);
}

function offsetOf(text: string, p: { line: number; column: number }): number {
  return lineStarts(text)[p.line - 1]! + p.column - 1;
}

describe('createJsonLocator', () => {
  it('points at values and keys, with escapes and nesting', () => {
    const text = '{\n  "a": [1, {"b\\"c": "x"}],\n  "d": {"e": null}\n}\n';
    const locate = createJsonLocator(text);
    expect(locate(['a'])).toEqual({ line: 2, column: 8 });
    expect(locate(['a'], 'key')).toEqual({ line: 2, column: 3 });
    expect(locate(['a', 1, 'b"c'])).toEqual({ line: 2, column: 21 });
    expect(locate(['d', 'e'])).toEqual({ line: 3, column: 14 });
    // A missing path falls back to the nearest existing ancestor.
    expect(locate(['d', 'missing', 3])).toEqual({ line: 3, column: 8 });
    expect(locate([])).toEqual({ line: 1, column: 1 });
  });

  it('direct walks and the full index agree on every path of any JSON document', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(0, 1, 2, 4, '\t'), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const all = paths(value);
        // Fresh locators: the first 16 look-ups walk directly, later ones use the index.
        const direct = all.slice(0, 16).map((p) => createJsonLocator(text)(p));
        const indexed = createJsonLocator(text);
        for (let k = 0; k < 16; k++) indexed(['no such key']);
        all.forEach((p, i) => {
          const at = indexed(p);
          if (i < 16) expect(at).toEqual(direct[i]);
          // The value's own serialization starts there.
          expect(text.startsWith(JSON.stringify(valueAt(value, p), null, indent).split('\n')[0]!, offsetOf(text, at))).toBe(true);
        });
      }),
      { numRuns: 150 },
    );
  });
});

describe('findJsonSyntaxError', () => {
  it('agrees with JSON.parse on what is valid', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.nat(40), fc.string({ maxLength: 2 }), (value, cut, junk) => {
        const whole = JSON.stringify(value, null, 1);
        expect(findJsonSyntaxError(whole)).toBe(-1);
        const broken = whole.slice(0, cut % (whole.length + 1)) + junk;
        let valid = true;
        try {
          JSON.parse(broken);
        } catch {
          valid = false;
        }
        expect(findJsonSyntaxError(broken) === -1).toBe(valid);
      }),
      { numRuns: 300 },
    );
  });

  it('points at the first character that breaks the grammar', () => {
    const text = '{\n  "a": 1,\n  "b": tru\n}';
    expect(positionAt(lineStarts(text), findJsonSyntaxError(text))).toEqual({ line: 3, column: 8 });
    expect(findJsonSyntaxError('[1, 2,]')).toBe(6);
    expect(findJsonSyntaxError('{"a": 1} x')).toBe(9);
  });
});
