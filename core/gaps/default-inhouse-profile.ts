import { ALWAYS, watchHours } from '../scope/week-hours.js';
import type { InhouseProfile } from './inhouse-profile.js';

/**
 * The in-house profile when nothing was declared: hours undeclared (24x7 assumed, with a note),
 * every platform and logsource. A module of its own, with nothing but the light week-hours model
 * behind it, because inhouse-profile.ts loads the scope schema validator (Ajv 2020, ~85 ms at
 * start-up), which `covmap check` without an `inhouse` section never needs.
 */
export function defaultInhouseProfile(year: number): InhouseProfile {
  return { hours: watchHours(ALWAYS, year, false), platforms: [], logsources: [] };
}
