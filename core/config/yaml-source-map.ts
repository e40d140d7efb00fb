import yaml from 'js-yaml';
import { lineStarts, positionAt, type SourcePosition } from '../scope/source-position.js';
import { escapePointer } from './json-pointer.js';

/** 1-based line and column of a place in a YAML text (the scope area's type, shared). */
export type { SourcePosition };

/**
 * Where the nodes of a parsed YAML document are, by JSON pointer (the form ajv reports as
 * `instancePath`): `''` is the document, `/thresholds/tactics/execution` a nested key.
 */
export interface YamlSourceMap {
  /** Where the key of an object property starts; an array item or the document: its value. */
  keyPosition(pointer: string): SourcePosition | undefined;
  /** Where the value at the pointer starts (a key with an empty value: the key). */
  valuePosition(pointer: string): SourcePosition | undefined;
  /** The nearest known place: the pointer itself, else its closest ancestor that is known. */
  nearest(pointer: string, prefer?: 'key' | 'value'): SourcePosition;
}

export interface YamlWithSourceMap {
  readonly value: unknown;
  readonly map: YamlSourceMap;
}

interface Node {
  start: number;
  end: number;
  kind: string | null;
  result: unknown;
  readonly children: Node[];
}

interface Located {
  key: number;
  value: number;
}

/**
 * Parses YAML with js-yaml and records where each value came from. js-yaml keeps no positions on
 * its result, but it reports every node it composes to a `listener` (open before the node's
 * leading whitespace, close after its content); nesting those events gives a tree that mirrors
 * the document, from which object keys and array items get their offsets. Throws js-yaml's
 * YAMLException for invalid YAML, with its own `mark`.
 */
export function loadYamlWithSourceMap(text: string, filename?: string, schema?: yaml.Schema): YamlWithSourceMap {
  const root: Node = { start: 0, end: text.length, kind: null, result: undefined, children: [] };
  const stack: Node[] = [root];
  const value = yaml.load(text, {
    ...(filename !== undefined ? { filename } : {}),
    // Scope files pass CORE_SCHEMA so dates stay text (js-yaml's timestamps roll 2026-13-01 over).
    ...(schema !== undefined ? { schema } : {}),
    listener(event, state) {
      if (event === 'open') {
        const node: Node = { start: state.position, end: state.position, kind: null, result: undefined, children: [] };
        stack[stack.length - 1]!.children.push(node);
        stack.push(node);
      } else {
        const node = stack.pop()!;
        node.end = state.position;
        node.kind = state.kind;
        node.result = state.result;
      }
    },
  });
  const places = new Map<string, Located>();
  const document = root.children[0];
  if (document) walk(text, document, '', skipToContent(text, document.start), places);
  return { value, map: makeMap(text, places) };
}

/** Records the offsets of a node's entries under `pointer`, then descends. */
function walk(text: string, node: Node, pointer: string, valueStart: number, places: Map<string, Located>): void {
  if (!places.has(pointer)) places.set(pointer, { key: valueStart, value: valueStart });
  // A value that could have been a block mapping key (a plain scalar, or a flow collection in a
  // sequence item) is composed twice, the outer node keeping the inner one's result: unwrap those.
  let inner = node;
  while (inner.children.length === 1 && inner.children[0]!.result === inner.result) inner = inner.children[0]!;
  if (inner.kind === 'mapping' && isPlainObject(inner.result)) {
    const children = inner.children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (!isKey(text, child) || typeof child.result !== 'string' && typeof child.result !== 'number' && typeof child.result !== 'boolean') continue;
      const key = String(child.result);
      const next = children[i + 1];
      const childPointer = `${pointer}/${escapePointer(key)}`;
      const keyStart = skipToContent(text, child.start);
      if (next && !isKey(text, next)) {
        const start = skipToContent(text, next.start);
        // An empty value ends where it starts; point at the key rather than at the next line.
        const valueStart = next.end > next.start && start < next.end ? start : keyStart;
        places.set(childPointer, { key: keyStart, value: valueStart });
        walk(text, next, childPointer, valueStart, places);
        i++;
      } else {
        places.set(childPointer, { key: keyStart, value: keyStart });
      }
    }
  } else if (inner.kind === 'sequence' && Array.isArray(inner.result)) {
    inner.children.forEach((child, index) => {
      const start = skipToContent(text, child.start);
      walk(text, child, `${pointer}/${index}`, start, places);
    });
  }
}

/** A mapping key is the node followed, on its line, by `:`. */
function isKey(text: string, node: Node): boolean {
  let i = node.end;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return text[i] === ':' && node.end > node.start;
}

/** Skips whitespace, line breaks, comments and the `- ` of a block sequence item. */
function skipToContent(text: string, offset: number): number {
  let i = offset;
  for (;;) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') i++;
    else if (ch === '#') while (i < text.length && text[i] !== '\n') i++;
    else return i;
  }
}

function makeMap(text: string, places: Map<string, Located>): YamlSourceMap {
  const starts = lineStarts(text);
  const find = (pointer: string, which: keyof Located): SourcePosition | undefined => {
    const place = places.get(pointer);
    return place ? positionAt(starts, place[which]) : undefined;
  };
  return {
    keyPosition: (pointer) => find(pointer, 'key'),
    valuePosition: (pointer) => find(pointer, 'value'),
    nearest(pointer, prefer = 'key') {
      let p = pointer;
      for (;;) {
        const found = find(p, prefer);
        if (found) return found;
        if (p === '') return { line: 1, column: 1 };
        p = p.slice(0, p.lastIndexOf('/'));
      }
    },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
