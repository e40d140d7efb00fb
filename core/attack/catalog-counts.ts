import type { Catalog } from './catalog.js';

/** What `covmap attack info` reports. Objects are active ones; revoked/deprecated count attack-patterns. */
export interface CatalogCounts {
  readonly tactics: number;
  readonly techniques: number;
  readonly subtechniques: number;
  readonly revoked: number;
  readonly deprecated: number;
  readonly groups: number;
  readonly campaigns: number;
  readonly software: number;
  readonly mitigations: number;
  readonly dataSources: number;
  readonly dataComponents: number;
  readonly detectionStrategies: number;
  readonly analytics: number;
  readonly assets: number;
}

export function catalogCounts(catalog: Catalog): CatalogCounts {
  let techniques = 0;
  let subtechniques = 0;
  let revoked = 0;
  let deprecated = 0;
  for (const t of catalog.techniques) {
    if (t.revoked) revoked++;
    // A revoked technique is counted once, as revoked, even if it was also deprecated.
    else if (t.deprecated) deprecated++;
    else if (t.parent === undefined) techniques++;
    else subtechniques++;
  }
  return {
    tactics: catalog.tactics.length,
    techniques,
    subtechniques,
    revoked,
    deprecated,
    groups: catalog.groups.length,
    campaigns: catalog.campaigns.length,
    software: catalog.software.length,
    mitigations: catalog.mitigations.length,
    dataSources: catalog.dataSources.length,
    dataComponents: catalog.dataComponents.length,
    detectionStrategies: catalog.detectionStrategies.length,
    analytics: catalog.analytics.length,
    assets: catalog.assets.length,
  };
}
