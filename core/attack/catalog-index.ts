import { compareStrings } from '../compare-strings.js';
import type { Actor, Catalog, DetectionStrategy, RetiredObject, Software, Tactic, Technique } from './catalog.js';

/** What kind of ATT&CK object an ID names (see `CatalogIndex.object`). */
export type AttackObjectType =
  | 'tactic'
  | 'technique'
  | 'group'
  | 'campaign'
  | 'software'
  | 'mitigation'
  | 'data-source'
  | 'data-component'
  | 'detection-strategy'
  | 'analytic'
  | 'asset';

export interface AttackObjectRef {
  readonly type: AttackObjectType;
  readonly id: string;
  readonly name: string;
}

export type ActorKind = 'group' | 'campaign' | 'software';

/** One group, campaign or software that `findActors` matched. */
export interface ActorMatch {
  readonly kind: ActorKind;
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
  /** Which of ID, name or alias matched (the first that did, in that order). */
  readonly matchedOn: 'id' | 'name' | 'alias';
}

export interface ActiveTechniqueOptions {
  /**
   * Keep techniques with at least one of these platforms (case-insensitive, e.g. "Windows").
   * Absent or empty: every platform.
   */
  readonly platforms?: readonly string[];
  /** Include sub-techniques (default true). False keeps only top-level techniques. */
  readonly subtechniques?: boolean;
}

/**
 * Fast look-ups over one Catalog. Every command builds one, so the constructor only keeps the
 * catalog; each map is built on first use (a command that only needs `technique()` never pays for
 * the actor indexes).
 */
export class CatalogIndex {
  readonly catalog: Catalog;

  #techniques?: Map<string, Technique>;
  #tactics?: Map<string, Tactic>;
  #tacticOrder?: Map<string, number>;
  #subtechniques?: Map<string, Technique[]>;
  #actors?: { kind: ActorKind; record: Actor | Software }[];
  #actorById?: Map<string, { kind: ActorKind; record: Actor | Software }>;
  #users?: Map<string, string[]>;
  #objects?: Map<string, AttackObjectRef>;
  #retired?: Map<string, RetiredObject>;
  #strategiesByTechnique?: Map<string, DetectionStrategy[]>;
  #active?: Technique[];

  constructor(catalog: Catalog) {
    this.catalog = catalog;
  }

  /** Any attack-pattern by ID (active, revoked or deprecated), case-insensitive. */
  technique(id: string): Technique | undefined {
    this.#techniques ??= new Map(this.catalog.techniques.map((t) => [t.id.toUpperCase(), t]));
    return this.#techniques.get(id.trim().toUpperCase());
  }

  /**
   * The technique to use today for `id`: itself unless revoked, then the end of its `revoked-by`
   * chain. Undefined for an unknown ID and for a revoked technique with no replacement (there is
   * nothing current to map it to; callers tell the two apart with `technique()`). Deprecated
   * techniques are returned as themselves: ATT&CK keeps no replacement for them.
   */
  current(id: string): Technique | undefined {
    let technique = this.technique(id);
    // The catalog already stores the end of the chain; the loop also copes with hand-made or
    // older catalogs that store only the next hop, and the guard with a (corrupt) cycle.
    const seen = new Set<string>();
    while (technique?.revoked) {
      if (!technique.replacedBy || seen.has(technique.id)) return undefined;
      seen.add(technique.id);
      technique = this.technique(technique.replacedBy);
    }
    return technique;
  }

  /** A tactic by ID (TA0002), shortname (execution) or name (Execution), case-insensitive. */
  tactic(shortnameOrId: string): Tactic | undefined {
    if (!this.#tactics) {
      this.#tactics = new Map();
      // Names first so that an ID or shortname always wins over a (theoretical) name clash.
      for (const t of this.catalog.tactics) this.#tactics.set(t.name.toLowerCase(), t);
      for (const t of this.catalog.tactics) this.#tactics.set(t.shortname.toLowerCase(), t);
      for (const t of this.catalog.tactics) this.#tactics.set(t.id.toLowerCase(), t);
    }
    return this.#tactics.get(shortnameOrId.trim().toLowerCase());
  }

