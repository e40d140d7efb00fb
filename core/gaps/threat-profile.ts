import type { ActorMatch, CatalogIndex } from '../attack/catalog-index.js';
import { compareStrings } from '../compare-strings.js';
import type { Finding } from '../findings/finding.js';
import { makeFinding } from '../findings/make-finding.js';

export interface ThreatProfile {
  /** What the user asked for, as given. */
  readonly query: readonly string[];
  readonly actors: readonly { readonly id: string; readonly name: string; readonly type: ActorMatch['kind'] }[];
  /** Techniques they use, directly or through their software, current IDs, sorted. */
  readonly techniques: readonly string[];
  /** Per technique: the names of the profile's actors that use it. */
  readonly usersByTechnique: ReadonlyMap<string, readonly string[]>;
}

/**
 * Resolves --profile values (group, campaign or software IDs, names or aliases) to ATT&CK actors
 * and their techniques. Unknown names are returned for the caller to report (the CLI makes them a
 * usage error); a name matching several objects uses them all, with a note.
 */
export function resolveThreatProfile(index: CatalogIndex, queries: readonly string[]): { profile: ThreatProfile; unknown: string[]; diagnostics: Finding[] } {
  const unknown: string[] = [];
  const diagnostics: Finding[] = [];
  const actors = new Map<string, { id: string; name: string; type: ActorMatch['kind'] }>();
  for (const query of queries) {
    const matches = index.findActors(query);
    if (matches.length === 0) {
      unknown.push(query);
      continue;
    }
    if (matches.length > 1) diagnostics.push(makeFinding('GAPS_PROFILE_AMBIGUOUS', {}, { query, matches: matches.map((m) => `${m.id} ${m.name} (${m.kind})`) }));
    for (const m of matches) actors.set(m.id, { id: m.id, name: m.name, type: m.kind });
  }
  const sorted = [...actors.values()].sort((a, b) => compareStrings(a.id, b.id));
  const usersByTechnique = new Map<string, string[]>();
  for (const actor of sorted) {
    for (const t of index.profileTechniques([actor.id])) {
      const list = usersByTechnique.get(t) ?? [];
      list.push(actor.name);
      usersByTechnique.set(t, list);
    }
  }
  return {
    profile: { query: [...queries], actors: sorted, techniques: index.profileTechniques(sorted.map((a) => a.id)), usersByTechnique },
    unknown,
    diagnostics,
  };
}
