/**
 * What a matrix view of a gap report needs beyond `techniques`: every tactic column in matrix
 * order (even columns with nothing in the universe) and the names of the groups, campaigns and
 * software that techniques' `usedBy` lists, so the web view can name them and filter by any of
 * them without the ATT&CK catalog. Optional in `GapReport`; `covmap report` and `covmap view` add
 * it when a report lacks it.
 */
export interface GapMatrix {
  /** Every tactic of the domain, in matrix order. */
  readonly tactics: readonly { readonly id: string; readonly shortname: string; readonly name: string }[];
  /** Every group, campaign and software of the catalog, by ID (keys sorted). */
  readonly actors: Readonly<Record<string, GapActor>>;
}

export interface GapActor {
  readonly type: 'group' | 'campaign' | 'software';
  readonly name: string;
  readonly aliases: readonly string[];
  /**
   * Campaigns only: the techniques they use, directly or through their software. Groups and
   * software are found through `TechniqueGap.usedBy` instead, which the report already carries.
   */
  readonly techniques?: readonly string[];
}
