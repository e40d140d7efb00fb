import type { CatalogIndex } from '../attack/catalog-index.js';
import type { Finding } from '../findings/finding.js';
import { makeFinding } from '../findings/make-finding.js';
import type { FindingCode } from '../findings/finding-codes.js';
import type { TagRecord } from '../scan/scan-report.js';
import { LATER_ATTACK_TACTICS } from './later-attack-tactics.js';

/** What an `attack.*` tag names, before looking it up. */
export type AttackTag =
  | { readonly kind: 'technique'; readonly id: string }
  | { readonly kind: 'tactic'; readonly shortname: string; readonly underscore: boolean }
  /** A tactic by its ID (`attack.ta0002`): not Sigma's convention, but unambiguous. */
  | { readonly kind: 'tactic-id'; readonly id: string }
  | { readonly kind: 'group' | 'software' | 'campaign' | 'mitigation' | 'data-source' | 'asset'; readonly id: string }
  | { readonly kind: 'malformed' };

const OBJECT_PREFIXES: Readonly<Record<string, Exclude<AttackTag['kind'], 'technique' | 'tactic' | 'tactic-id' | 'malformed'>>> = {
  g: 'group',
  s: 'software',
  c: 'campaign',
  m: 'mitigation',
  ds: 'data-source',
  a: 'asset',
};

/** Classifies a tag of the `attack` namespace (case-insensitive); undefined for other namespaces. */
export function classifyAttackTag(value: string): AttackTag | undefined {
  const tag = value.trim().toLowerCase();
  if (!tag.startsWith('attack.')) return undefined;
  const rest = tag.slice(7);
  if (/^t\d{4}(\.\d{3})?$/.test(rest)) return { kind: 'technique', id: rest.toUpperCase() };
  if (/^ta\d{4}$/.test(rest)) return { kind: 'tactic-id', id: rest.toUpperCase() };
  const object = /^(ds|g|s|c|m|a)(\d{4})$/.exec(rest);
  if (object) return { kind: OBJECT_PREFIXES[object[1]!]!, id: rest.toUpperCase() };
  if (/^[a-z]+(?:[-_][a-z]+)*$/.test(rest)) return { kind: 'tactic', shortname: rest.replace(/_/g, '-'), underscore: rest.includes('_') };
  return { kind: 'malformed' };
}

export interface MappedTags {
  /** Current technique IDs the rule counts under (revoked tags migrated), sorted, unique. */
  readonly techniques: readonly string[];
  /** Tactic shortnames of the rule's own tactic tags, in matrix order. */
  readonly tactics: readonly string[];
  readonly findings: readonly Finding[];
}

/** What one tag value resolves to in one catalog; the same for every rule carrying it. */
interface Resolution {
  /** The current technique the tag counts under. */
  readonly technique?: string;
  /** That technique's tactics (for the tactic-mismatch check). */
  readonly techniqueTactics?: readonly string[];
  /** The tactic shortname of a (known) tactic tag. */
  readonly tactic?: string;
  /** That tactic's position in the matrix (to sort a rule's tactics). */
  readonly tacticOrder?: number;
  readonly code?: FindingCode;
  readonly data?: Finding['data'];
}

// SigmaHQ's 3,700 rules carry about 12,000 attack tags but only a few hundred distinct ones, so
// each distinct value is resolved once per catalog.
const resolutions = new WeakMap<CatalogIndex, Map<string, Resolution | null>>();

function resolutionsFor(index: CatalogIndex): Map<string, Resolution | null> {
  let cache = resolutions.get(index);
  if (!cache) resolutions.set(index, (cache = new Map()));
  return cache;
}

function resolveTag(value: string, index: CatalogIndex, cache: Map<string, Resolution | null>): Resolution | null {
  let resolution = cache.get(value);
  if (resolution === undefined) {
    resolution = withLookups(computeResolution(value, index), index);
    cache.set(value, resolution);
  }
  return resolution;
}

/** Adds what mapping a rule needs from the catalog, so that it never looks it up per rule. */
function withLookups(resolution: Resolution | null, index: CatalogIndex): Resolution | null {
  if (!resolution) return resolution;
  if (resolution.technique !== undefined) return { ...resolution, techniqueTactics: index.technique(resolution.technique)?.tactics ?? [] };
  if (resolution.tactic !== undefined) return { ...resolution, tacticOrder: index.tacticIndex(resolution.tactic) };
  return resolution;
}

