import type { CatalogIndex } from '../attack/catalog-index.js';
import { compareFindings, type Finding } from '../findings/finding.js';
import { makeFinding } from '../findings/make-finding.js';
import type { CoverageLevel, CoverageType } from '../gaps/gap-report.js';
import { canonicalPlatforms } from './attack-platforms.js';
import { compareAttackVersions } from './compare-attack-versions.js';
import { unusableScopeSource } from './empty-scope-source.js';
import { excludes } from './excludes.js';
import type { ParsedDocument } from './parse-yaml-with-positions.js';
import { readHours } from './read-hours.js';
import { resolveScopeEntries, resolveTechniqueId } from './resolve-scope-entries.js';
import { lazyPosition, type CoverageClaim, type Exclusion, type RawScopeEntry, type ResponseAction, type ScopeParseOptions, type ScopeSource, type ScopeStatus, type Sla, type TelemetrySource } from './scope-source.js';
import { sourceSlug } from './source-slug.js';
import { unknownPlatformFinding } from './unknown-platform-finding.js';
import { validateScopeSchema } from './validate-scope-schema.js';

/** The covmap scope file as the schema describes it (only read after validation). */
interface ScopeDocument {
  provider: { name: string; id?: string };
  contract: { id: string; effective_from: string; effective_to?: string };
  attack: { domain: string; version: string | number };
  hours: unknown;
  telemetry: { id: string; type: string; name?: string; platforms: string[]; logsources?: { product?: string; category?: string; service?: string }[] }[];
  techniques: {
    id: string;
    name?: string;
    tactics?: string[];
    status?: ScopeStatus;
    coverage?: { type: CoverageType; level: CoverageLevel; telemetry?: string[]; actions?: string[]; hours?: unknown }[];
    include_subtechniques?: boolean;
    evidence?: string | string[];
    planned?: string;
    reason?: string;
    comment?: string;
  }[];
  exclusions?: { techniques?: string[]; platforms?: string[]; tactics?: string[]; reason: string }[];
  response_actions?: { id: string; name: string; automated?: boolean; requires_approval?: boolean }[];
  sla?: Sla;
}

/**
 * Reads a covmap scope file (schema covmap/scope@1, see data/schema/covmap-scope.schema.json).
 * Syntax, schema, hours and domain errors make the whole file unusable (its content cannot be
 * trusted); problems with single entries drop or adjust just those entries, each with a finding.
 */
