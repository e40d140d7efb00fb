/**
 * Where a value sits in its source file. Scope files are validated as plain data (JSON Schema,
 * semantic checks), then every problem is reported at the line and column of the value it is
 * about, so parsers keep a `Locate` function beside the parsed value.
 */
export type PathSegment = string | number;

export interface SourcePosition {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units like editors count them. */
  readonly column: number;
}

/**
 * Position of the value at `path` (or of its key when `part` is 'key'). When the path does not
 * exist (a missing property) the nearest existing ancestor's position is returned, so a
 * diagnostic always points somewhere useful.
 */
export type Locate = (path: readonly PathSegment[], part?: 'key' | 'value') => SourcePosition;

/** Offsets of line starts, for offset -> line/column by binary search. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function positionAt(starts: readonly number[], offset: number): SourcePosition {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** JSON Pointer (RFC 6901) for messages: `/techniques/3/coverage/0/level`. */
export function jsonPointer(path: readonly PathSegment[]): string {
  return path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The inverse, for ajv's `instancePath`; array indexes stay strings (locators accept both). */
export function parseJsonPointer(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