function computeResolution(value: string, index: CatalogIndex): Resolution | null {
  const parsed = classifyAttackTag(value);
  if (!parsed) return null;
  const { version, domain } = index.catalog;
  const tag = value;
  switch (parsed.kind) {
    case 'malformed':
      return { code: 'ATTACK_TAG_MALFORMED', data: { tag } };
    case 'technique': {
      const technique = index.technique(parsed.id);
      if (!technique) {
        return techniqueLooksNewer(parsed.id, index)
          ? { code: 'ATTACK_TAG_NEWER_THAN_DATA', data: { tag, id: parsed.id, domain, version } }
          : { code: 'ATTACK_TAG_UNKNOWN', data: { tag, kind: 'technique', id: parsed.id, domain, version } };
      }
      if (technique.revoked) {
        const current = index.current(technique.id);
        return {
          ...(current ? { technique: current.id } : {}),
          code: 'ATTACK_TAG_REVOKED',
          data: { tag, technique: technique.id, version, ...(current ? { replacement: current.id, replacementName: current.name } : {}) },
        };
      }
      if (technique.deprecated) {
        return { technique: technique.id, code: 'ATTACK_TAG_DEPRECATED', data: { tag, technique: technique.id, name: technique.name, version } };
      }
      return { technique: technique.id };
    }
    case 'tactic': {
      const tactic = index.tactic(parsed.shortname);
      if (tactic && tactic.shortname === parsed.shortname) {
        return parsed.underscore
          ? { tactic: tactic.shortname, code: 'ATTACK_TACTIC_UNDERSCORE', data: { tag, tactic: tactic.shortname } }
          : { tactic: tactic.shortname };
      }
      const later = LATER_ATTACK_TACTICS[parsed.shortname];
      return later && compareReleases(version, later.version) < 0
        ? { code: 'ATTACK_TAG_NEWER_THAN_DATA', data: { tag, id: parsed.shortname, domain, version, knownIn: later.version } }
        : { code: 'ATTACK_TACTIC_UNKNOWN', data: { tag, tactic: parsed.shortname, domain, version } };
    }
    case 'tactic-id': {
      // Counted exactly as the tactic's shortname tag would be. An ID the domain lacks may be
      // another domain's tactic (TA0100 is ICS), so it is unknown, not "newer", unless a later
      // release added it.
      const tactic = index.tactic(parsed.id);
      if (tactic && tactic.id === parsed.id) return { tactic: tactic.shortname };
      const later = Object.values(LATER_ATTACK_TACTICS).find((t) => t.id === parsed.id);
      return later && compareReleases(version, later.version) < 0
        ? { code: 'ATTACK_TAG_NEWER_THAN_DATA', data: { tag, id: parsed.id, domain, version, knownIn: later.version } }
        : { code: 'ATTACK_TACTIC_UNKNOWN', data: { tag, tactic: parsed.id, domain, version } };
    }
    default: {
      // Assets exist only in ICS; other domains cannot check an asset tag, so they accept it.
      if (parsed.kind === 'asset' && index.catalog.assets.length === 0) return {};
      // Before the active objects: ATT&CK v18 deprecated every data source, and they stay valid tags.
      const retired = index.retired(parsed.id);
      if (retired && retired.kind === parsed.kind) {
        const object = { tag, kind: parsed.kind, id: retired.id, name: retired.name, version };
        if (retired.state === 'deprecated') return { code: 'ATTACK_TAG_DEPRECATED', data: object };
        const current = retired.replacedBy === undefined ? undefined : index.object(retired.replacedBy);
        const replacement = retired.replacedBy === undefined ? {} : { replacement: retired.replacedBy, ...(current ? { replacementName: current.name } : {}) };
        return { code: 'ATTACK_TAG_REVOKED', data: { ...object, ...replacement } };
      }
      const found = index.object(parsed.id);
      if (found && found.type === parsed.kind) return {};
      // A catalog from before covmap kept retired objects cannot tell a revoked group from a typo.
      const older = index.catalog.retired === undefined ? { olderCatalog: true } : {};
      return objectLooksNewer(parsed.kind, parsed.id, index)
        ? { code: 'ATTACK_TAG_NEWER_THAN_DATA', data: { tag, id: parsed.id, domain, version, ...older } }
        : { code: 'ATTACK_TAG_UNKNOWN', data: { tag, kind: parsed.kind, id: parsed.id, domain, version, ...older } };
    }
  }
}

