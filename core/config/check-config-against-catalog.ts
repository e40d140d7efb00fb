import type { CatalogIndex } from '../attack/catalog-index.js';
import type { Finding } from '../findings/finding.js';
import { makeFinding } from '../findings/make-finding.js';
import { attackPlatforms, canonicalPlatform } from '../scope/attack-platforms.js';
import { closestName } from './closest-name.js';
import { configLocation, type CovmapConfig } from './covmap-config.js';
import { escapePointer } from './json-pointer.js';

/**
 * The checks a schema cannot make because they depend on the ATT&CK release in use: tactic names
 * in thresholds, platforms, and the groups, campaigns and software of the threat profile. Each
 * problem points at the entry in the config.
 */
export function checkConfigAgainstCatalog(config: CovmapConfig, index: CatalogIndex): Finding[] {
  const findings: Finding[] = [];
  const version = index.catalog.version;
  const shortnames = index.catalog.tactics.map((t) => t.shortname);
  for (const tactic of Object.keys(config.thresholds?.tactics ?? {})) {
    if (shortnames.includes(tactic)) continue;
    const suggestion = closestName(tactic, shortnames);
    findings.push(
      makeFinding('CONFIG_UNKNOWN_TACTIC', configLocation(config, `/thresholds/tactics/${escapePointer(tactic)}`), {
        tactic,
        attackVersion: version,
        allowed: shortnames,
        ...(suggestion ? { suggestion } : {}),
      }),
    );
  }
  (config.platforms ?? []).forEach((platform, i) => {
    if (canonicalPlatform(index, platform)) return;
    findings.push(makeFinding('CONFIG_UNKNOWN_PLATFORM', configLocation(config, `/platforms/${i}`), { platform, attackVersion: version, allowed: [...attackPlatforms(index).values()] }));
  });
  (config.profile ?? []).forEach((query, i) => {
    if (index.findActors(query).length > 0) return;
    findings.push(makeFinding('CONFIG_UNKNOWN_ACTOR', configLocation(config, `/profile/${i}`), { query, attackVersion: version }));
  });
  if (config.thresholds?.minProfileCoverage !== undefined && (config.profile ?? []).length === 0) {
    findings.push(makeFinding('CONFIG_PROFILE_REQUIRED', configLocation(config, '/thresholds/min_profile_coverage')));
  }
  return findings;
}
