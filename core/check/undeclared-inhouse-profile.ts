import type { InhouseProfile } from '../gaps/inhouse-profile.js';
import { ALWAYS, watchHours } from '../scope/week-hours.js';

/**
 * The in-house profile when the config has no `inhouse` section: hours undeclared (24x7 assumed),
 * every platform and logsource. The same value as the gaps area's `defaultInhouseProfile`, built
 * here from the light week-hours module because importing inhouse-profile.ts loads the scope
 * schema validator (Ajv 2020, ~85 ms), which a check without `inhouse` never needs.
 */
export function undeclaredInhouseProfile(year: number): InhouseProfile {
  return { hours: watchHours(ALWAYS, year, false), platforms: [], logsources: [] };
}
