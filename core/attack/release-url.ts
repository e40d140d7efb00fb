import type { AttackDomain } from './catalog.js';

/**
 * MITRE publishes every ATT&CK release in the attack-stix-data repository as
 * `<domain>/<domain>-<version>.json` and the latest as `<domain>/<domain>.json`, the same layout
 * the ATT&CK data model downloads from.
 */
export const DEFAULT_ATTACK_BASE_URL = 'https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master';

export function attackReleaseUrl(baseUrl: string, domain: AttackDomain, version?: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return version ? `${base}/${domain}/${domain}-${version}.json` : `${base}/${domain}/${domain}.json`;
}
