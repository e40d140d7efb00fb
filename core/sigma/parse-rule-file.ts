import { loadAll } from 'js-yaml';
import type { Finding } from '../findings/finding.js';
import { makeFinding } from '../findings/make-finding.js';
import { decodeUtf8 } from './decode-utf8.js';
import { failedRuleFile, tooLargeRuleFile } from './failed-rule-file.js';
import { MAX_RULE_FILE_BYTES } from './parser-version.js';
import { expandSigmaCollection, type SourceDocument } from './expand-sigma-collection.js';
import { DEFAULT_GRAPH_LIMITS, measureYamlGraph } from './measure-yaml-graph.js';
import type { ParsedRule, ParsedRuleFile } from './parsed-rule-file.js';
import { readBlockYaml } from './read-block-yaml.js';
import { readSigmaRule } from './read-sigma-rule.js';
import { SIGMA_YAML_SCHEMA } from './sigma-yaml-schema.js';
import {
  locateSequenceItems,
  locateTopLevelKey,
  positionOf,
  splitDocumentSpans,
  splitLines,
  type DocumentSpan,
  type Position,
  type TextLines,
} from './yaml-text-layout.js';

/** Flow collections nested deeper than this are rejected before js-yaml recurses into them. */
const MAX_FLOW_DEPTH = 200;
/**
 * Block collections nest one level per column of indentation at most (a compact `- - x` takes two
 * columns a level), so content indented past this column is rejected before js-yaml recurses into
 * it. Without a fixed limit, how deep js-yaml gets before running out of stack depends on how far
 * V8 has compiled it, so the same file could parse in one scan and fail in another (measured: 1,500
 * levels of mappings load in a fresh process, 2,000 do not; 500 plus 200 flow levels leave room).
 */
const MAX_BLOCK_INDENT = 500;

/**
 * Reads one rule file's bytes into rules and diagnostics. Pure and total: whatever the bytes,
 * it returns a result (never throws), so one bad file never stops a scan.
 */
export function parseRuleFile(bytes: Uint8Array): ParsedRuleFile {
  if (bytes.length > MAX_RULE_FILE_BYTES) return tooLargeRuleFile(bytes.length);
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    const data = { offset: decoded.offset, ...(decoded.encoding ? { encoding: decoded.encoding } : {}) };
    return failedRuleFile('errored', makeFinding('FILE_NOT_UTF8', { line: decoded.line, column: decoded.column }, data));
  }
  return parseRuleText(decoded.text);
}

/** Same as `parseRuleFile` for text already decoded (the web view reads files as text). */
export function parseRuleText(text: string): ParsedRuleFile {
  if (text.length > MAX_RULE_FILE_BYTES) return tooLargeRuleFile(text.length);
  try {
    return parseChecked(text);
  } catch (error) {
    // Anything parseChecked did not anticipate (a bug) still becomes a diagnostic, not a crash.
    return failedRuleFile('errored', makeFinding('SCAN_PARSER_CRASHED', { line: 1, column: 1 }, { reason: error instanceof Error ? error.message : String(error) }));
  }
}

