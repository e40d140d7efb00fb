import type { Finding } from '../findings/finding.js';
import { makeFinding } from '../findings/make-finding.js';
import { valueTypeName } from '../findings/value-type-name.js';
import type { FindingCode } from '../findings/finding-codes.js';
import type { RuleKind, TagRecord } from '../scan/scan-report.js';
import type { ParsedRule } from './parsed-rule-file.js';
import type { Position } from './yaml-text-layout.js';
import { SIGMA_LEVELS, SIGMA_STATUSES } from './sigma-vocabulary.js';

/** How the reader finds positions in the source for the document it reads. */
export interface RuleSource {
  readonly document: number;
  /** Where the rule starts (its document's first content line). */
  readonly start: Position;
  /** Position of a top-level key, or of the rule start when it cannot be found. */
  readonly keyPosition: (key: string) => Position;
  /** Positions of the items of a top-level list, one per expected value. */
  readonly itemPositions: (key: string, expected: readonly string[]) => readonly Position[];
  /** The rule was assembled from a Sigma v1 collection. */
  readonly collection: boolean;
}

export type RuleReading =
  | { readonly type: 'rule'; readonly rule: ParsedRule; readonly diagnostics: readonly Finding[] }
  /** A rule with a structural error: reported, not counted. */
  | { readonly type: 'invalid'; readonly diagnostics: readonly Finding[] }
  | { readonly type: 'not-a-rule'; readonly diagnostics: readonly Finding[] };

// Keys only Sigma documents carry; a kind key (detection, ...) alone is not enough evidence,
// since other YAML (pipelines, configs) may use `filter:` or `detection:` for something else,
// unless its value has the shape Sigma gives that section (see sigmaShapedSection).
const SIGMA_METADATA_KEYS = ['title', 'id', 'name', 'logsource', 'status', 'level', 'tags', 'author', 'date', 'description', 'falsepositives', 'references'];
const LOGSOURCE_FIELDS = ['category', 'product', 'service', 'definition'] as const;

