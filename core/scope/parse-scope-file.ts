import { makeFinding } from '../findings/make-finding.js';
import { unusableScopeSource } from './empty-scope-source.js';
import { parseCovmapScope } from './parse-covmap-scope.js';
import { parseCtidMappings } from './parse-ctid-mappings.js';
import { parseDettectTechniques } from './parse-dettect-techniques.js';
import { parseJsonWithPositions } from './parse-json-with-positions.js';
import { parseNavigatorLayer } from './parse-navigator-layer.js';
import { parseYamlWithPositions, type ParsedDocument } from './parse-yaml-with-positions.js';
import type { ScopeKind, ScopeParseOptions, ScopeSource } from './scope-source.js';
import { sourceSlug } from './source-slug.js';

export type ScopeFileFormat = Exclude<ScopeKind, 'sigma'>;

/**
 * Reads one scope file of any supported format. The format is recognised from the content, not
 * the file name: JSON with `mapping_objects` is CTID, JSON with `techniques` or a layer `domain` is
 * a Navigator layer; YAML with `schema: covmap/scope@1` or `provider` is a covmap scope, YAML with
 * `file_type` is DeTT&CT. Anything else is one located SCOPE_FORMAT_UNKNOWN error.
 */
export function parseScopeFile(text: string, options: ScopeParseOptions): ScopeSource {
  const looksJson = /^\uFEFF?\s*[{[]/.test(text);
  const doc = looksJson ? parseJsonWithPositions(text) : parseYamlWithPositions(text);
  const format = detectFormat(doc, looksJson);
  switch (format) {
    case 'covmap-scope':
      return parseCovmapScope(doc, options);
    case 'navigator':
      return parseNavigatorLayer(doc, options);
    case 'ctid':
      return parseCtidMappings(doc, options);
    case 'dettect':
      return parseDettectTechniques(doc, options);
    default:
      return unknownFormat(doc, looksJson, options);
  }
}

export function detectFormat(doc: ParsedDocument, json: boolean): ScopeFileFormat | undefined {
  const v = doc.value;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if (json) {
    if ('mapping_objects' in o || (typeof o.metadata === 'object' && o.metadata !== null && 'mapping_framework' in o.metadata)) return 'ctid';
    if ('techniques' in o || 'versions' in o || (typeof o.domain === 'string' && /attack|mitre/.test(o.domain))) return 'navigator';
    return undefined;
  }
  if (o.schema === 'covmap/scope@1' || 'provider' in o) return 'covmap-scope';
  if ('file_type' in o) return 'dettect';
  return undefined;
}

function unknownFormat(doc: ParsedDocument, json: boolean, options: ScopeParseOptions): ScopeSource {
  const { file, year } = options;
  // A file that does not even parse is reported as a syntax error in the language it looks like.
  const diagnostics = doc.problems.length
    ? doc.problems.map((p) => makeFinding(json ? 'SCOPE_JSON_SYNTAX' : 'SCOPE_YAML_SYNTAX', { file, line: p.line, column: p.column }, { detail: p.detail }))
    : [makeFinding('SCOPE_FORMAT_UNKNOWN', { file, line: 1, column: 1 }, { hint: hintFor(doc.value, json) })];
  const idHint = sourceSlug(file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, ''));
  return unusableScopeSource({ kind: json ? 'navigator' : 'covmap-scope', file, name: file, idHint }, year, diagnostics);
}

function hintFor(value: unknown, json: boolean): string {
  if (value === null || value === undefined) return 'the file is empty';
  if (typeof value !== 'object') return `the document is a single ${typeof value}`;
  if (Array.isArray(value)) return 'the document is a list';
  const keys = Object.keys(value).slice(0, 5);
  return `${json ? 'JSON' : 'YAML'} with top-level keys ${keys.join(', ') || '(none)'}`;
}
