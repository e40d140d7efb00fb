import type { CatalogIndex } from '../attack/catalog-index.js';
import { compareStrings } from '../compare-strings.js';
import type { GapActor, GapMatrix } from './gap-matrix.js';

/** The matrix section of a gap report, from the catalog the report was computed against. */
export function buildGapMatrix(index: CatalogIndex): GapMatrix {
  const { catalog } = index;
  const entries: [string, GapActor][] = [];
  for (const g of catalog.groups) entries.push([g.id, { type: 'group', name: g.name, aliases: aliasesOf(g.name, g.aliases) }]);
  for (const c of catalog.campaigns) {
    const techniques = [...new Set([...c.techniques, ...c.techniquesViaSoftware])].sort();
    entries.push([c.id, { type: 'campaign', name: c.name, aliases: aliasesOf(c.name, c.aliases), techniques }]);
  }
  for (const s of catalog.software) entries.push([s.id, { type: 'software', name: s.name, aliases: aliasesOf(s.name, s.aliases) }]);
  // Sorted keys so that the JSON (and the HTML report that embeds it) is byte-identical per input.
  entries.sort(([a], [b]) => compareStrings(a, b));
  return {
    tactics: catalog.tactics.map((t) => ({ id: t.id, shortname: t.shortname, name: t.name })),
    actors: Object.fromEntries(entries),
  };
}

/** ATT&CK lists an object's own name as its first alias; repeating it only costs bytes. */
function aliasesOf(name: string, aliases: readonly string[]): string[] {
  return aliases.filter((a) => a !== name);
}