function parseChecked(text: string): ParsedRuleFile {
  // The usual rule takes the fast reader, which reads no flow collections, anchors or aliases and
  // nests no deeper than 64; anything else js-yaml reads (and reports), behind the guards below.
  const block = readBlockYaml(text);
  let values: unknown[];
  if (block) values = block.values;
  else {
    const deep = findDeepFlowNesting(text, MAX_FLOW_DEPTH);
    if (deep >= 0) return failedRuleFile('errored', makeFinding('YAML_TOO_DEEP', positionOf(splitLines(text), deep), { limit: MAX_FLOW_DEPTH }));
    const indented = findDeepBlockIndent(text);
    if (indented >= 0) {
      return failedRuleFile('errored', makeFinding('YAML_TOO_DEEP', positionOf(splitLines(text), indented), { limit: MAX_BLOCK_INDENT, indent: true }));
    }
    try {
      values = loadAll(text, undefined, { schema: SIGMA_YAML_SCHEMA });
    } catch (error) {
      return failedRuleFile('errored', yamlErrorFinding(error, text));
    }
  }
  if (values.every((v) => v === null || v === undefined)) return failedRuleFile('skipped', makeFinding('FILE_EMPTY', { line: 1, column: 1 }), values.length);

  // Aliases can only exist where an anchor does; measuring is skipped for the usual rule.
  if (!block && text.includes('&')) {
    const verdict = measureYamlGraph(values, DEFAULT_GRAPH_LIMITS);
    if (!verdict.ok) {
      const at = firstAlias(text);
      const pos = at >= 0 ? positionOf(splitLines(text), at) : { line: 1, column: 1 };
      const finding =
        verdict.reason === 'too-deep'
          ? makeFinding('YAML_TOO_DEEP', pos, { limit: DEFAULT_GRAPH_LIMITS.maxDepth })
          : makeFinding('YAML_ALIAS_BOMB', pos, { limit: DEFAULT_GRAPH_LIMITS.maxNodes, recursive: verdict.reason === 'recursive' });
      return failedRuleFile('errored', finding, values.length);
    }
  }

  // js-yaml's core schema, like Sigma's own loaders, has no merge keys: `<<` would be an ordinary
  // key and what it merges (tags, say) silently lost. A quoted "<<" is an ordinary key in YAML.
  const merge = text.includes('<<') ? /(^|[\s{,?-])<<[ \t]*:/m.exec(text) : null;
  if (merge && values.some((v) => hasMergeKey(v))) {
    return failedRuleFile('errored', makeFinding('YAML_MERGE_KEY', positionOf(splitLines(text), merge.index + merge[1]!.length)), values.length);
  }

  // Source positions: the fast reader noted where its document's top-level keys and lists are;
  // anything else is looked up in the text, split into lines only then.
  let textLines: TextLines | undefined;
  const lines = () => (textLines ??= splitLines(text));
  const documents: SourceDocument[] = block
    ? [{ number: 1, value: values[0], span: { firstLine: 0, endLine: block.lineCount, start: block.start, indent: 0, hasContent: true } }]
    : pairDocuments(values, splitDocumentSpans(lines()), lines());
  const whole = block ? documents[0]!.span : undefined;
  const keyPosition = (span: DocumentSpan, key: string): Position =>
    (span === whole ? block!.keyPosition(key) : locateTopLevelKey(lines(), span, key)) ?? span.start;
  const expansion = expandSigmaCollection(documents, (doc) => keyPosition(doc.span, 'action'));

  const diagnostics: Finding[] = [...expansion.diagnostics];
  const rules: ParsedRule[] = [];
  for (const candidate of expansion.candidates) {
    const origins = candidate.origins;
    const origin = (key: string) => (origins && origins.get(key)) || candidate.span;
    const reading = readSigmaRule(candidate.content, {
      document: candidate.number,
      start: candidate.span.start,
      collection: candidate.collection,
      keyPosition: (key) => keyPosition(origin(key), key),
      itemPositions: (key, expected) => {
        const span = origin(key);
        const read = span === whole ? block!.sequenceItems(key) : undefined;
        if (read && read.values.length === expected.length && read.values.every((v, i) => v === expected[i])) return read.positions;
        const located = locateSequenceItems(lines(), span, key, expected);
        const fallback = located?.key ?? span.start;
        return expected.map((_, i) => located?.items[i] ?? fallback);
      },
    });
    diagnostics.push(...reading.diagnostics);
    if (reading.type === 'rule') rules.push(reading.rule);
  }
  diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));

  const nonEmpty = values.filter((v) => v !== null && v !== undefined).length;
  if (rules.length > 0) return { status: 'parsed', documents: nonEmpty, rules, diagnostics };
  const error = diagnostics.find((d) => d.severity === 'error');
  const reason = error ?? diagnostics[0];
  return {
    status: error ? 'errored' : 'skipped',
    ...(reason ? { code: reason.code } : {}),
    documents: nonEmpty,
    rules,
    diagnostics,
  };
}

/**
 * Gives each parsed document its source span. The textual split agrees with js-yaml in all but
 * odd cases (a document that is only `~`); then documents are paired by content, and if even that
 * disagrees every document gets the whole text (positions fall back to key search).
 */
function pairDocuments(values: readonly unknown[], spans: readonly DocumentSpan[], lines: TextLines): SourceDocument[] {
  if (spans.length === values.length) return values.map((value, i) => ({ number: i + 1, value, span: spans[i]! }));
  const content = spans.filter((s) => s.hasContent);
  const present = values.filter((v) => v !== null && v !== undefined);
  const whole: DocumentSpan = {
    firstLine: 0,
    endLine: lines.starts.length,
    start: content[0]?.start ?? { line: 1, column: 1 },
    indent: content[0]?.indent ?? 0,
    hasContent: true,
  };
  let k = 0;
  return values.map((value, i) => {
    const isPresent = value !== null && value !== undefined;
    const span = isPresent && content.length === present.length ? content[k++]! : whole;
    return { number: i + 1, value, span };
  });
}

