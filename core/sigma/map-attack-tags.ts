import type { CatalogIndex } from '../attack/catalog-index.js';
import type { Finding } from '../findings/finding.js';
import { makeFinding } from '../findings/make-finding.js';
import type { TagRecord } from '../scan/scan-report.js';
import { LATER_ATTACK_TACTICS } from './later-attack-tactics.js';

/** What an `attack.*` tag names, before looking it up. */
export type AttackTag =
  | { readonly kind: 'technique'; readonly id: string }
  | { readonly kind: 'tactic'; readonly shortname: string; readonly underscore: boolean }
  | { readonly kind: 'group' | 'software' | 'campaign' | 'mitigation' | 'data-source' | 'asset'; readonly id: string }
  | { readonly kind: 'malformed' };

const OBJECT_PREFIXES: Readonly<Record<string, Exclude<AttackTag['kind'], 'technique' | 'tactic' | 'malformed'>>> = {
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

/**
 * Maps a rule's tags to ATT&CK through the loaded catalog. Revoked techniques move to their
 * replacement (with a warning), deprecated ones stay (with a warning), unknown IDs and tactics are
 * errors, and IDs past the end of the loaded release are reported as "newer than the data".
 */
export function mapAttackTags(tags: readonly TagRecord[], index: CatalogIndex, file: string | undefined): MappedTags {
  const { catalog } = index;
  const findings: Finding[] = [];
  const techniques = new Set<string>();
  const tactics = new Map<string, TagRecord>();
  const at = (tag: TagRecord) => ({ file, line: tag.line, column: tag.column });
  const version = catalog.version;
  const domain = catalog.domain;

  for (const tag of tags) {
    const parsed = classifyAttackTag(tag.value);
    if (!parsed) continue;
    switch (parsed.kind) {
      case 'malformed':
        findings.push(makeFinding('ATTACK_TAG_MALFORMED', at(tag), { tag: tag.value }));
        break;
      case 'technique': {
        const technique = index.technique(parsed.id);
        if (!technique) {
          const newer = techniqueLooksNewer(parsed.id, index);
          findings.push(
            newer
              ? makeFinding('ATTACK_TAG_NEWER_THAN_DATA', at(tag), { tag: tag.value, id: parsed.id, domain, version })
              : makeFinding('ATTACK_TAG_UNKNOWN', at(tag), { tag: tag.value, kind: 'technique', id: parsed.id, domain, version }),
          );
        } else if (technique.revoked) {
          const current = index.current(technique.id);
          findings.push(
            makeFinding('ATTACK_TAG_REVOKED', at(tag), {
              tag: tag.value,
              technique: technique.id,
              version,
              ...(current ? { replacement: current.id, replacementName: current.name } : {}),
            }),
          );
          if (current) techniques.add(current.id);
        } else {
          if (technique.deprecated) findings.push(makeFinding('ATTACK_TAG_DEPRECATED', at(tag), { tag: tag.value, technique: technique.id, name: technique.name, version }));
          techniques.add(technique.id);
        }
        break;
      }
      case 'tactic': {
        const tactic = index.tactic(parsed.shortname);
        if (tactic && tactic.shortname === parsed.shortname) {
          if (parsed.underscore) findings.push(makeFinding('ATTACK_TACTIC_UNDERSCORE', at(tag), { tag: tag.value, tactic: tactic.shortname }));
          if (!tactics.has(tactic.shortname)) tactics.set(tactic.shortname, tag);
        } else {
          const later = LATER_ATTACK_TACTICS[parsed.shortname];
          findings.push(
            later && compareReleases(version, later.version) < 0
              ? makeFinding('ATTACK_TAG_NEWER_THAN_DATA', at(tag), { tag: tag.value, id: parsed.shortname, domain, version, knownIn: later.version })
              : makeFinding('ATTACK_TACTIC_UNKNOWN', at(tag), { tag: tag.value, tactic: parsed.shortname, domain, version }),
          );
        }
        break;
      }
      default: {
        // Assets exist only in ICS; other domains cannot check an asset tag, so they accept it.
        if (parsed.kind === 'asset' && catalog.assets.length === 0) break;
        const found = index.object(parsed.id);
        if (!found || found.type !== parsed.kind) {
          findings.push(
            objectLooksNewer(parsed.kind, parsed.id, index)
              ? makeFinding('ATTACK_TAG_NEWER_THAN_DATA', at(tag), { tag: tag.value, id: parsed.id, domain, version })
              : makeFinding('ATTACK_TAG_UNKNOWN', at(tag), { tag: tag.value, kind: parsed.kind, id: parsed.id, domain, version }),
          );
        }
      }
    }
  }

  const sortedTechniques = [...techniques].sort();
  // A tactic tag none of the rule's techniques belongs to is probably a wrong tag.
  if (sortedTechniques.length > 0) {
    for (const [shortname, tag] of tactics) {
      const belongs = sortedTechniques.some((id) => index.technique(id)?.tactics.includes(shortname));
      if (!belongs) findings.push(makeFinding('ATTACK_TACTIC_MISMATCH', at(tag), { tag: tag.value, tactic: shortname, techniques: sortedTechniques }));
    }
  }
  const sortedTactics = [...tactics.keys()].sort((a, b) => index.tacticIndex(a) - index.tacticIndex(b));
  return { techniques: sortedTechniques, tactics: sortedTactics, findings };
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