  /** Position of the tactic in the matrix (0-based), or -1 when the catalog has no such tactic. */
  tacticIndex(shortname: string): number {
    if (!this.#tacticOrder) {
      this.#tacticOrder = new Map();
      this.catalog.tactics.forEach((t, i) => this.#tacticOrder!.set(t.shortname, i));
    }
    const exact = this.#tacticOrder.get(shortname);
    if (exact !== undefined) return exact;
    const tactic = this.tactic(shortname);
    return tactic ? this.#tacticOrder.get(tactic.shortname)! : -1;
  }

  /** Techniques and sub-techniques that are neither revoked nor deprecated, sorted by ID. */
  activeTechniques(options: ActiveTechniqueOptions = {}): readonly Technique[] {
    this.#active ??= this.catalog.techniques.filter((t) => !t.revoked && !t.deprecated).sort(compareIds);
    const wantSubs = options.subtechniques ?? true;
    const platforms = options.platforms && options.platforms.length > 0 ? new Set(options.platforms.map((p) => p.toLowerCase())) : undefined;
    if (wantSubs && !platforms) return this.#active;
    return this.#active.filter(
      (t) => (wantSubs || t.parent === undefined) && (!platforms || t.platforms.some((p) => platforms.has(p.toLowerCase()))),
    );
  }

