import { AttackDataModel } from '@mitre-attack/attack-data-model/dist/classes/index.js';
import type { AttackObject } from '@mitre-attack/attack-data-model/dist/schemas/index.js';
import { compareStrings } from '../compare-strings.js';
import {
  CATALOG_FORMAT,
  type Actor,
  type Analytic,
  type AttackDomain,
  type Catalog,
  type DataComponent,
  type DetectionStrategy,
  type NamedObject,
  type RetiredObject,
  type RetiredObjectKind,
  type Software,
  type Tactic,
  type Technique,
} from './catalog.js';
import { AttackDataError } from './attack-data-error.js';
import { identifyBundle } from './identify-bundle.js';
import { validateBundleObjects } from './validate-bundle-objects.js';

/**
 * STIX bundle (parsed JSON) -> compact Catalog, through the ATT&CK data model: objects are
 * validated relaxed with the model's schemas, loaded into `AttackDataModel`, and read back through
 * its classes (parents, `uses`, `revoked-by`). This is the only module that imports the data
 * model; it runs when a catalog is built (`attack import|update|build`), never when one is loaded.
 * Throws AttackDataError for input that is not usable ATT&CK data.
 */
export function buildCatalog(bundle: unknown, options: { domain?: AttackDomain } = {}): Catalog {
  const identity = identifyBundle(bundle, options.domain);
  const { objects, validation } = validateBundleObjects(identity.objects);
  // Revoked or deprecated relationships no longer hold; the model does not know that, so they
  // never reach it.
  const live = objects.filter((o) => {
    const r = o as { type: string; revoked?: unknown; x_mitre_deprecated?: unknown };
    return r.type !== 'relationship' || (r.revoked !== true && r.x_mitre_deprecated !== true);
  });
  const model = new AttackDataModel(`covmap-${identity.domain}-${identity.version}`, live as AttackObject[]);
  const ids = new AttackIds(model);

  const tactics = buildTactics(model, ids, identity.domain);
  const tacticOrder = new Map(tactics.map((t, i) => [t.shortname, i]));
  const techniques = buildTechniques(model, ids, tacticOrder);
  // A collection object alone makes a bundle look like ATT&CK; without a matrix of tactics and
  // techniques the catalog would be empty, and every tag scanned against it "unknown".
  if (tactics.length === 0 || techniques.length === 0) {
    const missing = tactics.length === 0 ? 'no usable tactics (x-mitre-tactic listed by an x-mitre-matrix)' : 'no usable techniques (attack-pattern with an ATT&CK ID)';
    throw new AttackDataError('ATTACK_BUNDLE_NOT_ATTACK', { reason: `${missing} among ${identity.objects.length} object(s)` });
  }
  const software = buildSoftware(model, ids);
  const activeSoftware = new Map(software.map((s) => [s.id, s]));

  return {
    format: CATALOG_FORMAT,
    domain: identity.domain,
    version: identity.version,
    modified: identity.modified,
    specVersion: identity.specVersion,
    tactics,
    techniques,
    groups: sortById(model.groups.filter(isActive).flatMap((g) => actorOf(g, ids, activeSoftware, g.aliases))),
    campaigns: sortById(model.campaigns.filter(isActive).flatMap((c) => actorOf(c, ids, activeSoftware, c.aliases))),
    software,
    mitigations: namedObjects(model.mitigations, ids, /^M\d{4}$/),
    dataSources: namedObjects(model.dataSources, ids, /^DS\d{4}$/, { keepDeprecated: true }),
    dataComponents: buildDataComponents(model, ids),
    detectionStrategies: buildDetectionStrategies(model, ids),
    analytics: buildAnalytics(model, ids),
    assets: namedObjects(model.assets, ids, /^A\d{4}$/),
    retired: buildRetired(model, ids),
    validation,
  };
}

type ModelObject = {
  id: string;
  type: string;
  name?: string;
  revoked?: boolean;
  x_mitre_deprecated?: boolean;
  external_references?: readonly { source_name?: string; external_id?: string; url?: string }[];
  getRevokedBy?: () => unknown;
};

