import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'vitest';

/**
 * Tests that read ../shared (ATT&CK bundles, the SigmaHQ corpus, provider samples) go through
 * `describeShared`. Without ../shared they are skipped with a message, as on a user's fresh clone;
 * with COVMAP_REQUIRE_SHARED=1 (CI) a missing ../shared fails loudly instead.
 */
export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
export const SHARED_DIR = resolve(process.env.COVMAP_SHARED_DIR ?? resolve(PROJECT_ROOT, '../shared'));
export const HAS_SHARED = existsSync(resolve(SHARED_DIR, 'attack/enterprise-attack-18.1.json'));
const REQUIRED = process.env.COVMAP_REQUIRE_SHARED === '1';

export function sharedPath(...parts: string[]): string {
  return resolve(SHARED_DIR, ...parts);
}

export function describeShared(name: string, body: () => void): void {
  if (HAS_SHARED) {
    describe(name, body);
  } else if (REQUIRED) {
    describe(name, () => {
      throw new Error(`COVMAP_REQUIRE_SHARED=1 but ${SHARED_DIR} is missing: these tests need ../shared`);
    });
  } else {
    // eslint-disable-next-line no-console
    console.warn(`skipping "${name}": ${SHARED_DIR} not found (set COVMAP_REQUIRE_SHARED=1 to fail instead)`);
    // The body is not run: it may read ../shared while vitest collects the suite.
    describe.skip(name, () => {
      it('needs ../shared', () => undefined);
    });
  }
}
