import { resolvePlainScalar } from './sigma-yaml-schema.js';
import type { Position } from './yaml-text-layout.js';

/** What the fast reader read: the document and where its top-level parts are written. */
export interface BlockYaml {
  /** The document's value, alone in an array as js-yaml's `loadAll` returns it. */
  readonly values: unknown[];
  /** Lines in the text, counted as line breaks plus one. */
  readonly lineCount: number;
  /** Position of the document's first content line. */
  readonly start: Position;
  /** Where a key of the top-level mapping is written, if it has that key. */
  keyPosition(key: string): Position | undefined;
  /** The items of a top-level key's block sequence and where each is written. */
  sequenceItems(key: string): { readonly values: readonly unknown[]; readonly positions: readonly Position[] } | undefined;
}

/**
 * A fast reader for the YAML that Sigma rules are written in: one document of block mappings and
 * block sequences whose scalars are plain (on one line or folded over several), single- or
 * double-quoted on one line, or literal (`|`) blocks. Its value is exactly what js-yaml's `loadAll` with SIGMA_YAML_SCHEMA returns (same
 * values, same key order); for anything outside that subset it returns `undefined`, and then
 * js-yaml reads the text, so every error, anchor, tag, flow collection, folded (`>`) or
 * multi-line quoted scalar and multi-document file keeps js-yaml's meaning and its errors.
 *
 * Why it exists: a scan of a whole rule repository runs once per process, so js-yaml's general
 * parser mostly runs before V8 has compiled it (SigmaHQ: the first pass over the corpus costs
 * twice the second). This reader is a few small loops over whole lines, so it is cheap from the
 * first file, and it notes the positions of top-level keys and list items as it goes, which
 * spares a second pass over the text to find them. The tests hold it to js-yaml's result on
 * every SigmaHQ rule, on mutated rules, and on edge cases it reads and ones it must leave alone.
 */
