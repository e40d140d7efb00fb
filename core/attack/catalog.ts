/**
 * The compact, versioned ATT&CK catalog: everything covmap needs from one domain of one ATT&CK
 * release, built once from a STIX bundle (through @mitre-attack/attack-data-model) and stored as
 * JSON so that every command can load it in milliseconds without the data model.
 *
 * Arrays are sorted (tactics in matrix order, everything else by ATT&CK ID) so the file is
 * byte-identical when regenerated from the same bundle.
 */
export type AttackDomain = 'enterprise-attack' | 'mobile-attack' | 'ics-attack';

export const ATTACK_DOMAINS: readonly AttackDomain[] = ['enterprise-attack', 'mobile-attack', 'ics-attack'];

/** Bumped whenever the shape below changes; loaders refuse other formats. */
export const CATALOG_FORMAT = 1;

export interface Catalog {
  readonly format: typeof CATALOG_FORMAT;
  readonly domain: AttackDomain;
  /** ATT&CK release, e.g. "18.1" (from the x-mitre-collection's x_mitre_version). */
  readonly version: string;
  /** The collection's `modified` timestamp (data, not build time, so regeneration is stable). */
  readonly modified: string;
  /** x_mitre_attack_spec_version of the collection. */
  readonly specVersion: string;
  /** In matrix order (the x-mitre-matrix object's tactic_refs). */
  readonly tactics: readonly Tactic[];
  /** Every attack-pattern, active, revoked and deprecated, sorted by ID. */
  readonly techniques: readonly Technique[];
  readonly groups: readonly Actor[];
  readonly campaigns: readonly Actor[];
  readonly software: readonly Software[];
  readonly mitigations: readonly NamedObject[];
  /** Legacy data sources (DSxxxx), still valid `attack.ds` tags (all deprecated since v18, kept unless revoked). */
  readonly dataSources: readonly NamedObject[];
  readonly dataComponents: readonly DataComponent[];
  readonly detectionStrategies: readonly DetectionStrategy[];
  readonly analytics: readonly Analytic[];
  /** ICS assets (Axxxx); empty for other domains. */
  readonly assets: readonly NamedObject[];
  /**
   * Groups, campaigns, software, mitigations, data sources and assets that ATT&CK revoked or
   * deprecated, sorted by ID, so that a tag naming one is told apart from a typo. Absent from
   * catalogs written before covmap kept them; such a catalog still loads, and such tags then read
   * as unknown.
   */
  readonly retired?: readonly RetiredObject[];
  /** What relaxed validation through the data model's schemas rejected, by type and reason. */
  readonly validation: CatalogValidation;
}

export interface Tactic {
  readonly id: string; // TA0002
  readonly shortname: string; // execution
  readonly name: string; // Execution
}

export interface Technique {
  readonly id: string; // T1059 or T1059.001
  readonly name: string;
  /** Tactic shortnames, in matrix order. */
  readonly tactics: readonly string[];
  readonly platforms: readonly string[];
  /** Parent technique ID for sub-techniques. */
  readonly parent?: string;
  readonly url: string;
  readonly deprecated: boolean;
  readonly revoked: boolean;
  /**
   * For revoked techniques: the current (non-revoked) replacement, found by following
   * `revoked-by` relationships to the end of the chain. Absent when there is none.
   */
  readonly replacedBy?: string;
}

export interface NamedObject {
  readonly id: string;
  readonly name: string;
}

export interface Actor extends NamedObject {
  readonly aliases: readonly string[];
  /** Techniques the actor uses directly (`uses` relationships), current IDs, sorted. */
  readonly techniques: readonly string[];
  /** Software IDs the actor uses. */
  readonly software: readonly string[];
  /** Techniques used only through that software (not already in `techniques`), sorted. */
  readonly techniquesViaSoftware: readonly string[];
}

export interface Software extends NamedObject {
  readonly type: 'malware' | 'tool';
  readonly aliases: readonly string[];
  readonly platforms: readonly string[];
  readonly techniques: readonly string[];
}

/** An object of `Catalog.retired`. */
export interface RetiredObject extends NamedObject {
  readonly kind: RetiredObjectKind;
  readonly state: 'revoked' | 'deprecated';
  /** For a revoked object: the current object at the end of its `revoked-by` chain, if any. */
  readonly replacedBy?: string;
}

export type RetiredObjectKind = 'group' | 'campaign' | 'software' | 'mitigation' | 'data-source' | 'asset';

export interface DataComponent extends NamedObject {
  /** Log source names (`x_mitre_log_sources[].name`), e.g. "WinEventLog:Security", deduplicated. */
  readonly logSources: readonly string[];
}

export interface DetectionStrategy extends NamedObject {
  /** Techniques it detects (`detects` relationships). */
  readonly techniques: readonly string[];
  /** Analytic IDs (ANxxxx). */
  readonly analytics: readonly string[];
}

export interface Analytic extends NamedObject {
  readonly platforms: readonly string[];
  /** Data component IDs (DCxxxx) it reads. */
  readonly dataComponents: readonly string[];
}

export interface CatalogValidation {
  readonly objects: number;
  readonly accepted: number;
  /** Objects the data model's schemas rejected, grouped; they are still used where safe. */
  readonly rejected: readonly { readonly type: string; readonly reason: string; readonly count: number }[];
}
