import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { Locate, SourcePosition } from './source-position.js';

export interface DocumentProblem extends SourcePosition {
  /** The parser's own description (its wording, passed through as data). */
  readonly detail: string;
  readonly severity: 'error' | 'warning';
}

export interface ParsedDocument {
  /** Plain data (YAML 1.2 core schema: dates stay strings, `yes` stays a string). */
  readonly value: unknown;
  readonly locate: Locate;
  /** Syntax errors (value is then unusable) and warnings. */
  readonly problems: readonly DocumentProblem[];
}

/**
 * Parses a YAML text keeping source positions. js-yaml (used for Sigma rules) exposes no
 * positions for values; scope files need a line and column for every diagnostic, so they are read
 * with the `yaml` library's document model, which keeps a range on every node. Duplicate keys are
 * errors, as in js-yaml.
 */
export function parseYamlWithPositions(text: string): ParsedDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const problems: DocumentProblem[] = [];
  const at = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  for (const e of doc.errors) problems.push({ ...at(e.pos[0]), detail: firstLine(e.message), severity: 'error' });
  for (const w of doc.warnings) problems.push({ ...at(w.pos[0]), detail: firstLine(w.message), severity: 'warning' });
  const value = doc.errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 1000 });

  const locate: Locate = (path, part = 'value') => {
    let node: unknown = doc.contents;
    let best: SourcePosition = node && isNodeWithRange(node) ? at(node.range[0]) : { line: 1, column: 1 };
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      const last = i === path.length - 1;
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(segment));
        if (!pair) return best;
        const keyNode = pair.key;
        if (last && part === 'key' && isNodeWithRange(keyNode)) return at(keyNode.range[0]);
        if (isNodeWithRange(keyNode)) best = at(keyNode.range[0]);
        node = pair.value;
        // `key:` with no value has no node: the key is the best place to point at.
        if (node && isNodeWithRange(node)) best = at(node.range[0]);
      } else if (isSeq(node)) {
        const item = node.items[Number(segment)];
        if (!item) return best;
        node = item;
        if (isNodeWithRange(node)) best = at(node.range[0]);
      } else {
        return best;
      }
    }
    return best;
  };
  return { value, locate, problems };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function isNodeWithRange(node: unknown): node is Node & { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as { range?: unknown }).range);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
