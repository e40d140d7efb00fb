import yaml from 'js-yaml';
import { configLocate } from '../config/config-locate.js';
import { loadYamlWithSourceMap } from '../config/yaml-source-map.js';
import type { Locate, SourcePosition } from './source-position.js';

export interface DocumentProblem extends SourcePosition {
  /** The parser's own description (its wording, passed through as data). */
  readonly detail: string;
  readonly severity: 'error' | 'warning';
}

export interface ParsedDocument {
  /** Plain data; YAML timestamps are turned back into the text form (2026-01-01). */
  readonly value: unknown;
  readonly locate: Locate;
  /** Syntax errors (the value is then unusable). */
  readonly problems: readonly DocumentProblem[];
}

/**
 * Parses a YAML scope file keeping source positions: js-yaml (as for Sigma rules and the config)
 * with the config area's listener-based source map (core/config/yaml-source-map.ts), measured 5-8x
 * faster than a full document-model parser on scope and DeTT&CT files. Duplicate keys and every
 * other syntax error are reported at js-yaml's position.
 */
export function parseYamlWithPositions(text: string): ParsedDocument {
  try {
    const { value, map } = loadYamlWithSourceMap(text);
    return { value: plainDates(value), locate: configLocate(map), problems: [] };
  } catch (error) {
    if (!(error instanceof yaml.YAMLException)) throw error;
    const mark = error.mark as { line?: number; column?: number } | undefined;
    const problem: DocumentProblem = {
      line: (mark?.line ?? 0) + 1,
      column: (mark?.column ?? 0) + 1,
      detail: error.reason || error.message.split('\n')[0]!,
      severity: 'error',
    };
    return { value: undefined, locate: () => ({ line: problem.line, column: problem.column }), problems: [problem] };
  }
}

/**
 * js-yaml reads unquoted dates as Date objects; scope formats treat them as text (the schema's
 * `date` format, DeTT&CT logbook dates), so they go back to ISO text: a date at midnight UTC as
 * YYYY-MM-DD, any other time as a full ISO timestamp.
 */
function plainDates(value: unknown): unknown {
  if (value instanceof Date) {
    const iso = Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(value)) return value.map(plainDates);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plainDates(v);
    return out;
  }
  return value;
}