  /** Active sub-techniques of a technique, sorted by ID (empty for unknown IDs). */
  subtechniques(parentId: string): readonly Technique[] {
    if (!this.#subtechniques) {
      this.#subtechniques = new Map();
      for (const t of this.activeTechniques()) {
        if (t.parent === undefined) continue;
        const list = this.#subtechniques.get(t.parent) ?? [];
        list.push(t);
        this.#subtechniques.set(t.parent, list);
      }
    }
    const parent = this.technique(parentId);
    return (parent && this.#subtechniques.get(parent.id)) ?? [];
  }

  /**
   * Groups, campaigns and software whose ID, name or one of whose aliases equals `query`
   * (case-insensitive, surrounding spaces ignored). Several can match one name (e.g. a group and
   * the software named after it); results are sorted by kind (group, campaign, software) then ID.
   */
  findActors(query: string): readonly ActorMatch[] {
    const q = query.trim().toLowerCase();
    if (q === '') return [];
    const matches: ActorMatch[] = [];
    for (const { kind, record } of this.#allActors()) {
      let matchedOn: ActorMatch['matchedOn'] | undefined;
      if (record.id.toLowerCase() === q) matchedOn = 'id';
      else if (record.name.toLowerCase() === q) matchedOn = 'name';
      else if (record.aliases.some((a) => a.toLowerCase() === q)) matchedOn = 'alias';
      if (matchedOn) matches.push({ kind, id: record.id, name: record.name, aliases: record.aliases, matchedOn });
    }
    return matches;
  }

  /** The group, campaign or software record with this ID (case-insensitive). */
  actor(id: string): { readonly kind: ActorKind; readonly record: Actor | Software } | undefined {
    if (!this.#actorById) this.#actorById = new Map(this.#allActors().map((a) => [a.record.id.toUpperCase(), a]));
    return this.#actorById.get(id.trim().toUpperCase());
  }

  /**
   * Every technique the given groups, campaigns or software use, including techniques used
   * through software a group or campaign uses; sorted, deduplicated. Unknown IDs contribute
   * nothing (resolve user input with `findActors` first to report them).
   */
  profileTechniques(actorIds: readonly string[]): readonly string[] {
    const out = new Set<string>();
    for (const id of actorIds) {
      const found = this.actor(id);
      if (!found) continue;
      for (const t of found.record.techniques) out.add(t);
      if (found.kind !== 'software') for (const t of (found.record as Actor).techniquesViaSoftware) out.add(t);
    }
    return [...out].sort(compareIds);
  }

  /**
   * Active groups and software that use the technique (groups also through their software),
   * sorted by ID: the raw material of a prevalence score. Exact technique only; a parent's users
   * are not added to its sub-techniques or vice versa.
   */
  usersOf(techniqueId: string): readonly string[] {
    if (!this.#users) {
      const users = new Map<string, Set<string>>();
      const add = (technique: string, user: string) => {
        let set = users.get(technique);
        if (!set) users.set(technique, (set = new Set()));
        set.add(user);
      };
      for (const g of this.catalog.groups) for (const t of [...g.techniques, ...g.techniquesViaSoftware]) add(t, g.id);
      for (const s of this.catalog.software) for (const t of s.techniques) add(t, s.id);
      this.#users = new Map([...users].map(([t, set]) => [t, [...set].sort(compareIds)]));
    }
    const technique = this.technique(techniqueId);
    return (technique && this.#users.get(technique.id)) ?? [];
  }

  /** Detection strategies that detect the technique (v18+ catalogs; empty before), sorted by ID. */
  detectionStrategiesFor(techniqueId: string): readonly DetectionStrategy[] {
    if (!this.#strategiesByTechnique) {
      this.#strategiesByTechnique = new Map();
      for (const ds of this.catalog.detectionStrategies) {
        for (const t of ds.techniques) {
          const list = this.#strategiesByTechnique.get(t) ?? [];
          list.push(ds);
          this.#strategiesByTechnique.set(t, list);
        }
      }
    }
    const technique = this.technique(techniqueId);
    return (technique && this.#strategiesByTechnique.get(technique.id)) ?? [];
  }

  /** Type and name of any ATT&CK ID in the catalog (TA, T, G, S, C, M, DS, DC, DET, AN, A), case-insensitive. */
  object(id: string): AttackObjectRef | undefined {
    if (!this.#objects) {
      const objects = new Map<string, AttackObjectRef>();
      const put = (type: AttackObjectType, list: readonly { id: string; name: string }[]) => {
        for (const o of list) objects.set(o.id.toUpperCase(), { type, id: o.id, name: o.name });
      };
      put('tactic', this.catalog.tactics);
      put('technique', this.catalog.techniques);
      put('group', this.catalog.groups);
      put('campaign', this.catalog.campaigns);
      put('software', this.catalog.software);
      put('mitigation', this.catalog.mitigations);
      put('data-source', this.catalog.dataSources);
      put('data-component', this.catalog.dataComponents);
      put('detection-strategy', this.catalog.detectionStrategies);
      put('analytic', this.catalog.analytics);
      put('asset', this.catalog.assets);
      this.#objects = objects;
    }
    return this.#objects.get(id.trim().toUpperCase());
  }

  /**
   * A group, campaign, software, mitigation, data source or asset that ATT&CK revoked or
   * deprecated (see `Catalog.retired`), case-insensitive. A deprecated data source is also in
   * `object()`: ATT&CK v18 deprecated them all, and they are still valid tags.
   */
  retired(id: string): RetiredObject | undefined {
    this.#retired ??= new Map((this.catalog.retired ?? []).map((o) => [o.id.toUpperCase(), o]));
    return this.#retired.get(id.trim().toUpperCase());
  }

  #allActors(): { kind: ActorKind; record: Actor | Software }[] {
    this.#actors ??= [
      ...this.catalog.groups.map((record) => ({ kind: 'group' as const, record })),
      ...this.catalog.campaigns.map((record) => ({ kind: 'campaign' as const, record })),
      ...this.catalog.software.map((record) => ({ kind: 'software' as const, record })),
    ];
    return this.#actors;
  }
}

/** ATT&CK IDs are fixed-width (T1059, T1059.001), so code-unit order is ID order. */
function compareIds(a: string | { id: string }, b: string | { id: string }): number {
  const x = typeof a === 'string' ? a : a.id;
  const y = typeof b === 'string' ? b : b.id;
  return compareStrings(x, y);
}