/** Reads one YAML mapping as a Sigma detection, correlation or filter rule. */
export function readSigmaRule(content: Readonly<Record<string, unknown>>, source: RuleSource): RuleReading {
  const diagnostics: Finding[] = [];
  let fatal = false;
  const has = (key: string) => Object.prototype.hasOwnProperty.call(content, key) && content[key] !== undefined;
  const report = (code: FindingCode, key: string, data: Finding['data']) => {
    const pos = source.keyPosition(key);
    diagnostics.push(makeFinding(code, pos, data));
  };
  const typeError = (field: string, key: string, expected: string, value: unknown, structural: boolean) => {
    report('SIGMA_FIELD_TYPE', key, { field, expected, found: describeType(value), ...(structural ? { ignored: false } : {}) });
    if (structural) fatal = true;
  };

  const kindKey = has('correlation') ? 'correlation' : has('filter') ? 'filter' : has('detection') ? 'detection' : undefined;
  const sigmaLike = SIGMA_METADATA_KEYS.some(has) || (kindKey !== undefined && sigmaShapedSection(kindKey, content[kindKey]));
  // Without a kind key, only a title with a logsource makes it a rule that lost its detection;
  // a title alone is common in other YAML (site configs, workflows).
  if (!sigmaLike || (!kindKey && !(has('title') && has('logsource')))) {
    return {
      type: 'not-a-rule',
      diagnostics: [makeFinding('SIGMA_NOT_A_RULE', source.start, { keys: Object.keys(content).slice(0, 8).sort() })],
    };
  }
  const kind: RuleKind = kindKey ?? 'detection';
  if (!kindKey) {
    diagnostics.push(makeFinding('SIGMA_MISSING_FIELD', source.start, { kind, field: 'detection' }));
    fatal = true;
  }

  // title: required for every kind.
  let title = '';
  if (!has('title') || content.title === null) {
    diagnostics.push(makeFinding('SIGMA_MISSING_FIELD', source.start, { kind, field: 'title' }));
    fatal = true;
  } else if (typeof content.title !== 'string') {
    typeError('title', 'title', 'a string', content.title, true);
  } else {
    title = own(content.title);
  }

  const optionalString = (key: string): string | undefined => {
    const value = content[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return own(value);
    typeError(key, key, 'a string', value, false);
    return undefined;
  };
  const id = optionalString('id');
  const name = optionalString('name');
  const status = optionalString('status');
  const level = optionalString('level');
  const description = optionalString('description');
  const author = optionalString('author');
  const date = optionalString('date');
  const modified = optionalString('modified');
  if (status !== undefined && !SIGMA_STATUSES.includes(status.toLowerCase())) report('SIGMA_STATUS_UNKNOWN', 'status', { value: status });
  if (level !== undefined && !SIGMA_LEVELS.includes(level.toLowerCase())) report('SIGMA_LEVEL_UNKNOWN', 'level', { value: level });
  for (const [key, value] of [['date', date], ['modified', modified]] as const) {
    if (value !== undefined && !isIsoDate(value)) report('SIGMA_DATE_FORMAT', key, { field: key, value });
  }

  // logsource: required for detection and filter rules.
  let logsource: ParsedRule['logsource'];
  const needsLogsource = kind !== 'correlation';
  if (!has('logsource') || content.logsource === null) {
    if (needsLogsource) {
      diagnostics.push(makeFinding('SIGMA_MISSING_FIELD', source.start, { kind, field: 'logsource' }));
      fatal = true;
    }
  } else if (!isMapping(content.logsource)) {
    typeError('logsource', 'logsource', 'a mapping', content.logsource, needsLogsource);
  } else {
    const ls: { -readonly [K in (typeof LOGSOURCE_FIELDS)[number]]?: string } = {};
    for (const field of LOGSOURCE_FIELDS) {
      const value = content.logsource[field];
      if (value === undefined || value === null) continue;
      if (typeof value === 'string') ls[field] = own(value);
      else typeError(`logsource.${field}`, 'logsource', 'a string', value, false);
    }
    logsource = ls;
  }

  // The kind's own section.
  let references: string[] | undefined;
  if (kind === 'detection' && kindKey) {
    const detection = content.detection;
    if (!isMapping(detection)) {
      typeError('detection', 'detection', 'a mapping', detection, true);
    } else if (detection.condition === undefined || detection.condition === null) {
      report('SIGMA_MISSING_FIELD', 'detection', { kind, field: 'detection.condition' });
      fatal = true;
    } else {
      const condition = detection.condition;
      const conditions = typeof condition === 'string' ? [condition] : Array.isArray(condition) && condition.every((c) => typeof c === 'string') ? (condition as string[]) : undefined;
      if (!conditions) typeError('detection.condition', 'detection', 'a string or a list of strings', condition, true);
      else if (conditions.some((c) => c.includes('|') || /(^|\s)near(\s|$)/.test(c))) report('SIGMA_CONDITION_AGGREGATION', 'detection', {});
    }
  } else if (kind === 'correlation') {
    const correlation = content.correlation;
    if (!isMapping(correlation)) {
      typeError('correlation', 'correlation', 'a mapping', correlation, true);
    } else {
      if (correlation.type === undefined || correlation.type === null) {
        report('SIGMA_MISSING_FIELD', 'correlation', { kind, field: 'correlation.type' });
        fatal = true;
      } else if (typeof correlation.type !== 'string') {
        typeError('correlation.type', 'correlation', 'a string', correlation.type, true);
      }
      references = readReferences(correlation.rules, 'correlation.rules');
    }
  } else if (kind === 'filter') {
    const filter = content.filter;
    if (!isMapping(filter)) {
      typeError('filter', 'filter', 'a mapping', filter, true);
    } else {
      references = readReferences(filter.rules, 'filter.rules');
      for (const field of ['selection', 'condition']) {
        if (filter[field] === undefined || filter[field] === null) {
          report('SIGMA_MISSING_FIELD', 'filter', { kind, field: `filter.${field}` });
          fatal = true;
        }
      }
    }
  }

  function readReferences(value: unknown, field: string): string[] | undefined {
    if (value === undefined || value === null) {
      report('SIGMA_MISSING_FIELD', kind, { kind, field });
      fatal = true;
      return undefined;
    }
    // A single name is accepted as a one-item list, as pySigma does.
    const items = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
    if (!items || !items.every((v) => typeof v === 'string')) {
      typeError(field, kind, 'a list of rule ids or names', value, true);
      return undefined;
    }
    return (items as string[]).map(own);
  }

  // related: a list of {id, type}.
  let related: { id: string; type: string }[] | undefined;
  if (content.related !== undefined && content.related !== null) {
    if (!Array.isArray(content.related)) {
      typeError('related', 'related', 'a list of {id, type}', content.related, false);
    } else {
      related = [];
      content.related.forEach((entry, i) => {
        if (isMapping(entry) && typeof entry.id === 'string' && typeof entry.type === 'string') related!.push({ id: own(entry.id), type: own(entry.type) });
        else typeError(`related[${i}]`, 'related', 'a mapping with string id and type', entry, false);
      });
    }
  }

  // tags: a list of strings, each with its position.
  const tags: TagRecord[] = [];
  if (content.tags !== undefined && content.tags !== null) {
    if (!Array.isArray(content.tags)) {
      typeError('tags', 'tags', 'a list of strings', content.tags, false);
    } else {
      const list = content.tags as unknown[];
      const positions = source.itemPositions('tags', list.map((t) => (typeof t === 'string' ? t : typeof t === 'number' || typeof t === 'boolean' ? String(t) : '')));
      list.forEach((tag, i) => {
        const pos = positions[i] ?? source.keyPosition('tags');
        if (typeof tag === 'string') tags.push({ value: own(tag), line: pos.line, column: pos.column });
        else diagnostics.push(makeFinding('SIGMA_FIELD_TYPE', pos, { field: `tags[${i}]`, expected: 'a string', found: describeType(tag) }));
      });
    }
  }

  if (fatal) return { type: 'invalid', diagnostics };
  // Built field by field: optional fields are absent rather than undefined (the output is JSON).
  const rule: { -readonly [K in keyof ParsedRule]: ParsedRule[K] } = {
    document: source.document,
    line: source.start.line,
    column: source.start.column,
    kind,
    title,
    tags,
  };
  if (id !== undefined) rule.id = id;
  if (name !== undefined) rule.name = name;
  if (status !== undefined) {
    rule.status = status;
    rule.statusAt = source.keyPosition('status');
  }
  if (level !== undefined) rule.level = level;
  if (description !== undefined) rule.description = description;
  if (author !== undefined) rule.author = author;
  if (date !== undefined) rule.date = date;
  if (modified !== undefined) rule.modified = modified;
  if (logsource !== undefined) rule.logsource = logsource;
  if (related !== undefined) rule.related = related;
  if (references !== undefined) rule.references = references;
  if (source.collection) rule.collection = true;
  return { type: 'rule', rule, diagnostics };
}

/**
 * The same string, detached from the file's text. The YAML readers' scalars (js-yaml's and the
 * fast reader's) are slices of the whole text, and V8 keeps a slice's parent alive, so every kept
 * title or tag would keep its file's entire text in memory for the rest of the scan (about 8 MB
 * over SigmaHQ, copied by every garbage collection it survives). Concatenating then slicing
 * makes V8 copy just the value.
 */
function own(value: string): string {
  return value.length < 13 ? value : (' ' + value).slice(1);
}

/** Where YYYY-MM-DD has its digits. */
const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];

/**
 * YYYY-MM-DD with a month of 01-12 and a day of 01-31. Read by hand: every rule has a date or two,
 * and a regular expression costs a cold scan more (V8 interprets it before compiling it).
 */
function isIsoDate(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  for (const i of DATE_DIGITS) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A value's type as findings name it; a missing or null value is "nothing" for Sigma fields. */
export function describeType(value: unknown): string {
  return value === null || value === undefined ? 'nothing' : valueTypeName(value);
}

/**
 * A kind section shaped as Sigma shapes it: a detection with a condition, a correlation with a
 * type and the rules it correlates, a filter with the rules it tunes and a condition. A document
 * with such a section and nothing else is a rule missing its title, not some other YAML.
 */
function sigmaShapedSection(kind: 'detection' | 'correlation' | 'filter', value: unknown): boolean {
  if (!isMapping(value)) return false;
  const has = (key: string) => Object.prototype.hasOwnProperty.call(value, key);
  if (kind === 'detection') return has('condition');
  if (kind === 'correlation') return has('type') && has('rules');
  return has('rules') && has('condition');
}