const ATTACK_SOURCES = new Set(['mitre-attack', 'mitre-mobile-attack', 'mitre-ics-attack']);

function isActive(o: { revoked?: boolean; x_mitre_deprecated?: boolean }): boolean {
  return o.revoked !== true && o.x_mitre_deprecated !== true;
}

/** STIX id -> ATT&CK ID and the current replacement of revoked objects. */
class AttackIds {
  readonly #byStixId = new Map<string, ModelObject>();
  /** `revoked-by` edges the model does not link (it only links objects of the same class, e.g. not malware -> tool). */
  readonly #revokedBy = new Map<string, string>();

  constructor(model: AttackDataModel) {
    for (const list of [
      model.techniques, model.tactics, model.groups, model.campaigns, model.malware, model.tools, model.mitigations,
      model.dataSources, model.dataComponents, model.detectionStrategies, model.analytics, model.matrices, model.assets,
    ] as readonly (readonly ModelObject[])[]) {
      for (const o of list) this.#byStixId.set(o.id, o);
    }
    for (const r of model.relationships) if (r.relationship_type === 'revoked-by') this.#revokedBy.set(r.source_ref, r.target_ref);
  }

  object(stixId: string): ModelObject | undefined {
    return this.#byStixId.get(stixId);
  }

  /** The ATT&CK ID (T1059, G0007, DET0001...) from the first MITRE external reference. */
  attackId(o: ModelObject | undefined): string | undefined {
    return mitreReference(o)?.external_id;
  }