export function readBlockYaml(text: string): BlockYaml | undefined {
  // Characters js-yaml rejects or treats specially: CR and Unicode line breaks, the BOM, control
  // characters, surrogates that are not a pair (emoji are fine), and tabs, which separate tokens
  // as spaces do (the reader only knows spaces), except in comment lines, where they are text.
  // One scan for the usual file, which has none of them; the finer checks only when it has some.
  if (SPECIAL_CHARACTER.test(text)) {
    if (UNSUPPORTED_CHARACTER.test(text) || LONE_SURROGATE.test(text)) return undefined;
    if (text.includes('\t') && !tabsOnlyInCommentLines(text)) return undefined;
  }
  try {
    return new BlockReader(text).readDocument();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

const SPECIAL_CHARACTER = /[\x00-\x09\x0B-\x1F\x7F-\x9F\uD800-\uDFFF\uFEFF\uFFFE\uFFFF\u2028\u2029]/;
const UNSUPPORTED_CHARACTER = /[\x00-\x08\x0B-\x1F\x7F-\x9F\uFEFF\uFFFE\uFFFF\u2028\u2029]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/** Collections nested deeper than this are left to js-yaml. */
const MAX_DEPTH = 64;

/** Thrown (never escapes): the text is outside the subset; js-yaml must read it. */
const GIVE_UP = Symbol('give up');

function giveUp(): never {
  throw GIVE_UP;
}

/** Characters that cannot start a plain scalar or a plain key (YAML indicators). */
const INDICATORS = new Set(['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);
/** INDICATORS by character code (a table lookup, not a one-character string and a hash). */
const IS_INDICATOR = new Uint8Array(128);
for (const c of INDICATORS) IS_INDICATOR[c.charCodeAt(0)] = 1;

function isIndicator(code: number): boolean {
  return code < 128 && IS_INDICATOR[code] === 1;
}

/** js-yaml's single-character escapes in double-quoted scalars. */
const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\x00',
  a: '\x07',
  b: '\x08',
  t: '\x09',
  n: '\x0A',
  v: '\x0B',
  f: '\x0C',
  r: '\x0D',
  e: '\x1B',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xA0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

interface Quoted {
  readonly value: string;
  /** Offset just after the closing quote. */
  readonly end: number;
}

interface SequenceItems {
  readonly values: readonly unknown[];
  readonly positions: readonly Position[];
}

// Every charCodeAt below stays inside its string: past the end it returns NaN, which V8's
// optimized code had not seen, so V8 discarded the reader's compiled loops and compiled them
// again, several times per scan (bounded, a cold pass over SigmaHQ takes 5-18 ms less).
class BlockReader {
  readonly #lines: string[];
  /**
   * Each line's indentation (leading spaces), worked out once: the reader looks at a line's
   * indentation several times (is it content, does it end the node, does it continue a scalar).
   */
  readonly #indents: Int32Array;
  readonly #lineCount: number;
  /** The line being read. */
  #pos = 0;
  /** Collections being read, one inside the other. */
  #depth = 0;
  /** Keys of the top-level mapping, in order, and their positions. */
  readonly #keys: string[] = [];
  readonly #keyPositions: Position[] = [];
  /** Top-level keys whose value is a block sequence, and its items. */
  readonly #listKeys: string[] = [];
  readonly #lists: SequenceItems[] = [];

  constructor(text: string) {
    this.#lines = text.split('\n');
    this.#lineCount = this.#lines.length;
    // js-yaml ends the text with a line break if it lacks one: either way the last line break
    // ends the last line, it does not start an empty one.
    if (this.#lines[this.#lines.length - 1] === '') this.#lines.pop();
    const lines = this.#lines;
    const indents = new Int32Array(lines.length);
    for (let i = 0; i < lines.length; i++) indents[i] = indentOf(lines[i]!);
    this.#indents = indents;
  }

  readDocument(): BlockYaml {
    const first = this.#nextContent();
    if (first < 0 || this.#indents[first] !== 0) giveUp();
    const root = this.#readCollection(0, true);
    if (this.#nextContent() >= 0) giveUp();
    const keys = this.#keys;
    const keyPositions = this.#keyPositions;
    const listKeys = this.#listKeys;
    const lists = this.#lists;
    return {
      values: [root],
      lineCount: this.#lineCount,
      start: { line: first + 1, column: 1 },
      keyPosition: (key) => keyPositions[keys.indexOf(key)],
      sequenceItems: (key) => lists[listKeys.indexOf(key)],
    };
  }

  /** Index of the next line that is neither blank nor only a comment (the reader moves there), or -1. */
  #nextContent(): number {
    const lines = this.#lines;
    const indents = this.#indents;
    let i = this.#pos;
    for (; i < lines.length; i++) {
      const line = lines[i]!;
      const ind = indents[i]!;
      if (ind < line.length && line.charCodeAt(ind) !== 0x23 /* # */) break;
    }
    this.#pos = i;
    return i < lines.length ? i : -1;
  }

  /**
   * The mapping or sequence whose first line is the current one, indented by `indent`. `listKey`
   * names the top-level key whose value this is, when it is one.
   */
  #readCollection(indent: number, root: boolean, listKey?: string): unknown {
    // Deeper nesting is no rule: js-yaml reads it, and covmap's checks on what it reads apply.
    if (++this.#depth > MAX_DEPTH) giveUp();
    const value = isDash(this.#lines[this.#pos]!, indent) ? this.#readSequence(indent, false, listKey) : this.#readMapping(indent, root);
    this.#depth--;
    return value;
  }

  /** A mapping indented by `indent`; the positions of its keys are noted if it is the `root`. */
  #readMapping(indent: number, root: boolean): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (let i = this.#nextContent(); i >= 0; i = this.#nextContent()) {
      const line = this.#lines[i]!;
      const ind = this.#indents[i]!;
      if (ind < indent) break;
      if (ind > indent) giveUp(); // a multi-line scalar, or bad indentation
      // (A `- item` line here is no key: readKey gives up on its dash.)
      const [key, after] = readKey(line, ind);
      if (key === '__proto__' || Object.prototype.hasOwnProperty.call(result, key)) giveUp();
      if (root) {
        this.#keys.push(key);
        this.#keyPositions.push({ line: i + 1, column: ind + 1 });
      }
      result[key] = this.#readValue(line, after, indent, true, root ? key : undefined);
    }
    return result;
  }

  /**
   * A sequence indented by `indent`. A compact one (`key:` followed by `- item` lines at the key's
   * own indentation) ends at the first line at that indentation that is not an item. If it is the
   * value of top-level `listKey`, its items and their positions are noted.
   */
  #readSequence(indent: number, compact: boolean, listKey?: string): unknown[] {
    const result: unknown[] = [];
    let positions: Position[] | undefined = listKey === undefined ? undefined : [];
    for (let i = this.#nextContent(); i >= 0; i = this.#nextContent()) {
      const line = this.#lines[i]!;
      const ind = this.#indents[i]!;
      if (ind < indent) break;
      if (ind > indent) giveUp();
      if (!isDash(line, ind)) {
        if (compact) break;
        giveUp();
      }
      let at = ind + 1;
      while (at < line.length && line.charCodeAt(at) === 0x20) at++;
      // An item whose content starts on a later line (`-` alone) has no position on its own
      // line: the list's positions are then left to the text layout, which searches for values.
      if (at === line.length || line.charCodeAt(at) === 0x23) positions = undefined;
      positions?.push({ line: i + 1, column: at + 1 });
      result.push(this.#readItem(line, at, ind));
    }
    if (positions) {
      this.#listKeys.push(listKey!);
      this.#lists.push({ values: result, positions });
    }
    return result;
  }

  /** A sequence item whose content starts at `at` on the current line (after `- `). */
  #readItem(line: string, at: number, indent: number): unknown {
    if (at === line.length || line.charCodeAt(at) === 0x23) {
      // From just after the dash, so that a comment there reads as one (it follows a space).
      const value = this.#readValue(line, indent + 1, indent, false);
      // After an empty item js-yaml takes the next `- ` line into this sequence even when it is
      // indented less (an outer sequence's item, to other readers): that is left to js-yaml.
      const next = value === null ? this.#nextContent() : -1;
      if (next >= 0 && this.#indents[next]! < indent && isDash(this.#lines[next]!, this.#indents[next]!)) giveUp();
      return value;
    }
    if (isDash(line, at) || line.charCodeAt(at) === 0x7c /* | */) giveUp(); // a compact sequence in an item; a block scalar in one
    if (isMappingEntry(line, at)) {
      // `- key: value`: a mapping indented as its first key; the dash counts as indentation.
      this.#indents[this.#pos] = at;
      return this.#readMapping(at, false);
    }
    return this.#readValue(line, at, indent, false);
  }

  /**
   * The value that starts at `from` on the current line (after `key:` or `- `) of a node
   * indented by `indent`; moves past it. Nothing there (or a comment) means the value is the
   * block on the following lines, or null. `listKey`: see readSequence.
   */
  #readValue(line: string, from: number, indent: number, compactAllowed: boolean, listKey?: string): unknown {
    let at = from;
    while (at < line.length && line.charCodeAt(at) === 0x20) at++;
    if (at === line.length || (line.charCodeAt(at) === 0x23 && at > from)) {
      this.#pos++;
      const next = this.#nextContent();
      if (next < 0) return null;
      const nextLine = this.#lines[next]!;
      const ind = this.#indents[next]!;
      if (ind > indent) {
        if (isDash(nextLine, ind) || isMappingEntry(nextLine, ind)) return this.#readCollection(ind, false, listKey);
        // A plain scalar that starts on the next line (`condition:` then the condition).
        return this.#readPlain(nextLine, ind, indent);
      }
      if (compactAllowed && ind === indent && isDash(nextLine, ind)) return this.#readSequence(ind, true, listKey);
      return null;
    }
    const c = line.charCodeAt(at);
    if (c === 0x27 /* ' */ || c === 0x22 /* " */) {
      const quoted = c === 0x27 ? readSingleQuoted(line, at) : readDoubleQuoted(line, at);
      expectLineEnd(line, quoted.end);
      this.#pos++;
      return quoted.value;
    }
    if (c === 0x7c /* | */) return this.#readLiteral(line, at, indent + 1);
    return this.#readPlain(line, at, indent);
  }

  /**
   * A plain scalar that starts at `at` on the current line, in a node indented by `indent`, with
   * the lines that continue it (indented more than `indent`; js-yaml folds them into one line, a
   * blank line between two into a line break). Moves past it.
   */
  #readPlain(line: string, at: number, indent: number): unknown {
    // `-`, `?` and `:` start a plain scalar when a non-space follows (`-1`, `:\ProgramData`).
    const c = line.charCodeAt(at);
    if (isIndicator(c) && !((c === 0x2d /* - */ || c === 0x3f /* ? */ || c === 0x3a /* : */) && at + 1 < line.length && line.charCodeAt(at + 1) !== 0x20)) giveUp();
    const hash = line.indexOf(' #', at);
    let value = plainLine(hash < 0 ? line.slice(at) : line.slice(at, hash));
    this.#pos++;
    // A comment ends the scalar; so does the first line indented no more than `indent`.
    if (hash < 0) {
      const lines = this.#lines;
      const indents = this.#indents;
      for (;;) {
        let i = this.#pos;
        let comment = false;
        for (; i < lines.length; i++) {
          const text = lines[i]!;
          const ind = indents[i]!;
          if (ind === text.length) continue;
          if (text.charCodeAt(ind) !== 0x23) break;
          comment = true;
        }
        if (i === lines.length) break;
        const next = lines[i]!;
        const ind = indents[i]!;
        if (ind <= indent) break;
        // js-yaml reads on past comment lines into the scalar; a line that starts like a node
        // or holds a comment is left to it too.
        if (comment || isIndicator(next.charCodeAt(ind)) || next.includes(' #')) giveUp();
        value += (i - this.#pos === 0 ? ' ' : '\n'.repeat(i - this.#pos)) + plainLine(next.slice(ind));
        this.#pos = i + 1;
      }
    }
    return resolvePlainScalar(value);
  }

  /**
   * A literal block scalar (`|`, `|-`, `|+`) whose header is at `at`; `nodeIndent` is the least
   * indentation of its content (the parent's plus one), as js-yaml's readBlockScalar counts it.
   */
  #readLiteral(line: string, at: number, nodeIndent: number): string {
    let k = at + 1;
    const sign = k < line.length ? line.charCodeAt(k) : -1;
    const chomping = sign === 0x2d /* - */ ? 'strip' : sign === 0x2b /* + */ ? 'keep' : 'clip';
    if (chomping !== 'clip') k++;
    let m = k;
    while (m < line.length && line.charCodeAt(m) === 0x20) m++;
    if (m < line.length && !(line.charCodeAt(m) === 0x23 && m > k)) giveUp(); // explicit indentation, junk
    const lines = this.#lines;
    let textIndent = nodeIndent;
    let detected = false;
    let empty = 0;
    let result = '';
    let i = this.#pos + 1;
    for (; i < lines.length; i++) {
      const text = lines[i]!;
      let ind = this.#indents[i]!;
      if (!detected) {
        if (ind < nodeIndent && ind < text.length) giveUp(); // an empty block scalar
        if (ind > textIndent) textIndent = ind;
      } else if (ind > textIndent) {
        ind = textIndent; // the rest of the indentation is content
      }
      if (ind === text.length) {
        empty++;
        continue;
      }
      if (ind < textIndent) break;
      result += '\n'.repeat(detected ? 1 + empty : empty) + text.slice(ind);
      detected = true;
      empty = 0;
    }
    if (!detected) giveUp();
    if (chomping === 'keep') result += '\n'.repeat(1 + empty);
    else if (chomping === 'clip') result += '\n';
    this.#pos = i;
    return result;
  }
}

/**
 * Whether every tab is in a comment line (spaces, then `#`). Such a line is skipped as a comment,
 * or is text inside a literal block, both for js-yaml and for the reader.
 */
function tabsOnlyInCommentLines(text: string): boolean {
  // Line by line: a line holding many tabs is looked at once (linear in the text).
  for (let tab = text.indexOf('\t'); tab >= 0; ) {
    const start = text.lastIndexOf('\n', tab) + 1;
    let first = start;
    while (text.charCodeAt(first) === 0x20) first++;
    if (first >= tab || text.charCodeAt(first) !== 0x23) return false;
    const end = text.indexOf('\n', tab);
    if (end < 0) return true;
    tab = text.indexOf('\t', end);
  }
  return true;
}

/** Leading spaces (the only indentation the reader accepts: a tab outside a comment line makes it give up). */
function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 0x20) i++;
  return i;
}

/** A sequence entry at `ind`: a dash followed by a space or the end of the line. */
function isDash(line: string, ind: number): boolean {
  return line.charCodeAt(ind) === 0x2d && (ind + 1 === line.length || line.charCodeAt(ind + 1) === 0x20);
}

/**
 * One line of a plain scalar, without trailing spaces. `a: b: c` and a value ending in `:` are
 * errors (or mappings) in YAML: those are left to js-yaml.
 */
function plainLine(text: string): string {
  const raw = trimSpaces(text);
  if (raw.endsWith(':') || raw.includes(': ')) giveUp();
  return raw;
}

/** Trailing spaces only: js-yaml keeps other whitespace (a no-break space is content). */
function trimSpaces(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x20) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** After a quoted scalar: only spaces, then the end of the line or a comment. */
function expectLineEnd(line: string, end: number): void {
  let k = end;
  while (k < line.length && line.charCodeAt(k) === 0x20) k++;
  if (k < line.length && !(line.charCodeAt(k) === 0x23 && k > end)) giveUp();
}

/** The key of the mapping entry at `ind`, and the offset just after its colon. */
function readKey(line: string, ind: number): [string, number] {
  const c = line.charCodeAt(ind);
  if (c === 0x27 /* ' */ || c === 0x22 /* " */) {
    const quoted = c === 0x27 ? readSingleQuoted(line, ind) : readDoubleQuoted(line, ind);
    let k = quoted.end;
    while (k < line.length && line.charCodeAt(k) === 0x20) k++;
    if (k === line.length || line.charCodeAt(k) !== 0x3a /* : */ || (k + 1 < line.length && line.charCodeAt(k + 1) !== 0x20)) giveUp();
    return [quoted.value, k + 1];
  }
  // Indicators include `-` and `%`: `---` and directives never get here; `...` ends a document.
  if (isIndicator(c) || (ind === 0 && line.startsWith('...') && (line.length === 3 || line[3] === ' '))) giveUp();
  const colon = plainKeyColon(line, ind);
  if (colon < 0) giveUp();
  const raw = trimSpaces(line.slice(ind, colon));
  if (raw.includes(' #') || raw.length > 1000) giveUp();
  // js-yaml resolves a plain key like any plain scalar, then makes a string of it: `true:` is
  // "true", `1.0:` is "1". Only keys that stay strings are read here.
  const key = resolvePlainScalar(raw);
  if (typeof key !== 'string') giveUp();
  return [key, colon + 1];
}

/** Offset of the colon that ends a plain key starting at `from` (one followed by a space or the line's end), or -1. */
function plainKeyColon(line: string, from: number): number {
  let k = line.indexOf(':', from);
  while (k >= 0 && k + 1 < line.length && line.charCodeAt(k + 1) !== 0x20) k = line.indexOf(':', k + 1);
  return k;
}

/** Whether the text at `at` is a mapping entry (`key: ...`) rather than a scalar. */
function isMappingEntry(line: string, at: number): boolean {
  const c = line.charCodeAt(at);
  if (c === 0x27 /* ' */ || c === 0x22 /* " */) {
    const quoted = c === 0x27 ? readSingleQuoted(line, at) : readDoubleQuoted(line, at);
    let k = quoted.end;
    while (k < line.length && line.charCodeAt(k) === 0x20) k++;
    return k < line.length && line.charCodeAt(k) === 0x3a;
  }
  const colon = plainKeyColon(line, at);
  if (colon < 0) return false;
  const hash = line.indexOf(' #', at);
  return hash < 0 || colon < hash;
}

function readSingleQuoted(line: string, at: number): Quoted {
  let value = '';
  let from = at + 1;
  for (;;) {
    const q = line.indexOf("'", from);
    if (q < 0) giveUp(); // continues on the next line
    if (q + 1 < line.length && line.charCodeAt(q + 1) === 0x27) {
      value += line.slice(from, q + 1);
      from = q + 2;
      continue;
    }
    return { value: value + line.slice(from, q), end: q + 1 };
  }
}

function readDoubleQuoted(line: string, at: number): Quoted {
  let value = '';
  let from = at + 1;
  // The next quote is searched again only once an escape has passed it (linear in the line,
  // however many escapes come before the closing quote).
  let quote = -1;
  for (;;) {
    if (quote < from) quote = line.indexOf('"', from);
    if (quote < 0) giveUp(); // continues on the next line
    const slash = line.indexOf('\\', from);
    if (slash < 0 || quote < slash) return { value: value + line.slice(from, quote), end: quote + 1 };
    value += line.slice(from, slash);
    if (slash + 1 === line.length) giveUp(); // an escaped line break
    const e = line[slash + 1]!;
    const digits = HEX_DIGITS[e];
    if (digits === undefined) {
      const escaped = ESCAPES[e];
      if (escaped === undefined) giveUp();
      value += escaped;
      from = slash + 2;
      continue;
    }
    const hex = line.slice(slash + 2, slash + 2 + digits);
    if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) giveUp();
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) giveUp();
    value += String.fromCodePoint(code);
    from = slash + 2 + digits;
  }
}