function yamlErrorFinding(error: unknown, text: string): Finding {
  if (error instanceof RangeError) {
    // Both kinds of nesting were bounded before loading, so this should not happen; if it does,
    // it is still a diagnostic.
    return makeFinding('YAML_TOO_DEEP', { line: 1, column: 1 }, { limit: MAX_FLOW_DEPTH });
  }
  const e = error as { reason?: string; message?: string; mark?: { line: number; column: number; position: number } };
  const reason = e.reason ?? e.message ?? String(error);
  // js-yaml checks for a NUL byte before it counts lines, so that mark says line 1 whatever the
  // line; its offset is right.
  const pos = !e.mark
    ? { line: 1, column: 1 }
    : reason === 'null byte is not allowed in input'
      ? positionOf(splitLines(text), e.mark.position)
      : { line: e.mark.line + 1, column: e.mark.column + 1 };
  if (reason === 'duplicated mapping key') {
    const key = e.mark ? keyAt(text, e.mark.position) : undefined;
    return makeFinding('YAML_DUPLICATE_KEY', pos, key ? { key } : {});
  }
  return makeFinding('YAML_SYNTAX', pos, { reason });
}

/** Whether any mapping in a loaded value has a `<<` key (shared nodes are looked at once). */
function hasMergeKey(value: unknown, seen: Set<object> = new Set()): boolean {
  if (value === null || typeof value !== 'object' || seen.has(value)) return false;
  seen.add(value);
  if (Array.isArray(value)) return value.some((v) => hasMergeKey(v, seen));
  return Object.prototype.hasOwnProperty.call(value, '<<') || Object.values(value).some((v) => hasMergeKey(v, seen));
}

/** The key written at `offset` (js-yaml's mark for a duplicate key points at it). */
function keyAt(text: string, offset: number): string | undefined {
  const quote = text[offset];
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, offset + 1);
    return close > offset ? text.slice(offset + 1, close) : undefined;
  }
  const match = /^[^:,{}\[\]\n#]+?(?=\s*:(\s|$))/.exec(text.slice(offset, offset + 300));
  return match ? match[0].trim() : undefined;
}

/** Offset of the first YAML alias (`*name` after a separator), for an alias bomb's position. */
function firstAlias(text: string): number {
  const match = /(^|[\s,[{:-])\*[^\s,[\]{}]/m.exec(text);
  return match ? match.index + match[1]!.length : -1;
}

/** A line indented (with compact `- `/`? `) past MAX_BLOCK_INDENT: a necessary condition, cheap to test. */
const DEEP_BLOCK_INDENT = new RegExp(`^(?:[ \\t]|[-?](?=[ \\t])){${MAX_BLOCK_INDENT + 1}}`, 'gm');

/**
 * Offset where a block collection entry starts past MAX_BLOCK_INDENT, counting indentation and
 * compact indicators, or -1. Only entries nest: a blank line, a comment or the text of a block
 * scalar may be indented as far as it likes.
 */
function findDeepBlockIndent(text: string): number {
  DEEP_BLOCK_INDENT.lastIndex = 0;
  for (let match = DEEP_BLOCK_INDENT.exec(text); match; match = DEEP_BLOCK_INDENT.exec(text)) {
    const end = text.indexOf('\n', match.index);
    const line = text.slice(match.index, end < 0 ? text.length : end).replace(/\r$/, '');
    const prefix = /^(?:[ \t]|[-?](?=[ \t]))*/.exec(line)![0];
    if (/[-?]/.test(prefix) || startsEntry(line.slice(prefix.length))) return match.index + MAX_BLOCK_INDENT;
  }
  return -1;
}

/** Whether a line's content starts a block collection entry: `-`/`?` alone, or a key and `:`. */
function startsEntry(content: string): boolean {
  if (content === '-' || content === '?') return true;
  if (content === '' || content.startsWith('#')) return false;
  const colon = content.search(/:(?:[ \t]|$)/);
  const comment = content.search(/[ \t]#/);
  return colon > 0 && (comment < 0 || colon < comment);
}

/**
 * Offset where flow collections (`[`/`{`) nest deeper than `limit`, or -1. Quotes and comments
 * are skipped roughly; only used to refuse absurd inputs before the recursive parser sees them.
 */
function findDeepFlowNesting(text: string, limit: number): number {
  // Fast exit: a file can only nest as deep as it has openers.
  let openers = 0;
  for (let i = text.indexOf('['); i >= 0 && openers <= limit; i = text.indexOf('[', i + 1)) openers++;
  for (let i = text.indexOf('{'); i >= 0 && openers <= limit; i = text.indexOf('{', i + 1)) openers++;
  if (openers <= limit) return -1;
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === '#') {
      if (c === '\n') quote = '';
      continue;
    }
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) quote = '#';
    else if ((c === '"' || c === "'") && depth > 0) quote = c;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth > limit) return i;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return -1;
}