export function parseCovmapScope(doc: ParsedDocument, options: ScopeParseOptions): ScopeSource {
  const { index, file, year } = options;
  const diagnostics: Finding[] = [];
  const locate = doc.locate;
  const where = (path: readonly (string | number)[], part: 'key' | 'value' = 'value') => ({ file, ...locate(path, part) });
  const unusable = (name: string, idHint: string): ScopeSource => unusableScopeSource({ kind: 'covmap-scope', file, name, idHint }, year, diagnostics);

  for (const p of doc.problems) {
    diagnostics.push(makeFinding(p.severity === 'error' ? 'SCOPE_YAML_SYNTAX' : 'SCOPE_YAML_WARNING', { file, line: p.line, column: p.column }, { detail: p.detail }));
  }
  const rawName = nameOf(doc.value) ?? file;
  if (doc.problems.some((p) => p.severity === 'error')) return unusable(rawName, sourceSlug(rawName));
  // Schema errors inside one technique entry drop that entry; anywhere else the file is unusable.
  const schemaFindings = validateScopeSchema(doc.value, file, locate);
  diagnostics.push(...schemaFindings);
  const badEntries = new Set<number>();
  for (const f of schemaFindings) {
    if (f.severity !== 'error') continue;
    const entry = /^\/techniques\/(\d+)(\/|$)/.exec(String(f.data?.path ?? ''));
    if (!entry) return unusable(rawName, sourceSlug(rawName));
    badEntries.add(Number(entry[1]));
  }

  const scope = doc.value as ScopeDocument;
  const name = scope.provider.name;
  const idHint = scope.provider.id ?? sourceSlug(name);
  const declaredVersion = String(scope.attack.version);
  if (scope.attack.domain !== index.catalog.domain) {
    diagnostics.push(makeFinding('SCOPE_DOMAIN_MISMATCH', where(['attack', 'domain']), { declared: scope.attack.domain, expected: index.catalog.domain }));
    return unusable(name, idHint);
  }
  const order = compareAttackVersions(declaredVersion, index.catalog.version);
  if (order > 0) diagnostics.push(makeFinding('SCOPE_ATTACK_VERSION_NEWER', where(['attack', 'version']), { declared: declaredVersion, catalog: index.catalog.version }));
  if (order < 0) diagnostics.push(makeFinding('SCOPE_ATTACK_VERSION_OLDER', where(['attack', 'version']), { declared: declaredVersion, catalog: index.catalog.version }));

  const hoursRead = readHours(scope.hours, ['hours'], { file, locate, year });
  diagnostics.push(...hoursRead.diagnostics);
  if (!hoursRead.hours) return unusable(name, idHint);

  const { effective_from: from, effective_to: to } = scope.contract;
  if (to !== undefined && to < from) diagnostics.push(makeFinding('SCOPE_INVALID_CONTRACT_DATES', where(['contract', 'effective_to']), { from, to }));

  // Telemetry sources, with ATT&CK's platform spelling.
  const telemetry: TelemetrySource[] = [];
  const telemetryLines = new Map<string, number>();
  scope.telemetry.forEach((t, i) => {
    const pos = locate(['telemetry', i]);
    const first = telemetryLines.get(t.id);
    if (first !== undefined) {
      diagnostics.push(makeFinding('SCOPE_DUPLICATE_ID', where(['telemetry', i, 'id']), { kind: 'telemetry', id: t.id, firstLine: first }));
      return;
    }
    telemetryLines.set(t.id, pos.line);
    telemetry.push({
      id: t.id,
      type: t.type,
      ...(t.name !== undefined ? { name: t.name } : {}),
      platforms: readPlatforms(t.platforms, ['telemetry', i, 'platforms'], index, where, diagnostics),
      logsources: t.logsources ?? [],
      line: pos.line,
    });
  });

  const responseActions: ResponseAction[] = [];
  const actionLines = new Map<string, number>();
  (scope.response_actions ?? []).forEach((a, i) => {
    const first = actionLines.get(a.id);
    if (first !== undefined) {
      diagnostics.push(makeFinding('SCOPE_DUPLICATE_ID', where(['response_actions', i, 'id']), { kind: 'response action', id: a.id, firstLine: first }));
      return;
    }
    actionLines.set(a.id, locate(['response_actions', i]).line);
    responseActions.push({
      id: a.id,
      name: a.name,
      ...(a.automated !== undefined ? { automated: a.automated } : {}),
      ...(a.requires_approval !== undefined ? { requiresApproval: a.requires_approval } : {}),
    });
  });

  // Technique entries.
  const raw: RawScopeEntry[] = [];
  scope.techniques.forEach((t, i) => {
    if (badEntries.has(i)) return;
    const status = t.status ?? 'in-scope';
    const claims: CoverageClaim[] = [];
    (t.coverage ?? []).forEach((c, j) => {
      const claimPath = ['techniques', i, 'coverage', j];
      const refs = (kind: 'telemetry' | 'response action', ids: readonly string[] | undefined, known: ReadonlyMap<string, number>, field: string) =>
        (ids ?? []).filter((id, k) => {
          if (known.has(id)) return true;
          diagnostics.push(makeFinding('SCOPE_UNKNOWN_REFERENCE', where([...claimPath, field, k]), { kind, id, known: [...known.keys()] }));
          return false;
        });
      const claimTelemetry = refs('telemetry', c.telemetry, telemetryLines, 'telemetry');
      const claimActions = refs('response action', c.actions, actionLines, 'actions');
      let claimHours;
      if (c.hours !== undefined) {
        const read = readHours(c.hours, [...claimPath, 'hours'], { file, locate, year });
        diagnostics.push(...read.diagnostics);
        claimHours = read.hours;
      }
      claims.push({
        type: c.type,
        level: c.level,
        ...(claimTelemetry.length > 0 ? { telemetry: claimTelemetry } : {}),
        ...(claimActions.length > 0 ? { actions: claimActions } : {}),
        ...(claimHours ? { hours: claimHours } : {}),
      });
    });
    if (status === 'in-scope' && claims.length === 0) {
      diagnostics.push(makeFinding('SCOPE_NO_COVERAGE_ENTRIES', where(['techniques', i]), { id: t.id }));
    }
    raw.push({
      declaredId: t.id,
      at: lazyPosition(locate, ['techniques', i, 'id']),
      ...(t.name !== undefined ? { name: t.name } : {}),
      tactics: t.tactics ?? [],
      status,
      claims,
      ...(t.comment !== undefined ? { comment: t.comment } : {}),
      ...(t.evidence !== undefined ? { evidence: typeof t.evidence === 'string' ? [t.evidence] : t.evidence } : {}),
      ...(t.reason !== undefined ? { reason: t.reason } : {}),
      ...(t.planned !== undefined ? { planned: t.planned } : {}),
      ...(t.include_subtechniques ? { includeSubtechniques: true } : {}),
    });
  });
  const resolved = resolveScopeEntries(raw, { index, file, duplicates: 'technique', coverage: 'claims' });
  diagnostics.push(...resolved.diagnostics);

  // Exclusions: IDs resolved like entries; platforms and tactics in ATT&CK spelling.
  const exclusions: Exclusion[] = [];
  (scope.exclusions ?? []).forEach((x, i) => {
    const techniques: string[] = [];
    (x.techniques ?? []).forEach((id, k) => {
      const t = resolveTechniqueId(id, index, where(['exclusions', i, 'techniques', k]), diagnostics);
      if (t && !techniques.includes(t.id)) techniques.push(t.id);
    });
    const tactics: string[] = [];
    (x.tactics ?? []).forEach((name, k) => {
      const tactic = index.tactic(name);
      if (tactic) tactics.push(tactic.shortname);
      else diagnostics.push(makeFinding('SCOPE_UNKNOWN_TACTIC', where(['exclusions', i, 'tactics', k]), { tactic: name }));
    });
    exclusions.push({
      techniques,
      platforms: readPlatforms(x.platforms ?? [], ['exclusions', i, 'platforms'], index, where, diagnostics),
      tactics,
      reason: x.reason,
      line: locate(['exclusions', i]).line,
    });
  });
  const excludedPlatforms = new Set(exclusions.flatMap((x) => x.platforms));
  const platforms = [...new Set(telemetry.flatMap((t) => t.platforms))].filter((p) => !excludedPlatforms.has(p)).sort();

  // An exclusion wins over an in-scope entry; the contradiction is reported where the entry is.
  const techniques = resolved.techniques.map((t) => {
    const exclusion = exclusions.find((x) => excludes(x, t.id, index));
    if (!exclusion) return t;
    if (t.status === 'in-scope' && t.claims.length > 0) {
      diagnostics.push(
        makeFinding('SCOPE_CONFLICTING_ENTRIES', { file, ...t.at() }, {
          id: t.id,
          firstLine: exclusion.line,
          field: 'status',
          first: 'excluded',
          second: 'in-scope',
          kept: 'excluded',
        }),
      );
    }
    return { ...t, status: 'excluded' as const, covered: false, reason: t.reason ?? exclusion.reason };
  });

  // Telemetry reality inside the scope: declared detection with no telemetry from its platforms.
  const byId = new Map(telemetry.map((t) => [t.id, t]));
  const checked = techniques.map((t) => {
    if (!t.covered) return t;
    const technique = index.technique(t.id);
    if (!technique || technique.platforms.length === 0) return t;
    // Backed when at least one detection claim relies on telemetry that sees one of its platforms.
    const seenBy = (claim: CoverageClaim) => {
      const sources = claim.telemetry ? claim.telemetry.map((id) => byId.get(id)).filter((s): s is TelemetrySource => s !== undefined) : telemetry;
      return sources.flatMap((s) => s.platforms).filter((p) => !excludedPlatforms.has(p));
    };
    const claims = t.claims.filter((c) => c.type !== 'protect');
    if (!claims.some((c) => seenBy(c).some((p) => technique.platforms.includes(p)))) {
      const seen = [...new Set(claims.flatMap(seenBy))].sort();
      diagnostics.push(makeFinding('SCOPE_TECHNIQUE_OUTSIDE_TELEMETRY', { file, ...t.at() }, { id: t.id, platforms: technique.platforms, telemetryPlatforms: seen }));
      return { ...t, unbacked: true };
    }
    return t;
  });

  if (scope.techniques.length === 0) {
    diagnostics.push(makeFinding('SCOPE_EMPTY', where(['techniques']), { kind: 'scope file' }));
  } else if (!techniques.some((t) => t.covered)) {
    diagnostics.push(makeFinding('SCOPE_NOTHING_IN_SCOPE', where(['techniques']), { entries: scope.techniques.length }));
  }

  return {
    kind: 'covmap-scope',
    file,
    name,
    idHint,
    attack: { domain: scope.attack.domain, version: declaredVersion },
    contract: { id: scope.contract.id, effectiveFrom: from, ...(to !== undefined ? { effectiveTo: to } : {}) },
    hours: hoursRead.hours,
    platforms,
    telemetry,
    responseActions,
    exclusions,
    ...(scope.sla ? { sla: scope.sla } : {}),
    techniques: checked,
    entries: scope.techniques.length,
    ignored: {},
    usable: true,
    diagnostics: [...diagnostics].sort(compareFindings),
  };
}

/** Platform names in ATT&CK's spelling; each unknown one is a finding at its place in the file. */
function readPlatforms(
  names: readonly string[],
  path: readonly (string | number)[],
  index: CatalogIndex,
  where: (path: readonly (string | number)[]) => { file: string; line: number; column: number },
  diagnostics: Finding[],
): string[] {
  return canonicalPlatforms(index, names, (name, i) => diagnostics.push(unknownPlatformFinding(index, name, where([...path, i]))));
}

function nameOf(value: unknown): string | undefined {
  const provider = (value as { provider?: { name?: unknown } } | undefined)?.provider;
  return typeof provider?.name === 'string' && provider.name !== '' ? provider.name : undefined;
}
