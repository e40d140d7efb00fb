import { findJsonSyntaxError } from './find-json-syntax-error.js';
import { createJsonLocator } from './json-locator.js';
import type { ParsedDocument, DocumentProblem } from './parse-yaml-with-positions.js';
import { lineStarts, positionAt } from './source-position.js';

/**
 * JSON.parse plus a lazy locator (see json-locator.ts), in the same shape as the YAML reader so
 * every scope parser takes either. A syntax error is reported where the grammar breaks.
 */
export function parseJsonWithPositions(text: string): ParsedDocument {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    const value: unknown = JSON.parse(body);
    return { value, locate: createJsonLocator(text), problems: [] };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const found = findJsonSyntaxError(text);
    const offset = found >= 0 ? found : 0;
    const problem: DocumentProblem = { ...positionAt(lineStarts(text), offset), detail: message.replace(/\s*\(line \d+ column \d+\)$/, ''), severity: 'error' };
    return { value: undefined, locate: () => ({ line: 1, column: 1 }), problems: [problem] };
  }
}
