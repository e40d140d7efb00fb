import type { FindingTable } from '../finding-definition.js';

/** Findings raised by the scope area. Codes are stable API: never rename, only add. */
export const scopeFindings = {
} satisfies FindingTable;
