import { compareFindings, type Finding } from '../findings/finding.js';
import { makeFinding } from '../findings/make-finding.js';
import { compareAttackVersions } from './compare-attack-versions.js';
import { emptyScopeSource, unusableScopeSource } from './empty-scope-source.js';
import type { ParsedDocument } from './parse-yaml-with-positions.js';
import { resolveScopeEntries } from './resolve-scope-entries.js';
import { lazyPosition, type RawScopeEntry, type ScopeParseOptions, type ScopeSource } from './scope-source.js';
import { sourceSlug } from './source-slug.js';
import { valueTypeName } from '../findings/value-type-name.js';

/** Domain names of layer formats up to 3.0 (mitre-enterprise) and since 4.0 (enterprise-attack). */
const LAYER_DOMAINS: Readonly<Record<string, string>> = {
  'enterprise-attack': 'enterprise-attack',
  'mitre-enterprise': 'enterprise-attack',
  'mobile-attack': 'mobile-attack',
  'mitre-mobile': 'mobile-attack',
  'ics-attack': 'ics-attack',
  'mitre-ics': 'ics-attack',
};
const SUPPORTED_LAYER_VERSIONS = ['3.0', '4.0', '4.1', '4.2', '4.3', '4.4', '4.5'];

/**
 * Reads an ATT&CK Navigator layer, formats 3.0 to 4.5. An entry is in scope when it is not
 * disabled and has a score above 0 or an explicit colour; a technique listed under several
 * tactics is one technique. Layers carry no hours or telemetry, so the source is assumed 24x7 and
 * its platforms are unknown (the layer's platform filter is a view setting, not telemetry).
 */
