import { compareFindings, type Finding } from '../findings/finding.js';
import { makeFinding } from '../findings/make-finding.js';
import type { CoverageLevel, CoverageType } from '../gaps/gap-report.js';
import { compareAttackVersions } from './compare-attack-versions.js';
import { emptyScopeSource, unusableScopeSource } from './empty-scope-source.js';
import type { ParsedDocument } from './parse-yaml-with-positions.js';
import { resolveScopeEntries } from './resolve-scope-entries.js';
import { lazyPosition, type RawScopeEntry, type ScopeParseOptions, type ScopeSource } from './scope-source.js';
import { sourceSlug } from './source-slug.js';
import { valueTypeName } from '../findings/value-type-name.js';

/** Both spellings exist in CTID's own files: M365 uses the singular. */
const MAPPING_TYPES = ['technique_scores', 'technique_score'];
const CATEGORIES: readonly CoverageType[] = ['detect', 'respond', 'protect'];
const LEVELS: readonly CoverageLevel[] = ['minimal', 'partial', 'significant'];

/**
 * Reads a CTID Mappings Explorer file (security capabilities of AWS, Azure, GCP, M365 mapped to
 * ATT&CK). Every capability mapped to a technique is one claim: detect and respond count as
 * coverage at their score_value, protect is kept for the report but is not detection coverage,
 * non_mappable entries are counted and ignored.
 */
