import type { CatalogIndex } from '../attack/catalog-index.js';
import type { CovmapConfig } from '../config/covmap-config.js';
import type { Finding } from '../findings/finding.js';
import type { InhouseProfile } from '../gaps/inhouse-profile.js';
import { resolveThreatProfile } from '../gaps/threat-profile.js';
import { canonicalPlatforms } from '../scope/attack-platforms.js';
import type { CoverageScope } from './measure-coverage.js';

/**
 * What coverage is measured against, from the config: the platform filter, the threat profile
 * (resolved through the gaps area's resolver) and the in-house profile. Shared by `check` and
 * `baseline write` so that both see the same universe and profile.
 */
export function coverageScopeFor(
  config: CovmapConfig | undefined,
  index: CatalogIndex,
  context: { readonly inhouse?: InhouseProfile | undefined; readonly year: number },
): { scope: CoverageScope; diagnostics: Finding[] } {
  const threat = config?.profile && config.profile.length > 0 ? resolveThreatProfile(index, config.profile) : undefined;
  return {
    scope: {
      platforms: canonicalPlatforms(index, config?.platforms ?? []),
      ...(threat ? { profile: threat.profile } : {}),
      ...(context.inhouse ? { inhouse: context.inhouse } : {}),
      year: context.year,
    },
    diagnostics: threat?.diagnostics ?? [],
  };
}
