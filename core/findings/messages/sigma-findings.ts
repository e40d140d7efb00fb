import type { FindingTable } from '../finding-definition.js';

/** Findings raised by the sigma area. Codes are stable API: never rename, only add. */
export const sigmaFindings = {
} satisfies FindingTable;
