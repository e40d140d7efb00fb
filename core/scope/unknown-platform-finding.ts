import type { CatalogIndex } from '../attack/catalog-index.js';
import type { Finding, FindingLocation } from '../findings/finding.js';
import { makeFinding } from '../findings/make-finding.js';
import { attackPlatforms } from './attack-platforms.js';

/**
 * SCOPE_UNKNOWN_PLATFORM for a platform name the loaded ATT&CK release does not have, listing
 * the ones it does, so every input that names platforms (scope files, DeTT&CT, the in-house
 * profile) reports the mistake the same way.
 */
export function unknownPlatformFinding(index: CatalogIndex, platform: string, location: FindingLocation): Finding {
  return makeFinding('SCOPE_UNKNOWN_PLATFORM', location, { platform, known: [...attackPlatforms(index).values()] });
}
