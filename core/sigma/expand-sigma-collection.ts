import type { Finding } from '../findings/finding.js';
import { makeFinding } from '../findings/make-finding.js';
import { isMapping } from './read-sigma-rule.js';
import type { DocumentSpan } from './yaml-text-layout.js';

/** One YAML document of a file with the span of source text it came from. */
export interface SourceDocument {
  /** 1-based document number. */
  readonly number: number;
  readonly value: unknown;
  readonly span: DocumentSpan;
}

/** A mapping to read as a rule, with the document each top-level key was written in. */
export interface RuleCandidate {
  readonly number: number;
  readonly span: DocumentSpan;
  readonly content: Readonly<Record<string, unknown>>;
  /** Where each top-level key was written; absent when all come from `span` (the usual case). */
  readonly origins?: ReadonlyMap<string, DocumentSpan>;
  readonly collection: boolean;
}

export interface Expansion {
  readonly candidates: readonly RuleCandidate[];
  readonly diagnostics: readonly Finding[];
}

/**
 * Turns the documents of a file into rule candidates. Plain documents are candidates as they are
 * (Sigma v2 files may hold several rules, e.g. a correlation and its base rules); Sigma v1
 * collections are expanded as sigmac did: `action: global` content is deep-merged into every
 * later rule, `reset` drops it, `repeat` re-issues the previous rule merged with the document.
 */
export function expandSigmaCollection(
  documents: readonly SourceDocument[],
  actionPosition: (doc: SourceDocument) => { line: number; column: number },
): Expansion {
  const candidates: RuleCandidate[] = [];
  const diagnostics: Finding[] = [];
  let global: Record<string, unknown> | undefined;
  let globalOrigins = new Map<string, DocumentSpan>();
  let previous: RuleCandidate | undefined;
  let warned = false;

  for (const doc of documents) {
    if (doc.value === null || doc.value === undefined) continue;
    if (!isMapping(doc.value)) {
      diagnostics.push(makeFinding('YAML_NOT_A_MAPPING', doc.span.start, { found: Array.isArray(doc.value) ? 'list' : 'single value' }));
      continue;
    }
    const value = doc.value;
    if (!Object.prototype.hasOwnProperty.call(value, 'action')) {
      if (!global) {
        previous = { number: doc.number, span: doc.span, content: value, collection: false };
      } else {
        const origins = new Map(globalOrigins);
        for (const key of Object.keys(value)) origins.set(key, doc.span);
        previous = { number: doc.number, span: doc.span, content: deepMerge(global, value), origins, collection: true };
      }
      candidates.push(previous);
      continue;
    }
    const { action, ...body } = value;
    if (!warned) {
      diagnostics.push(makeFinding('SIGMA_V1_COLLECTION', actionPosition(doc), { action: String(action) }));
      warned = true;
    }
    if (action === 'global') {
      global = deepMerge(global ?? {}, body);
      globalOrigins = new Map(globalOrigins);
      for (const key of Object.keys(body)) globalOrigins.set(key, doc.span);
    } else if (action === 'reset') {
      global = undefined;
      globalOrigins = new Map();
    } else if (action === 'repeat') {
      if (!previous) {
        diagnostics.push(makeFinding('SIGMA_REPEAT_WITHOUT_RULE', actionPosition(doc)));
        continue;
      }
      const origins = new Map(previous.origins ?? Object.keys(previous.content).map((key) => [key, previous!.span] as const));
      for (const key of Object.keys(body)) origins.set(key, doc.span);
      previous = { number: doc.number, span: doc.span, content: deepMerge(previous.content, body), origins, collection: true };
      candidates.push(previous);
    } else {
      diagnostics.push(makeFinding('SIGMA_ACTION_UNKNOWN', actionPosition(doc), { action: String(action) }));
    }
  }
  return { candidates, diagnostics };
}

/** Mappings merge key by key, recursively; any other value of `over` replaces the base value. */
function deepMerge(base: Readonly<Record<string, unknown>>, over: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isMapping(current) && isMapping(value) ? deepMerge(current, value) : value;
  }
  return out;
}
