import { positionAt } from '../scope/source-position.js';

/**
 * Positions in YAML source text. js-yaml 4 gives no node positions, so covmap finds the few it
 * needs (document starts, top-level keys, the items of `tags:`) in the text itself, and checks
 * what it found against the parsed values before trusting it: a position is either right or
 * falls back to a coarser one (the key, then the document), never silently wrong.
 */

export interface Position {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
}

/** One YAML document of a stream, as lines of the source. */
export interface DocumentSpan {
  /** 0-based index of the first line after the `---` marker (or of line 0). */
  readonly firstLine: number;
  /** 0-based index one past the last line of the document. */
  readonly endLine: number;
  /** Position of the document's first content line (its first non-blank, non-comment line). */
  readonly start: Position;
  /** Indentation of the first content line: the indentation of the document's top-level keys. */
  readonly indent: number;
  /** Whether the document has any content line. */
  readonly hasContent: boolean;
}

export interface TextLines {
  readonly text: string;
  /** Offset of the start of each line. */
  readonly starts: readonly number[];
}

export function splitLines(text: string): TextLines {
  const starts = [0];
  let i = text.indexOf('\n');
  while (i !== -1) {
    starts.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  return { text, starts };
}

export function lineText(lines: TextLines, index: number): string {
  const start = lines.starts[index]!;
  const next = index + 1 < lines.starts.length ? lines.starts[index + 1]! - 1 : lines.text.length;
  let end = next;
  if (end > start && lines.text.charCodeAt(end - 1) === 13) end -= 1; // CRLF
  return lines.text.slice(start, end);
}

/** 0-based offset -> 1-based line and column. */
export function positionOf(lines: TextLines, offset: number): Position {
  return positionAt(lines.starts, offset);
}

const DOC_START = /^---(?:[ \t]|$)/;
const DOC_END = /^\.\.\.(?:[ \t]|$)/;
/** Some line starts like a marker (a necessary condition for DOC_START or DOC_END to match one). */
const MARKER_LINE = /^(?:---|\.\.\.)/m;

/**
 * Splits a YAML stream into documents at `---` and `...` markers at column 1 (YAML forbids those
 * inside any scalar, so the split agrees with the parser). Directive lines (`%YAML`) are ignored.
 */
export function splitDocumentSpans(lines: TextLines): DocumentSpan[] {
  const spans: DocumentSpan[] = [];
  let first = 0;
  let start: Position | undefined;
  let indent = 0;
  let explicit = false;
  const close = (end: number) => {
    if (start || explicit) {
      spans.push({ firstLine: first, endLine: end, start: start ?? { line: first + 1, column: 1 }, indent, hasContent: start !== undefined });
    }
  };
  const count = lines.starts.length;
  const text = lines.text;
  // Most files have no marker at all: then nothing after the first content line matters.
  const markers = MARKER_LINE.test(text);
  for (let i = 0; i < count; i++) {
    // Only a line starting with `-` or `.` can be a marker, and once the document's first content
    // line is known only markers matter: most lines are never sliced out of the text.
    const lead = text.charCodeAt(lines.starts[i]!);
    if (start) {
      if (!markers) break;
      if (lead !== 45 && lead !== 46) continue;
    }
    const line = lineText(lines, i);
    if (DOC_START.test(line)) {
      close(i);
      first = i + 1;
      start = undefined;
      explicit = true;
      // `--- value` puts content on the marker line itself.
      const rest = line.slice(3).trim();
      if (rest !== '' && !rest.startsWith('#')) {
        const after = line.slice(3);
        start = { line: i + 1, column: 3 + (after.length - after.trimStart().length) + 1 };
        indent = 0;
        first = i;
      }
      continue;
    }
    if (DOC_END.test(line)) {
      close(i);
      first = i + 1;
      start = undefined;
      explicit = false;
      continue;
    }
    if (start) continue;
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (trimmed.startsWith('%') && line[0] === '%') continue; // directive
    indent = line.length - trimmed.length;
    start = { line: i + 1, column: indent + 1 };
  }
  close(count);
  return spans;
}

/** Where a top-level key of a document is written (`key:` at the document's indentation). */
export function locateTopLevelKey(lines: TextLines, span: DocumentSpan, key: string): Position | undefined {
  const found = findKeyLine(lines, span, key);
  return found ? { line: found.index + 1, column: found.indent + 1 } : undefined;
}

interface KeyLine {
  readonly index: number;
  readonly indent: number;
  /** Offset in the text where the rest of the line after `key:` starts, and where the line ends. */
  readonly restStart: number;
  readonly lineEnd: number;
  /** Column (0-based) where the rest starts. */
  readonly restColumn: number;
}

/**
 * The line declaring top-level `key` in the span: the first line, at the document's indentation,
 * that reads as `key:` (plain or quoted). Rather than reading every line of the document, only
 * lines where the key's text occurs are looked at (a rule file is read for two or three keys, and
 * most of its lines are detection and description).
 */
function findKeyLine(lines: TextLines, span: DocumentSpan, key: string): KeyLine | undefined {
  if (key === '') return undefined;
  const { text, starts } = lines;
  const from = span.firstLine < starts.length ? starts[span.firstLine]! : text.length;
  const limit = span.endLine < starts.length ? starts[span.endLine]! : text.length;
  // A key line's name starts at the indentation, or one past it after a quote.
  for (let at = text.indexOf(key, from); at >= 0 && at < limit; at = text.indexOf(key, at + 1)) {
    const { line, column } = positionAt(starts, at);
    const index = line - 1;
    const offset = column - 1;
    const quoted = offset === span.indent + 1 && isQuote(text.charCodeAt(at - 1));
    if (offset !== span.indent && !quoted) continue;
    const found = readKeyLine(lines, index, span.indent);
    if (found && found.name === key) return found.line;
  }
  return undefined;
}

function isQuote(code: number): boolean {
  return code === 34 || code === 39;
}

/** Line `i` read as `name:` at indentation `at` (plain or quoted name), or undefined. */
function readKeyLine(lines: TextLines, i: number, at: number): { readonly name: string; readonly line: KeyLine } | undefined {
  const { text, starts } = lines;
  // Read in place: only the key's name is sliced out.
  const lineStart = starts[i]!;
  let lineEnd = i + 1 < starts.length ? starts[i + 1]! - 1 : text.length;
  if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13) lineEnd -= 1; // CRLF
  if (lineEnd - lineStart <= at) return undefined;
  const first = text.charCodeAt(lineStart + at);
  if (first === 32 || first === 35 || first === 45) return undefined; // deeper, a comment, a list item
  for (let k = 0; k < at; k++) if (text.charCodeAt(lineStart + k) !== 32) return undefined;
  let name: string;
  let after: number;
  if (isQuote(first)) {
    const close = text.indexOf(first === 34 ? '"' : "'", lineStart + at + 1);
    if (close < 0 || close >= lineEnd) return undefined;
    name = text.slice(lineStart + at + 1, close);
    after = close + 1;
  } else {
    const colon = text.indexOf(':', lineStart + at);
    if (colon < 0 || colon >= lineEnd) return undefined;
    name = text.slice(lineStart + at, colon).trimEnd();
    after = colon;
  }
  while (after < lineEnd && (text.charCodeAt(after) === 32 || text.charCodeAt(after) === 9)) after++;
  if (after >= lineEnd || text.charCodeAt(after) !== 58) return undefined;
  if (after + 1 < lineEnd && text.charCodeAt(after + 1) !== 32 && text.charCodeAt(after + 1) !== 9) return undefined;
  return { name, line: { index: i, indent: at, restStart: after + 1, lineEnd, restColumn: after + 1 - lineStart } };
}

