import type { CatalogIndex } from '../attack/catalog-index.js';
import type { Technique } from '../attack/catalog.js';
import { compareStrings } from '../compare-strings.js';
import type { Finding, FindingLocation } from '../findings/finding.js';
import { makeFinding } from '../findings/make-finding.js';
import type { CoverageLevel } from '../gaps/gap-report.js';
import type { CoverageClaim, RawScopeEntry, ScopeStatus, ScopeTechnique } from './scope-source.js';

/**
 * How repeated IDs are treated: a covmap scope or DeTT&CT file lists each technique once, so a
 * repeat is a duplicate (or a conflict); Navigator lists a technique once per tactic, so only a
 * repeat for the same tactic is; CTID maps many capabilities to one technique, so entries add up.
 */
export type DuplicatePolicy = 'technique' | 'technique+tactics' | 'aggregate';

export interface ResolveContext {
  readonly index: CatalogIndex;
  readonly file: string;
  readonly duplicates: DuplicatePolicy;
  /**
   * What makes an entry coverage: 'claims' (covmap scope, CTID) needs an in-scope entry with a
   * detect, respond or hunt claim; 'listed' (Navigator, DeTT&CT: the parser only passes entries
   * that count) needs the entry to be in scope.
   */
  readonly coverage: 'claims' | 'listed';
}

const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/i;
const STATUS_RANK: Record<ScopeStatus, number> = { 'in-scope': 0, roadmap: 1, excluded: 2 };
export const LEVEL_RANK: Record<CoverageLevel, number> = { minimal: 1, partial: 2, significant: 3 };

interface Resolved {
  readonly raw: RawScopeEntry;
  readonly id: string;
  readonly tactics: readonly string[];
  readonly deprecated: boolean;
  readonly expanded: boolean;
}

/**
 * Turns the IDs a parser read into current techniques: invalid and unknown IDs are errors, revoked
 * ones migrate to their replacement (warning), deprecated ones are kept but flagged, tactics are
 * checked, and repeated techniques are merged with a diagnostic. Nothing is dropped silently.
 */
export function resolveScopeEntries(raw: readonly RawScopeEntry[], ctx: ResolveContext): { techniques: ScopeTechnique[]; diagnostics: Finding[] } {
  const { index, file } = ctx;
  const diagnostics: Finding[] = [];
  const version = index.catalog.version;
  const resolved: Resolved[] = [];
  for (const entry of raw) {
    const where = () => ({ file, ...entry.at() });
    const resolvedId = resolveTechniqueId(entry.declaredId, index, where, diagnostics, entry.name);
    if (!resolvedId) continue;
    const current = resolvedId;
    if (current.deprecated) {
      diagnostics.push(makeFinding('SCOPE_TECHNIQUE_DEPRECATED', where(), { id: current.id, name: current.name, version }));
    }
    const tactics: string[] = [];
    for (const t of entry.tactics) {
      const tactic = index.tactic(t);
      if (!tactic) {
        diagnostics.push(makeFinding('SCOPE_UNKNOWN_TACTIC', where(), { tactic: t }));
      } else if (!current.tactics.includes(tactic.shortname)) {
        diagnostics.push(makeFinding('SCOPE_TACTIC_MISMATCH', where(), { id: current.id, tactic: tactic.shortname, tactics: current.tactics }));
      } else if (!tactics.includes(tactic.shortname)) {
        tactics.push(tactic.shortname);
      }
    }
    resolved.push({ raw: entry, id: current.id, tactics, deprecated: current.deprecated, expanded: false });
    if (entry.includeSubtechniques) {
      for (const sub of index.subtechniques(current.id)) {
        // Sub-techniques inherit the entry but not its tactic filter unless they share the tactic.
        const subTactics = tactics.filter((t) => sub.tactics.includes(t));
        resolved.push({ raw: entry, id: sub.id, tactics: subTactics, deprecated: false, expanded: true });
      }
    }
  }

  // Group by current ID, keeping the order of first appearance for line numbers.
  const groups = new Map<string, Resolved[]>();
  for (const r of resolved) {
    const list = groups.get(r.id) ?? [];
    list.push(r);
    groups.set(r.id, list);
  }
  const techniques: ScopeTechnique[] = [];
  for (const [id, all] of groups) {
    // An explicit entry replaces what include_subtechniques expanded from its parent.
    const explicit = all.filter((r) => !r.expanded);
    const list = explicit.length > 0 ? explicit : all.slice(0, 1);
    techniques.push(merge(id, list, ctx, diagnostics));
  }
  techniques.sort((a, b) => compareStrings(a.id, b.id));
  return { techniques, diagnostics };
}

/**
 * One ID to its current technique, with the diagnostics every scope format shares: invalid,
 * unknown, revoked without replacement (undefined) or migrated (the replacement), and a name check
 * when the input also gives a name.
 */
export function resolveTechniqueId(
  id: string,
  index: CatalogIndex,
  at: FindingLocation | (() => FindingLocation),
  diagnostics: Finding[],
  declaredName?: string,
): Technique | undefined {
  const where = () => (typeof at === 'function' ? at() : at);
  const declared = id.trim();
  if (!TECHNIQUE_ID.test(declared)) {
    diagnostics.push(makeFinding('SCOPE_INVALID_TECHNIQUE_ID', where(), { value: declared }));
    return undefined;
  }
  const technique = index.technique(declared);
  if (!technique) {
    diagnostics.push(makeFinding('SCOPE_UNKNOWN_TECHNIQUE', where(), { id: declared.toUpperCase(), domain: index.catalog.domain, version: index.catalog.version }));
    return undefined;
  }
  if (declaredName !== undefined && declaredName.trim().toLowerCase() !== technique.name.toLowerCase()) {
    diagnostics.push(makeFinding('SCOPE_TECHNIQUE_NAME_MISMATCH', where(), { id: technique.id, declared: declaredName, actual: technique.name }));
  }
  if (!technique.revoked) return technique;
  const replacement = index.current(technique.id);
  if (!replacement) {
    diagnostics.push(makeFinding('SCOPE_TECHNIQUE_REVOKED', where(), { id: technique.id, name: technique.name }));
    return undefined;
  }
  diagnostics.push(
    makeFinding('SCOPE_TECHNIQUE_MIGRATED', where(), {
      id: technique.id,
      name: technique.name,
      version: index.catalog.version,
      replacement: replacement.id,
      replacementName: replacement.name,
    }),
  );
  return replacement;
}

