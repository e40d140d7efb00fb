import type { FindingTable } from '../finding-definition.js';

/** Findings raised by the config area. Codes are stable API: never rename, only add. */
export const configFindings = {
} satisfies FindingTable;