/**
 * Maps a rule's tags to ATT&CK through the loaded catalog. Revoked techniques move to their
 * replacement (with a warning), deprecated ones stay (with a warning), unknown IDs and tactics are
 * errors, and IDs past the end of the loaded release are reported as "newer than the data".
 */
export function mapAttackTags(tags: readonly TagRecord[], index: CatalogIndex, file: string | undefined): MappedTags {
  const cache = resolutionsFor(index);
  const findings: Finding[] = [];
  const techniques: string[] = [];
  const techniqueTactics: (readonly string[])[] = [];
  // Each tactic once, with the first tag that named it.
  const tactics: { readonly resolution: Resolution; readonly tag: TagRecord }[] = [];
  for (let t = 0; t < tags.length; t++) {
    const tag = tags[t]!;
    const r = resolveTag(tag.value, index, cache);
    if (!r) continue;
    if (r.code) findings.push(makeFinding(r.code, { file, line: tag.line, column: tag.column }, r.data));
    if (r.technique !== undefined && !techniques.includes(r.technique)) {
      techniques.push(r.technique);
      techniqueTactics.push(r.techniqueTactics!);
    }
    if (r.tactic !== undefined && !hasTactic(tactics, r.tactic)) tactics.push({ resolution: r, tag });
  }
  if (techniques.length > 1) techniques.sort();
  // A tactic tag none of the rule's techniques belongs to is probably a wrong tag.
  if (techniques.length > 0) {
    for (const { resolution, tag } of tactics) {
      const shortname = resolution.tactic!;
      let belongs = false;
      for (const list of techniqueTactics) if (list.includes(shortname)) belongs = true;
      if (!belongs) {
        findings.push(makeFinding('ATTACK_TACTIC_MISMATCH', { file, line: tag.line, column: tag.column }, { tag: tag.value, tactic: shortname, techniques: [...techniques] }));
      }
    }
  }
  if (tactics.length > 1) tactics.sort((a, b) => a.resolution.tacticOrder! - b.resolution.tacticOrder!);
  const sortedTactics = tactics.map((t) => t.resolution.tactic!);
  return { techniques, tactics: sortedTactics, findings };
}

function hasTactic(tactics: readonly { readonly resolution: Resolution }[], shortname: string): boolean {
  for (const t of tactics) if (t.resolution.tactic === shortname) return true;
  return false;
}

/**
 * An unknown technique "looks newer" when its number is past the highest the release has, or when
 * it is a sub-technique numbered past its (known) parent's highest sub-technique.
 */
function techniqueLooksNewer(id: string, index: CatalogIndex): boolean {
  const limits = techniqueLimits(index);
  const [parent, sub] = id.split('.');
  const parentNumber = Number(parent!.slice(1));
  if (parentNumber > limits.maxTechnique) return true;
  if (sub === undefined) return false;
  const maxSub = limits.maxSub.get(parent!);
  return maxSub !== undefined && Number(sub) > maxSub;
}

interface TechniqueLimits {
  readonly maxTechnique: number;
  readonly maxSub: ReadonlyMap<string, number>;
}

const limitsCache = new WeakMap<CatalogIndex, TechniqueLimits>();

function techniqueLimits(index: CatalogIndex): TechniqueLimits {
  let limits = limitsCache.get(index);
  if (!limits) {
    let maxTechnique = 0;
    const maxSub = new Map<string, number>();
    for (const t of index.catalog.techniques) {
      const [parent, sub] = t.id.split('.');
      maxTechnique = Math.max(maxTechnique, Number(parent!.slice(1)));
      if (sub !== undefined) maxSub.set(parent!, Math.max(maxSub.get(parent!) ?? 0, Number(sub)));
      else if (!maxSub.has(parent!)) maxSub.set(parent!, 0);
    }
    limits = { maxTechnique, maxSub };
    limitsCache.set(index, limits);
  }
  return limits;
}

function objectLooksNewer(kind: string, id: string, index: CatalogIndex): boolean {
  const { catalog } = index;
  const lists: Readonly<Record<string, readonly { readonly id: string }[]>> = {
    group: catalog.groups,
    software: catalog.software,
    campaign: catalog.campaigns,
    mitigation: catalog.mitigations,
    'data-source': catalog.dataSources,
    asset: catalog.assets,
  };
  const list = lists[kind] ?? [];
  const number = (x: string) => Number(x.replace(/^[A-Z]+/, ''));
  const max = list.reduce((m, o) => Math.max(m, number(o.id)), 0);
  return max > 0 && number(id) > max;
}

/** "18.1" < "19.0". */
function compareReleases(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}