export function parseCtidMappings(doc: ParsedDocument, options: ScopeParseOptions): ScopeSource {
  const { index, file, year } = options;
  const diagnostics: Finding[] = [];
  const where = (path: readonly (string | number)[]) => ({ file, ...doc.locate(path) });
  const root = doc.value as { metadata?: Record<string, unknown>; mapping_objects?: unknown } | undefined;
  const metadata = root?.metadata ?? {};
  const framework = typeof metadata.mapping_framework === 'string' ? metadata.mapping_framework : 'ctid';
  const frameworkVersion = typeof metadata.mapping_framework_version === 'string' ? metadata.mapping_framework_version : '';
  const name = `${framework} (CTID Mappings Explorer${frameworkVersion ? ` ${frameworkVersion}` : ''})`;
  const base = emptyScopeSource({ kind: 'ctid', file, name, idHint: sourceSlug(framework) }, year);
  const unusable = (): ScopeSource => unusableScopeSource(base, year, diagnostics);

  for (const p of doc.problems) diagnostics.push(makeFinding('SCOPE_JSON_SYNTAX', { file, line: p.line, column: p.column }, { detail: p.detail }));
  if (doc.problems.length > 0) return unusable();
  if (!root?.metadata || typeof root.metadata !== 'object') {
    diagnostics.push(makeFinding('SCOPE_MISSING_FIELD', where([]), { field: 'metadata', path: '/' }));
    return unusable();
  }
  const domainName = typeof metadata.technology_domain === 'string' ? metadata.technology_domain : '';
  const domain = domainName.endsWith('-attack') ? domainName : `${domainName}-attack`;
  if (domain !== index.catalog.domain) {
    diagnostics.push(makeFinding('SCOPE_DOMAIN_MISMATCH', where(['metadata', 'technology_domain']), { declared: domainName || '(none)', expected: index.catalog.domain }));
    return unusable();
  }
  const attackVersion = typeof metadata.attack_version === 'string' ? metadata.attack_version : undefined;
  if (attackVersion && /^\d+(\.\d+)?$/.test(attackVersion)) {
    const order = compareAttackVersions(attackVersion, index.catalog.version);
    if (order > 0) diagnostics.push(makeFinding('SCOPE_ATTACK_VERSION_NEWER', where(['metadata', 'attack_version']), { declared: attackVersion, catalog: index.catalog.version }));
    if (order < 0) diagnostics.push(makeFinding('SCOPE_ATTACK_VERSION_OLDER', where(['metadata', 'attack_version']), { declared: attackVersion, catalog: index.catalog.version }));
  }
  const objects = root.mapping_objects;
  if (objects === undefined || (Array.isArray(objects) && objects.length === 0)) {
    diagnostics.push(makeFinding('SCOPE_EMPTY', where(objects === undefined ? [] : ['mapping_objects']), { kind: 'CTID mapping file' }));
    return { ...base, attack: { domain, ...(attackVersion ? { version: attackVersion } : {}) }, techniques: [], entries: 0, ignored: {}, usable: true, diagnostics: [...diagnostics].sort(compareFindings) };
  }
  if (!Array.isArray(objects)) {
    diagnostics.push(makeFinding('SCOPE_WRONG_TYPE', where(['mapping_objects']), { path: '/mapping_objects', expected: 'array', actual: valueTypeName(objects) }));
    return unusable();
  }

  const raw: RawScopeEntry[] = [];
  let nonMappable = 0;
  let unsupported = 0;
  let protect = 0;
  objects.forEach((entry: unknown, i: number) => {
    const path = ['mapping_objects', i];
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      diagnostics.push(makeFinding('SCOPE_WRONG_TYPE', where(path), { path: `/mapping_objects/${i}`, expected: 'object', actual: valueTypeName(entry) }));
      unsupported++;
      return;
    }
    const m = entry as Record<string, unknown>;
    if (m.status === 'non_mappable' || m.mapping_type === 'non_mappable') {
      nonMappable++;
      return;
    }
    const skip = (field: string) => {
      diagnostics.push(makeFinding('SCOPE_UNSUPPORTED_MAPPING', where([...path, field]), { field, value: m[field] === undefined ? '(missing)' : String(m[field]) }));
      unsupported++;
    };
    if (typeof m.mapping_type !== 'string' || !MAPPING_TYPES.includes(m.mapping_type)) return skip('mapping_type');
    if (typeof m.score_category !== 'string' || !CATEGORIES.includes(m.score_category as CoverageType)) return skip('score_category');
    if (typeof m.score_value !== 'string' || !LEVELS.includes(m.score_value as CoverageLevel)) return skip('score_value');
    if (typeof m.attack_object_id !== 'string') {
      diagnostics.push(makeFinding('SCOPE_MISSING_FIELD', where(path), { field: 'attack_object_id', path: `/mapping_objects/${i}` }));
      unsupported++;
      return;
    }
    if (m.score_category === 'protect') protect++;
    raw.push({
      declaredId: m.attack_object_id,
      at: lazyPosition(doc.locate, [...path, 'attack_object_id']),
      tactics: [],
      status: 'in-scope',
      claims: [
        {
          type: m.score_category as CoverageType,
          level: m.score_value as CoverageLevel,
          ...(typeof m.capability_id === 'string' ? { capability: m.capability_id } : {}),
        },
      ],
    });
  });
  const resolved = resolveScopeEntries(raw, { index, file, duplicates: 'aggregate', coverage: 'claims' });
  diagnostics.push(...resolved.diagnostics);
  if (nonMappable > 0) diagnostics.push(makeFinding('SCOPE_NON_MAPPABLE', { file }, { count: nonMappable }));
  if (protect > 0) {
    const protectOnly = resolved.techniques.filter((t) => !t.covered && t.claims.every((c) => c.type === 'protect')).length;
    diagnostics.push(makeFinding('SCOPE_PROTECT_NOT_COVERAGE', { file }, { count: protect, techniques: protectOnly }));
  }
  if (!resolved.techniques.some((t) => t.covered)) diagnostics.push(makeFinding('SCOPE_NOTHING_IN_SCOPE', where(['mapping_objects']), { entries: objects.length }));
  diagnostics.push(makeFinding('SCOPE_HOURS_ASSUMED', { file }, { kind: 'CTID mapping file' }));
  return {
    ...base,
    attack: { domain, ...(attackVersion ? { version: attackVersion } : {}) },
    techniques: resolved.techniques,
    entries: objects.length,
    ignored: { ...(nonMappable ? { nonMappable } : {}), ...(unsupported ? { unsupported } : {}) },
    usable: true,
    diagnostics: [...diagnostics].sort(compareFindings),
  };
}