  /** The end of the object's `revoked-by` chain (the object itself when not revoked); undefined when the chain dead-ends revoked. */
  current(o: ModelObject | undefined): ModelObject | undefined {
    const seen = new Set<string>();
    let at = o;
    while (at && at.revoked === true) {
      if (seen.has(at.id)) return undefined;
      seen.add(at.id);
      const next = (at.getRevokedBy?.() as ModelObject | undefined) ?? this.object(this.#revokedBy.get(at.id) ?? '');
      at = next;
    }
    return at;
  }

  /** ATT&CK IDs of the current versions of `objects`, deduplicated and sorted. */
  currentIds(objects: readonly ModelObject[], keep: (o: ModelObject) => boolean = () => true): string[] {
    const out = new Set<string>();
    for (const o of objects) {
      const current = this.current(o);
      const id = current && keep(current) ? this.attackId(current) : undefined;
      if (id) out.add(id);
    }
    return [...out].sort(compareStrings);
  }
}

function mitreReference(o: ModelObject | undefined): { external_id?: string; url?: string } | undefined {
  return o?.external_references?.find((r) => r.source_name !== undefined && ATTACK_SOURCES.has(r.source_name) && typeof r.external_id === 'string');
}

/** Tactics of the domain's live matrix, in its tactic_refs order (the order ATT&CK shows them). */
function buildTactics(model: AttackDataModel, ids: AttackIds, domain: AttackDomain): Tactic[] {
  const live = model.matrices.filter(isActive);
  const matrices = live.filter((m) => ids.attackId(m as ModelObject) === domain);
  const refs = (matrices.length > 0 ? matrices : live).flatMap((m) => m.tactic_refs);
  const tactics: Tactic[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const t = ids.object(ref) as (ModelObject & { x_mitre_shortname?: string }) | undefined;
    const id = ids.attackId(t);
    if (!t || !id || !t.x_mitre_shortname || seen.has(id)) continue;
    seen.add(id);
    tactics.push({ id, shortname: t.x_mitre_shortname, name: t.name ?? t.x_mitre_shortname });
  }
  return tactics;
}

function buildTechniques(model: AttackDataModel, ids: AttackIds, tacticOrder: ReadonlyMap<string, number>): Technique[] {
  const out: Technique[] = [];
  for (const t of model.techniques) {
    const ref = mitreReference(t as ModelObject);
    const id = ref?.external_id;
    if (!id) continue;
    const phases = (t.kill_chain_phases ?? []).filter((p) => p.kill_chain_name.startsWith('mitre-')).map((p) => p.phase_name);
    const tactics = [...new Set(phases)].sort(
      (a, b) => (tacticOrder.get(a) ?? Infinity) - (tacticOrder.get(b) ?? Infinity) || compareStrings(a, b),
    );
    const parentObject = t.getParentTechnique() as ModelObject | undefined;
    const parent = ids.attackId(parentObject) ?? (t.x_mitre_is_subtechnique === true && id.includes('.') ? id.split('.')[0] : undefined);
    const revoked = t.revoked === true;
    const replacement = revoked ? ids.attackId(ids.current(t as ModelObject)) : undefined;
    const technique: { -readonly [K in keyof Technique]: Technique[K] } = {
      id,
      name: t.name,
      tactics,
      platforms: sortedUnique(t.x_mitre_platforms ?? []),
      url: ref.url ?? '',
      deprecated: t.x_mitre_deprecated === true,
      revoked,
    };
    if (parent) technique.parent = parent;
    if (replacement && replacement !== id) technique.replacedBy = replacement;
    out.push(reorder(technique, ['id', 'name', 'tactics', 'platforms', 'parent', 'url', 'deprecated', 'revoked', 'replacedBy']));
  }
  return sortById(out);
}

function isActiveTechnique(o: ModelObject): boolean {
  return o.type === 'attack-pattern' && isActive(o);
}

function buildSoftware(model: AttackDataModel, ids: AttackIds): Software[] {
  const out: Software[] = [];
  for (const s of [...model.malware, ...model.tools]) {
    const id = ids.attackId(s as ModelObject);
    if (!id || !isActive(s)) continue;
    out.push({
      id,
      name: s.name,
      type: s.type === 'tool' ? 'tool' : 'malware',
      aliases: aliasesOf(s.name, s.x_mitre_aliases),
      platforms: sortedUnique(s.x_mitre_platforms ?? []),
      techniques: ids.currentIds(s.getTechniques() as ModelObject[], isActiveTechnique),
    });
  }
  return sortById(out);
}

/** Group or campaign: direct techniques, software (current, active) and what that software adds. */
function actorOf(
  actor: { name: string; getTechniques(): unknown[]; getSoftware(): unknown[] },
  ids: AttackIds,
  activeSoftware: ReadonlyMap<string, Software>,
  aliases: readonly string[] | undefined,
): Actor[] {
  const id = ids.attackId(actor as unknown as ModelObject);
  if (!id) return [];
  const techniques = ids.currentIds(actor.getTechniques() as ModelObject[], isActiveTechnique);
  const software = ids.currentIds(actor.getSoftware() as ModelObject[]).filter((s) => activeSoftware.has(s));
  const direct = new Set(techniques);
  const via = new Set<string>();
  for (const s of software) for (const t of activeSoftware.get(s)!.techniques) if (!direct.has(t)) via.add(t);
  return [{ id, name: actor.name, aliases: aliasesOf(actor.name, aliases), techniques, software, techniquesViaSoftware: [...via].sort(compareStrings) }];
}

function namedObjects(list: readonly unknown[], ids: AttackIds, idPattern: RegExp, options: { keepDeprecated?: boolean } = {}): NamedObject[] {
  const out: NamedObject[] = [];
  for (const o of list as ModelObject[]) {
    const id = ids.attackId(o);
    // Legacy course-of-action objects carry technique IDs (T1234) and are deprecated: not mitigations.
    if (!id || !idPattern.test(id) || o.revoked === true || (o.x_mitre_deprecated === true && !options.keepDeprecated)) continue;
    out.push({ id, name: o.name ?? id });
  }
  return sortById(out);
}

/**
 * Revoked and deprecated objects that Sigma tags can name (attack.g0074, attack.s0609, ...), so
 * that scanning tells "ATT&CK retired it" (a warning naming the replacement) from a typo.
 */
function buildRetired(model: AttackDataModel, ids: AttackIds): RetiredObject[] {
  const lists: readonly (readonly [readonly unknown[], RetiredObjectKind, RegExp])[] = [
    [model.groups, 'group', /^G\d{4}$/],
    [model.campaigns, 'campaign', /^C\d{4}$/],
    [model.malware, 'software', /^S\d{4}$/],
    [model.tools, 'software', /^S\d{4}$/],
    // Legacy course-of-action objects carry technique IDs (T1234): not mitigations.
    [model.mitigations, 'mitigation', /^M\d{4}$/],
    [model.dataSources, 'data-source', /^DS\d{4}$/],
    [model.assets, 'asset', /^A\d{4}$/],
  ];
  const out: RetiredObject[] = [];
  for (const [list, kind, idPattern] of lists) {
    for (const o of list as ModelObject[]) {
      const id = ids.attackId(o);
      if (!id || !idPattern.test(id) || isActive(o)) continue;
      const revoked = o.revoked === true;
      const current = revoked ? ids.current(o) : undefined;
      const replacedBy = current && isActive(current) ? ids.attackId(current) : undefined;
      out.push(reorder({ id, name: o.name ?? id, kind, state: revoked ? 'revoked' : 'deprecated', replacedBy }, ['id', 'name', 'kind', 'state', 'replacedBy']));
    }
  }
  return sortById(out);
}

function buildDataComponents(model: AttackDataModel, ids: AttackIds): DataComponent[] {
  const out: DataComponent[] = [];
  for (const dc of model.dataComponents) {
    // Before v18 data components carried no ATT&CK ID (they were addressed by name under a data source).
    const id = ids.attackId(dc as ModelObject);
    if (!id || !isActive(dc)) continue;
    out.push({ id, name: dc.name, logSources: sortedUnique((dc.x_mitre_log_sources ?? []).map((l) => l.name)) });
  }
  return sortById(out);
}

function buildDetectionStrategies(model: AttackDataModel, ids: AttackIds): DetectionStrategy[] {
  // The model does not link `detects` from detection strategies (only from v17 data components).
  const detects = new Map<string, ModelObject[]>();
  for (const r of model.relationships) {
    if (r.relationship_type !== 'detects' || !r.source_ref.startsWith('x-mitre-detection-strategy--')) continue;
    const target = ids.object(r.target_ref);
    if (!target) continue;
    const list = detects.get(r.source_ref) ?? [];
    list.push(target);
    detects.set(r.source_ref, list);
  }
  const out: DetectionStrategy[] = [];
  for (const ds of model.detectionStrategies) {
    const id = ids.attackId(ds as ModelObject);
    if (!id || !isActive(ds)) continue;
    out.push({
      id,
      name: ds.name,
      techniques: ids.currentIds(detects.get(ds.id) ?? [], isActiveTechnique),
      analytics: ids.currentIds((ds.x_mitre_analytic_refs ?? []).flatMap((ref) => ids.object(ref) ?? [])),
    });
  }
  return sortById(out);
}

function buildAnalytics(model: AttackDataModel, ids: AttackIds): Analytic[] {
  const out: Analytic[] = [];
  for (const an of model.analytics) {
    const id = ids.attackId(an as ModelObject);
    if (!id || !isActive(an)) continue;
    const components = (an.x_mitre_log_source_references ?? []).flatMap((r) => ids.object(r.x_mitre_data_component_ref) ?? []);
    out.push({ id, name: an.name, platforms: sortedUnique(an.x_mitre_platforms ?? []), dataComponents: ids.currentIds(components) });
  }
  return sortById(out);
}

/** Aliases other than the name itself (ATT&CK lists the name as first alias), sorted. */
function aliasesOf(name: string, aliases: readonly string[] | undefined): string[] {
  return sortedUnique((aliases ?? []).filter((a) => a !== name));
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareStrings);
}

function sortById<T extends { id: string }>(list: T[]): T[] {
  return list.sort((a, b) => compareStrings(a.id, b.id));
}

/** Fixed key order, so the JSON is stable however the object was assembled. */
function reorder<T extends object>(o: T, keys: readonly (keyof T)[]): T {
  const out = {} as T;
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