export function parseNavigatorLayer(doc: ParsedDocument, options: ScopeParseOptions): ScopeSource {
  const { index, file, year } = options;
  const diagnostics: Finding[] = [];
  const where = (path: readonly (string | number)[], part: 'key' | 'value' = 'value') => ({ file, ...doc.locate(path, part) });
  const layer = doc.value as Record<string, unknown> | undefined;
  const name = typeof layer?.name === 'string' && layer.name.trim() !== '' ? layer.name.trim() : file;
  const base = emptyScopeSource({ kind: 'navigator', file, name, idHint: sourceSlug(name) }, year);
  const unusable = (): ScopeSource => unusableScopeSource(base, year, diagnostics);

  for (const p of doc.problems) diagnostics.push(makeFinding('SCOPE_JSON_SYNTAX', { file, line: p.line, column: p.column }, { detail: p.detail }));
  if (doc.problems.length > 0) return unusable();
  if (layer === null || typeof layer !== 'object' || Array.isArray(layer)) {
    diagnostics.push(makeFinding('SCOPE_WRONG_TYPE', where([]), { path: '', expected: 'object', actual: valueTypeName(layer) }));
    return unusable();
  }

  // Domain: required by every layer format; an unknown or other domain makes the IDs incomparable.
  if (typeof layer.domain !== 'string') {
    diagnostics.push(makeFinding('SCOPE_MISSING_FIELD', where([]), { field: 'domain', path: '/' }));
    return unusable();
  }
  const domain = LAYER_DOMAINS[layer.domain];
  if (domain !== index.catalog.domain) {
    diagnostics.push(makeFinding('SCOPE_DOMAIN_MISMATCH', where(['domain']), { declared: layer.domain, expected: index.catalog.domain }));
    return unusable();
  }

  const versions = (typeof layer.versions === 'object' && layer.versions !== null ? layer.versions : {}) as Record<string, unknown>;
  const layerVersion = String(versions.layer ?? layer.version ?? '');
  if (!SUPPORTED_LAYER_VERSIONS.includes(layerVersion)) {
    diagnostics.push(
      makeFinding('SCOPE_LAYER_VERSION_UNSUPPORTED', where(versions.layer !== undefined ? ['versions', 'layer'] : ['version']), {
        version: layerVersion || '(none)',
        supported: SUPPORTED_LAYER_VERSIONS,
      }),
    );
  }
  const attackVersion = typeof versions.attack === 'string' || typeof versions.attack === 'number' ? String(versions.attack) : undefined;
  if (attackVersion !== undefined && /^\d+(\.\d+)?$/.test(attackVersion)) {
    const order = compareAttackVersions(attackVersion, index.catalog.version);
    if (order > 0) diagnostics.push(makeFinding('SCOPE_ATTACK_VERSION_NEWER', where(['versions', 'attack']), { declared: attackVersion, catalog: index.catalog.version }));
    // A layer saying "18" is the same release family as catalog 18.1; only older majors migrate.
    if (order < 0 && compareAttackVersions(attackVersion, index.catalog.version.split('.')[0]!) < 0) {
      diagnostics.push(makeFinding('SCOPE_ATTACK_VERSION_OLDER', where(['versions', 'attack']), { declared: attackVersion, catalog: index.catalog.version }));
    }
  }

  if (layer.techniques === undefined || (Array.isArray(layer.techniques) && layer.techniques.length === 0)) {
    diagnostics.push(makeFinding('SCOPE_EMPTY', where(layer.techniques === undefined ? [] : ['techniques']), { kind: 'Navigator layer' }));
    return { ...base, ...(attackVersion ? { attack: { domain, version: attackVersion } } : {}), techniques: [], entries: 0, ignored: {}, usable: true, diagnostics: [...diagnostics].sort(compareFindings) };
  }
  if (!Array.isArray(layer.techniques)) {
    diagnostics.push(makeFinding('SCOPE_WRONG_TYPE', where(['techniques']), { path: '/techniques', expected: 'array', actual: valueTypeName(layer.techniques) }));
    return unusable();
  }

  const raw: RawScopeEntry[] = [];
  let disabled = 0;
  let unscored = 0;
  let malformed = 0;
  layer.techniques.forEach((entry: unknown, i: number) => {
    const path = ['techniques', i];
    const bad = (field: string, expected: string, actual: unknown) => {
      diagnostics.push(makeFinding('SCOPE_WRONG_TYPE', where([...path, field]), { path: `/techniques/${i}/${field}`, expected, actual: valueTypeName(actual) }));
      malformed++;
    };
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      diagnostics.push(makeFinding('SCOPE_WRONG_TYPE', where(path), { path: `/techniques/${i}`, expected: 'object', actual: valueTypeName(entry) }));
      malformed++;
      return;
    }
    const e = entry as Record<string, unknown>;
    if (e.techniqueID === undefined) {
      diagnostics.push(makeFinding('SCOPE_MISSING_FIELD', where(path), { field: 'techniqueID', path: `/techniques/${i}` }));
      malformed++;
      return;
    }
    if (typeof e.techniqueID !== 'string') return bad('techniqueID', 'string', e.techniqueID);
    if (e.score !== undefined && e.score !== null && typeof e.score !== 'number') return bad('score', 'number', e.score);
    if (e.color !== undefined && typeof e.color !== 'string') return bad('color', 'string', e.color);
    if (e.enabled !== undefined && typeof e.enabled !== 'boolean') return bad('enabled', 'boolean', e.enabled);
    if (e.tactic !== undefined && typeof e.tactic !== 'string') return bad('tactic', 'string', e.tactic);
    if (e.enabled === false) {
      disabled++;
      return;
    }
    const score = typeof e.score === 'number' ? e.score : undefined;
    const coloured = typeof e.color === 'string' && e.color.trim() !== '';
    if (!((score !== undefined && score > 0) || coloured)) {
      unscored++;
      return;
    }
    raw.push({
      declaredId: e.techniqueID,
      at: lazyPosition(doc.locate, [...path, 'techniqueID']),
      tactics: typeof e.tactic === 'string' && e.tactic !== '' ? [e.tactic] : [],
      status: 'in-scope',
      claims: [],
      ...(score !== undefined ? { score } : {}),
      ...(typeof e.comment === 'string' && e.comment !== '' ? { comment: e.comment } : {}),
    });
  });
  const notCounted = disabled + unscored;
  if (notCounted > 0) {
    const why = [disabled ? `${disabled} disabled` : '', unscored ? `${unscored} without a score above 0 or a colour` : ''].filter(Boolean).join(', ');
    diagnostics.push(makeFinding('SCOPE_ENTRIES_NOT_IN_SCOPE', where(['techniques']), { count: notCounted, why }));
  }
  const resolved = resolveScopeEntries(raw, { index, file, duplicates: 'technique+tactics', coverage: 'listed' });
  diagnostics.push(...resolved.diagnostics);
  if (!resolved.techniques.some((t) => t.covered)) {
    diagnostics.push(makeFinding('SCOPE_NOTHING_IN_SCOPE', where(['techniques']), { entries: layer.techniques.length }));
  }
  diagnostics.push(makeFinding('SCOPE_HOURS_ASSUMED', { file }, { kind: 'Navigator layer' }));
  return {
    ...base,
    ...(attackVersion ? { attack: { domain, version: attackVersion } } : { attack: { domain } }),
    techniques: resolved.techniques,
    entries: layer.techniques.length,
    ignored: { ...(disabled ? { disabled } : {}), ...(unscored ? { unscored } : {}), ...(malformed ? { malformed } : {}) },
    usable: true,
    diagnostics: [...diagnostics].sort(compareFindings),
  };
}
