import type { FindingTable } from '../finding-definition.js';

/** Findings raised by the check area. Codes are stable API: never rename, only add. */
export const checkFindings = {
} satisfies FindingTable;
