import type { FindingTable } from '../finding-definition.js';

/** Findings raised by the gaps area. Codes are stable API: never rename, only add. */
export const gapsFindings = {
} satisfies FindingTable;
