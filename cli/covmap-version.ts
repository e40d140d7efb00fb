/** Kept in step with package.json by test/covmap-version.test.ts. */
export const COVMAP_VERSION = '0.1.0';