export interface LocatedItems {
  /** Position of the `key:` itself. */
  readonly key: Position;
  /** Positions of the items, in order, when they could be matched one-to-one to `expected`. */
  readonly items: readonly Position[];
}

/**
 * Positions of the items of a top-level sequence (`tags:`), block or flow style, plain or quoted.
 * `expected` are the parsed values; an item's position is used only when the text read at it is
 * exactly that value. Items that cannot be matched get the first later occurrence of their text,
 * or else the key's position.
 */
export function locateSequenceItems(
  lines: TextLines,
  span: DocumentSpan,
  key: string,
  expected: readonly string[],
): LocatedItems | undefined {
  const keyLine = findKeyLine(lines, span, key);
  if (!keyLine) return undefined;
  const keyPos = { line: keyLine.index + 1, column: keyLine.indent + 1 };
  const read = readItems(lines, span, keyLine);
  if (read && read.length === expected.length && read.every((r, i) => r.value === expected[i])) {
    return { key: keyPos, items: read.map((r) => r.position) };
  }
  // Fallback: search each value's text after the key, in order, outside comments (a commented-out
  // tag often sits right above the one that replaced it).
  const items: Position[] = [];
  let from = lines.starts[keyLine.index]! + keyLine.indent;
  const limit = span.endLine < lines.starts.length ? lines.starts[span.endLine]! : lines.text.length;
  for (const value of expected) {
    let at = value === '' ? -1 : lines.text.indexOf(value, from);
    while (at >= 0 && at < limit && inComment(lines, at)) at = lines.text.indexOf(value, at + 1);
    if (at >= 0 && at < limit) {
      items.push(positionOf(lines, at));
      from = at + value.length;
    } else {
      items.push(keyPos);
    }
  }
  return { key: keyPos, items };
}

