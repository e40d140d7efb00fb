import type { FindingTable } from '../finding-definition.js';

/** Findings raised by the attack area. Codes are stable API: never rename, only add. */
export const attackFindings = {
} satisfies FindingTable;
