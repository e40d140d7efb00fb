import { compareStrings } from '../compare-strings.js';
import type { Catalog, Tactic, Technique } from './catalog.js';

export interface TechniqueRef {
  readonly id: string;
  readonly name: string;
}

export interface CatalogDiff {
  readonly domain: string;
  readonly from: string;
  readonly to: string;
  /** Active in `to`, absent from `from` (inactive ones coming back are `restored`). */
  readonly added: readonly (TechniqueRef & { readonly tactics: readonly string[] })[];
  /** Revoked in `to`, not revoked in `from` (or absent). `replacedBy` is the current replacement, if any. */
  readonly revoked: readonly (TechniqueRef & { readonly replacedBy?: TechniqueRef })[];
  /** Deprecated (not revoked) in `to`, active in `from` (or absent). */
  readonly deprecated: readonly TechniqueRef[];
  /** Active in both, another name. */
  readonly renamed: readonly { readonly id: string; readonly from: string; readonly to: string }[];
  /** Active in both, another set of tactics (shortnames, matrix order). */
  readonly movedTactics: readonly (TechniqueRef & {
    readonly from: readonly string[];
    readonly to: readonly string[];
    readonly added: readonly string[];
    readonly removed: readonly string[];
  })[];
  /** Active in both, another set of platforms (what a platform-scoped coverage report sees change). */
  readonly platformsChanged: readonly (TechniqueRef & { readonly added: readonly string[]; readonly removed: readonly string[] })[];
  /** Revoked or deprecated in `from`, active again in `to` (rare, but it happens). */
  readonly restored: readonly TechniqueRef[];
  /** In `from` but not in `to` at all (ATT&CK normally revokes instead). */
  readonly removed: readonly TechniqueRef[];
  /** Tactics of the matrix that appeared, disappeared or were renamed. */
  readonly tactics: {
    readonly added: readonly Tactic[];
    readonly removed: readonly Tactic[];
    readonly renamed: readonly { readonly id: string; readonly from: string; readonly to: string }[];
  };
}

const isActive = (t: Technique | undefined): t is Technique => t !== undefined && !t.revoked && !t.deprecated;
const ref = (t: Technique): TechniqueRef => ({ id: t.id, name: t.name });

/**
 * What changed between two releases of one ATT&CK domain, technique by technique (sub-techniques
 * included), every list sorted by ID. The caller checks that both catalogs are the same domain.
 */
export function diffCatalogs(from: Catalog, to: Catalog): CatalogDiff {
  const before = new Map(from.techniques.map((t) => [t.id, t]));
  const after = new Map(to.techniques.map((t) => [t.id, t]));

  const added: CatalogDiff['added'][number][] = [];
  const revoked: CatalogDiff['revoked'][number][] = [];
  const deprecated: TechniqueRef[] = [];
  const renamed: CatalogDiff['renamed'][number][] = [];
  const movedTactics: CatalogDiff['movedTactics'][number][] = [];
  const platformsChanged: CatalogDiff['platformsChanged'][number][] = [];
  const restored: TechniqueRef[] = [];
  const removed: TechniqueRef[] = [];

  for (const t of to.techniques) {
    const old = before.get(t.id);
    if (t.revoked) {
      if (!old?.revoked) {
        const replacement = t.replacedBy ? after.get(t.replacedBy) : undefined;
        revoked.push(replacement ? { ...ref(t), replacedBy: ref(replacement) } : ref(t));
      }
    } else if (t.deprecated) {
      if (!old || isActive(old)) deprecated.push(ref(t));
    } else if (!old) {
      added.push({ ...ref(t), tactics: t.tactics });
    } else if (!isActive(old)) {
      restored.push(ref(t));
    } else {
      if (old.name !== t.name) renamed.push({ id: t.id, from: old.name, to: t.name });
      const removedTactics = old.tactics.filter((x) => !t.tactics.includes(x));
      const addedTactics = t.tactics.filter((x) => !old.tactics.includes(x));
      if (removedTactics.length > 0 || addedTactics.length > 0) {
        movedTactics.push({ ...ref(t), from: old.tactics, to: t.tactics, added: addedTactics, removed: removedTactics });
      }
      const removedPlatforms = old.platforms.filter((x) => !t.platforms.includes(x));
      const addedPlatforms = t.platforms.filter((x) => !old.platforms.includes(x));
      if (removedPlatforms.length > 0 || addedPlatforms.length > 0) {
        platformsChanged.push({ ...ref(t), added: addedPlatforms, removed: removedPlatforms });
      }
    }
  }
  for (const t of from.techniques) if (!after.has(t.id)) removed.push(ref(t));

  const tacticsBefore = new Map(from.tactics.map((t) => [t.id, t]));
  const tacticsAfter = new Map(to.tactics.map((t) => [t.id, t]));
  const tactics = {
    added: to.tactics.filter((t) => !tacticsBefore.has(t.id)),
    removed: from.tactics.filter((t) => !tacticsAfter.has(t.id)),
    renamed: to.tactics.flatMap((t) => {
      const old = tacticsBefore.get(t.id);
      return old && old.name !== t.name ? [{ id: t.id, from: old.name, to: t.name }] : [];
    }),
  };

  return {
    domain: to.domain,
    from: from.version,
    to: to.version,
    added: byId(added),
    revoked: byId(revoked),
    deprecated: byId(deprecated),
    renamed: byId(renamed),
    movedTactics: byId(movedTactics),
    platformsChanged: byId(platformsChanged),
    restored: byId(restored),
    removed: byId(removed),
    tactics,
  };
}

function byId<T extends { id: string }>(list: T[]): T[] {
  return list.sort((a, b) => compareStrings(a.id, b.id));
}