interface ReadItem {
  readonly value: string;
  readonly position: Position;
}

function readItems(lines: TextLines, span: DocumentSpan, keyLine: KeyLine): ReadItem[] | undefined {
  const rest = stripComment(lines.text.slice(keyLine.restStart, keyLine.lineEnd));
  const restTrim = rest.trim();
  if (restTrim.startsWith('[')) {
    const column = keyLine.restColumn + (rest.length - rest.trimStart().length);
    return readFlowItems(lines, span, keyLine.index, column);
  }
  if (restTrim !== '') return undefined; // a scalar, an anchor or an alias: not a plain list
  const items: ReadItem[] = [];
  let itemIndent = -1;
  for (let i = keyLine.index + 1; i < span.endLine; i++) {
    const line = lineText(lines, i);
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = line.length - trimmed.length;
    const isItem = trimmed === '-' || trimmed.startsWith('- ') || trimmed.startsWith('-\t');
    if (!isItem) {
      if (indent <= keyLine.indent) break; // next top-level key
      return undefined; // continuation of a multi-line scalar or a nested structure
    }
    if (indent < keyLine.indent) break;
    if (itemIndent < 0) itemIndent = indent;
    else if (indent !== itemIndent) {
      if (indent < itemIndent) break;
      return undefined;
    }
    if (indent === keyLine.indent && itemIndent !== keyLine.indent) break;
    let col = indent + 1;
    while (line[col] === ' ' || line[col] === '\t') col++;
    const scalar = readScalar(line, col, false);
    if (!scalar || stripComment(line.slice(scalar.end)).trim() !== '') return undefined;
    items.push({ value: scalar.value, position: { line: i + 1, column: col + 1 } });
  }
  return items;
}

function readFlowItems(lines: TextLines, span: DocumentSpan, lineIndex: number, column: number): ReadItem[] | undefined {
  const items: ReadItem[] = [];
  let i = lineIndex;
  let line = lineText(lines, i);
  let col = column + 1; // after '['
  let expectItem = true;
  for (;;) {
    while (col < line.length && (line[col] === ' ' || line[col] === '\t')) col++;
    if (col >= line.length || line[col] === '#') {
      i++;
      if (i >= span.endLine) return undefined;
      line = lineText(lines, i);
      col = 0;
      continue;
    }
    const ch = line[col];
    if (ch === ']') return items;
    if (ch === ',') {
      if (expectItem) return undefined;
      expectItem = true;
      col++;
      continue;
    }
    if (!expectItem) return undefined;
    const scalar = readScalar(line, col, true);
    if (!scalar) return undefined;
    items.push({ value: scalar.value, position: { line: i + 1, column: col + 1 } });
    col = scalar.end;
    expectItem = false;
  }
}

/** Reads one scalar starting at `col`; undefined for anything but a simple one-line scalar. */
function readScalar(line: string, col: number, flow: boolean): { value: string; end: number } | undefined {
  const ch = line[col];
  if (ch === "'") {
    let value = '';
    let k = col + 1;
    for (;;) {
      const close = line.indexOf("'", k);
      if (close < 0) return undefined;
      value += line.slice(k, close);
      if (line[close + 1] === "'") {
        value += "'";
        k = close + 2;
        continue;
      }
      return { value, end: close + 1 };
    }
  }
  if (ch === '"') {
    let k = col + 1;
    while (k < line.length && line[k] !== '"') k += line[k] === '\\' ? 2 : 1;
    if (k >= line.length) return undefined;
    try {
      const value: unknown = JSON.parse(line.slice(col, k + 1));
      return typeof value === 'string' ? { value, end: k + 1 } : undefined;
    } catch {
      return undefined; // a YAML-only escape: let the caller fall back
    }
  }
  if (ch === undefined || '&*!|>[]{}'.includes(ch)) return undefined;
  let end = col;
  while (end < line.length) {
    const c = line[end];
    if (c === '#' && (line[end - 1] === ' ' || line[end - 1] === '\t')) break;
    if (flow && (c === ',' || c === ']' || c === '[' || c === '{' || c === '}')) break;
    end++;
  }
  const value = line.slice(col, end).trimEnd();
  return { value, end: col + value.length };
}

/** Whether the text at `offset` is inside a comment: a `#` at the line start or after a blank precedes it. */
function inComment(lines: TextLines, offset: number): boolean {
  const { line, column } = positionOf(lines, offset);
  return stripComment(lineText(lines, line - 1).slice(0, column - 1)).length < column - 1;
}

function stripComment(text: string): string {
  // Good enough for what follows a key or an item: quotes were consumed before this is called.
  const at = text.search(/(^|[ \t])#/);
  return at < 0 ? text : text.slice(0, at);
}