function merge(id: string, list: readonly Resolved[], ctx: ResolveContext, diagnostics: Finding[]): ScopeTechnique {
  const first = list[0]!;
  let status = first.raw.status;
  let claims = [...first.raw.claims];
  let score = first.raw.score;
  let reason = first.raw.reason;
  let planned = first.raw.planned;
  const declaredIds = new Set([first.raw.declaredId]);
  const tactics = new Set(first.tactics);
  const evidence = new Set(first.raw.evidence ?? []);
  const seenSlots = new Map<string, Resolved>([[slotKey(first, ctx.duplicates), first]]);
  for (const next of list.slice(1)) {
    declaredIds.add(next.raw.declaredId);
    next.tactics.forEach((t) => tactics.add(t));
    (next.raw.evidence ?? []).forEach((e) => evidence.add(e));
    const where = () => ({ file: ctx.file, ...next.raw.at() });
    const slot = slotKey(next, ctx.duplicates);
    const earlier = ctx.duplicates === 'aggregate' ? undefined : seenSlots.get(slot);
    seenSlots.set(slot, earlier ?? next);
    // Two different IDs that migrate to one technique are a merge, not a mistake in the input.
    const migrated = earlier !== undefined && earlier.raw.declaredId.trim().toUpperCase() !== next.raw.declaredId.trim().toUpperCase();
    if (migrated) {
      diagnostics.push(makeFinding('SCOPE_MERGED_AFTER_MIGRATION', where(), { id, firstLine: earlier.raw.at().line, first: earlier.raw.declaredId, second: next.raw.declaredId }));
    } else if (earlier) {
      const conflict = findConflict(earlier.raw, next.raw);
      if (conflict) {
        diagnostics.push(makeFinding('SCOPE_CONFLICTING_ENTRIES', where(), { id, firstLine: earlier.raw.at().line, ...conflict }));
      } else {
        diagnostics.push(makeFinding('SCOPE_DUPLICATE_ENTRY', where(), { id, firstLine: earlier.raw.at().line }));
      }
    }
    if (STATUS_RANK[next.raw.status] > STATUS_RANK[status]) {
      // The entry that decides the status also gives its reason and date.
      status = next.raw.status;
      reason = next.raw.reason ?? reason;
      planned = next.raw.planned ?? planned;
    }
    claims = mergeClaims(claims, next.raw.claims);
    if (next.raw.score !== undefined) {
      // Repeats for the same tactic keep the lower score (conservative); other tactics and merged
      // migrations the higher.
      score = score === undefined ? next.raw.score : earlier && !migrated ? Math.min(score, next.raw.score) : Math.max(score, next.raw.score);
    }
  }
  const raw = first.raw;
  return {
    id,
    declaredIds: [...declaredIds].sort(),
    at: raw.at,
    tactics: [...tactics],
    status,
    covered: status === 'in-scope' && !first.deprecated && (ctx.coverage === 'listed' || claims.some((c) => c.type !== 'protect')),
    claims,
    ...(score !== undefined ? { score } : {}),
    ...(raw.comment !== undefined ? { comment: raw.comment } : {}),
    ...(evidence.size > 0 ? { evidence: [...evidence] } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...(planned !== undefined ? { planned } : {}),
    ...(first.deprecated ? { deprecated: true } : {}),
  };
}

function slotKey(r: Resolved, policy: DuplicatePolicy): string {
  return policy === 'technique+tactics' ? [...r.tactics].sort().join(',') : '';
}

function findConflict(a: RawScopeEntry, b: RawScopeEntry): { field: string; first: string; second: string; kept: string } | undefined {
  if (a.status !== b.status) {
    const kept = STATUS_RANK[a.status] >= STATUS_RANK[b.status] ? a.status : b.status;
    return { field: 'status', first: a.status, second: b.status, kept };
  }
  for (const x of a.claims) {
    const y = b.claims.find((c) => c.type === x.type && c.capability === x.capability && c.level !== x.level);
    if (y) {
      const kept = LEVEL_RANK[x.level] <= LEVEL_RANK[y.level] ? x.level : y.level;
      return { field: `${x.type} level`, first: x.level, second: y.level, kept };
    }
  }
  if (a.score !== undefined && b.score !== undefined && a.score !== b.score) {
    return { field: 'score', first: String(a.score), second: String(b.score), kept: String(Math.min(a.score, b.score)) };
  }
  return undefined;
}

/** Union of claims; the same type (and capability) twice keeps the lower level. */
function mergeClaims(a: readonly CoverageClaim[], b: readonly CoverageClaim[]): CoverageClaim[] {
  const out = [...a];
  for (const claim of b) {
    const i = out.findIndex((c) => c.type === claim.type && c.capability === claim.capability);
    if (i < 0) out.push(claim);
    else if (LEVEL_RANK[claim.level] < LEVEL_RANK[out[i]!.level]) out[i] = { ...out[i]!, level: claim.level };
  }
  return out;
}
