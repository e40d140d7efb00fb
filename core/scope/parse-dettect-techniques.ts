import { compareFindings, type Finding } from '../findings/finding.js';
import { makeFinding } from '../findings/make-finding.js';
import { attackPlatforms, canonicalPlatform } from './attack-platforms.js';
import { emptyScopeSource, unusableScopeSource } from './empty-scope-source.js';
import type { ParsedDocument } from './parse-yaml-with-positions.js';
import { resolveScopeEntries } from './resolve-scope-entries.js';
import { lazyPosition, type RawScopeEntry, type ScopeParseOptions, type ScopeSource } from './scope-source.js';
import { sourceSlug } from './source-slug.js';
import { unknownPlatformFinding } from './unknown-platform-finding.js';
import { valueTypeName } from '../findings/value-type-name.js';

export const DETTECT_TECHNIQUE_FILE_TYPE = 'technique-administration';

/**
 * Reads a DeTT&CT technique administration file. A technique counts when its latest detection
 * score is 1 or more: per detection object the score_logbook entry with the latest date (undated
 * entries are older than dated ones; the logbook is not always newest-first), then the best over
 * the objects (one per `applicable_to` system group). Usable as a provider scope or, with
 * --inhouse, for our own side.
 */
export function parseDettectTechniques(doc: ParsedDocument, options: ScopeParseOptions): ScopeSource {
  const { index, file, year } = options;
  const diagnostics: Finding[] = [];
  const where = (path: readonly (string | number)[]) => ({ file, ...doc.locate(path) });
  const root = doc.value as Record<string, unknown> | undefined;
  const name = typeof root?.name === 'string' && root.name.trim() !== '' ? `DeTT&CT ${root.name.trim()}` : file;
  const base = emptyScopeSource({ kind: 'dettect', file, name, idHint: sourceSlug(typeof root?.name === 'string' && root.name.trim() !== '' ? root.name : 'dettect') }, year);
  const unusable = (): ScopeSource => unusableScopeSource(base, year, diagnostics);

  for (const p of doc.problems) {
    diagnostics.push(makeFinding(p.severity === 'error' ? 'SCOPE_YAML_SYNTAX' : 'SCOPE_YAML_WARNING', { file, line: p.line, column: p.column }, { detail: p.detail }));
  }
  if (doc.problems.some((p) => p.severity === 'error')) return unusable();
  if (!root || typeof root !== 'object' || Array.isArray(root)) {
    diagnostics.push(makeFinding('SCOPE_WRONG_TYPE', where([]), { path: '', expected: 'object', actual: valueTypeName(root) }));
    return unusable();
  }
  if (root.file_type !== DETTECT_TECHNIQUE_FILE_TYPE) {
    diagnostics.push(makeFinding('SCOPE_DETTECT_FILE_TYPE', where(['file_type']), { fileType: String(root.file_type ?? '(none)') }));
    return unusable();
  }
  // DeTT&CT files before format 1.2 had no domain; DeTT&CT itself reads them as Enterprise.
  const domain = typeof root.domain === 'string' ? root.domain : 'enterprise-attack';
  if (domain !== index.catalog.domain) {
    diagnostics.push(makeFinding('SCOPE_DOMAIN_MISMATCH', where(['domain']), { declared: domain, expected: index.catalog.domain }));
    return unusable();
  }

  const platforms: string[] = [];
  const declaredPlatforms = typeof root.platform === 'string' ? [root.platform] : Array.isArray(root.platform) ? root.platform : [];
  declaredPlatforms.forEach((p: unknown, i: number) => {
    if (typeof p !== 'string') return;
    if (p.toLowerCase() === 'all') {
      platforms.push(...attackPlatforms(index).values());
      return;
    }
    const canonical = canonicalPlatform(index, p);
    if (canonical) platforms.push(canonical);
    else diagnostics.push(unknownPlatformFinding(index, p, where(typeof root.platform === 'string' ? ['platform'] : ['platform', i])));
  });

  const techniques = root.techniques;
  if (techniques === undefined || techniques === null || (Array.isArray(techniques) && techniques.length === 0)) {
    diagnostics.push(makeFinding('SCOPE_EMPTY', where(techniques === undefined ? [] : ['techniques']), { kind: 'DeTT&CT technique administration file' }));
    return { ...base, attack: { domain }, platforms: unique(platforms), techniques: [], entries: 0, ignored: {}, usable: true, diagnostics: [...diagnostics].sort(compareFindings) };
  }
  if (!Array.isArray(techniques)) {
    diagnostics.push(makeFinding('SCOPE_WRONG_TYPE', where(['techniques']), { path: '/techniques', expected: 'array', actual: valueTypeName(techniques) }));
    return unusable();
  }

  const raw: RawScopeEntry[] = [];
  let belowOne = 0;
  let malformed = 0;
  techniques.forEach((entry: unknown, i: number) => {
    const path = ['techniques', i];
    const wrong = (p: readonly (string | number)[], expected: string, actual: unknown) => {
      diagnostics.push(makeFinding('SCOPE_WRONG_TYPE', where(p), { path: `/${p.join('/')}`, expected, actual: valueTypeName(actual) }));
      malformed++;
    };
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return wrong(path, 'object', entry);
    const t = entry as Record<string, unknown>;
    if (typeof t.technique_id !== 'string') {
      if (t.technique_id === undefined) {
        diagnostics.push(makeFinding('SCOPE_MISSING_FIELD', where(path), { field: 'technique_id', path: `/techniques/${i}` }));
        malformed++;
        return;
      }
      return wrong([...path, 'technique_id'], 'string', t.technique_id);
    }
    if (t.detection === undefined || t.detection === null) {
      diagnostics.push(makeFinding('SCOPE_MISSING_FIELD', where(path), { field: 'detection', path: `/techniques/${i}` }));
      malformed++;
      return;
    }
    const detections = Array.isArray(t.detection) ? t.detection : [t.detection];
    let best: number | undefined;
    let where_: string[] = [];
    for (const [j, d] of detections.entries()) {
      const dPath = Array.isArray(t.detection) ? [...path, 'detection', j] : [...path, 'detection'];
      if (d === null || typeof d !== 'object' || Array.isArray(d)) return wrong(dPath, 'object', d);
      const logbook = (d as Record<string, unknown>).score_logbook;
      if (!Array.isArray(logbook)) return wrong([...dPath, 'score_logbook'], 'array', logbook);
      const latest = latestScore(logbook);
      if (latest === 'malformed') return wrong([...dPath, 'score_logbook'], 'array', logbook);
      if (latest !== undefined && (best === undefined || latest > best)) {
        best = latest;
        const location = (d as Record<string, unknown>).location;
        where_ = Array.isArray(location) ? location.filter((x): x is string => typeof x === 'string') : [];
      }
    }
    if (best === undefined || best < 1) {
      belowOne++;
      return;
    }
    raw.push({
      declaredId: t.technique_id,
      at: lazyPosition(doc.locate, [...path, 'technique_id']),
      tactics: [],
      status: 'in-scope',
      claims: [],
      score: best,
      ...(where_.length > 0 ? { comment: where_.join(', ') } : {}),
    });
  });
  if (belowOne > 0) diagnostics.push(makeFinding('SCOPE_ENTRIES_NOT_IN_SCOPE', where(['techniques']), { count: belowOne, why: 'latest detection score below 1' }));
  const resolved = resolveScopeEntries(raw, { index, file, duplicates: 'technique', coverage: 'listed' });
  diagnostics.push(...resolved.diagnostics);
  if (!resolved.techniques.some((t) => t.covered)) diagnostics.push(makeFinding('SCOPE_NOTHING_IN_SCOPE', where(['techniques']), { entries: techniques.length }));
  diagnostics.push(makeFinding('SCOPE_HOURS_ASSUMED', { file }, { kind: 'DeTT&CT file' }));
  return {
    ...base,
    attack: { domain },
    platforms: unique(platforms),
    techniques: resolved.techniques,
    entries: techniques.length,
    ignored: { ...(belowOne ? { belowOne } : {}), ...(malformed ? { malformed } : {}) },
    usable: true,
    diagnostics: [...diagnostics].sort(compareFindings),
  };
}

/** Score of the latest-dated logbook entry; undefined for an empty logbook. */
function latestScore(logbook: readonly unknown[]): number | undefined | 'malformed' {
  let best: { time: number; score: number } | undefined;
  for (const item of logbook) {
    if (item === null || typeof item !== 'object') return 'malformed';
    const { date, score } = item as { date?: unknown; score?: unknown };
    if (typeof score !== 'number') return 'malformed';
    const parsed = typeof date === 'string' ? Date.parse(date) : date instanceof Date ? date.getTime() : Number.NaN;
    const time = Number.isNaN(parsed) ? Number.NEGATIVE_INFINITY : parsed;
    if (!best || time > best.time) best = { time, score };
  }
  return best?.score;
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)].sort();
}
