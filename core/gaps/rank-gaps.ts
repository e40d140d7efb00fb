import { compareStrings } from '../compare-strings.js';

/**
 * Orders what nobody covers. The score is meant to be read: a technique the threat profile uses
 * outranks any that it does not (1,000,000 plus 10,000 per profile actor using it), then the
 * prevalence signal from ATT&CK itself (one point per group or software recorded using it). Ties go
 * to techniques with no covered sub-technique (fully blind before partly seen), then to ID order.
 */
export interface GapCandidate {
  readonly id: string;
  /** Group and software IDs using the technique (CatalogIndex.usersOf). */
  readonly usedBy: readonly string[];
  /** Names of the threat-profile actors using it. */
  readonly profileUsers: readonly string[];
  readonly coveredSubtechniques: number;
}

export interface GapRank {
  /** 1 = most urgent. */
  readonly priority: number;
  readonly score: number;
  /** 1 + the number of gaps used by more groups and software. */
  readonly prevalenceRank: number;
  /** How many gaps were ranked. */
  readonly of: number;
}

export const PROFILE_WEIGHT = 1_000_000;
export const PROFILE_ACTOR_WEIGHT = 10_000;

export function gapScore(c: GapCandidate): number {
  return (c.profileUsers.length > 0 ? PROFILE_WEIGHT + c.profileUsers.length * PROFILE_ACTOR_WEIGHT : 0) + c.usedBy.length;
}

export function rankGaps(candidates: readonly GapCandidate[]): Map<string, GapRank> {
  const scored = candidates.map((c) => ({ c, score: gapScore(c) }));
  scored.sort((a, b) => b.score - a.score || a.c.coveredSubtechniques - b.c.coveredSubtechniques || compareStrings(a.c.id, b.c.id));
  const prevalence = candidates.map((c) => c.usedBy.length).sort((a, b) => b - a);
  const rankOf = (n: number) => 1 + prevalence.findIndex((p) => p <= n);
  const out = new Map<string, GapRank>();
  scored.forEach(({ c, score }, i) => out.set(c.id, { priority: i + 1, score, prevalenceRank: rankOf(c.usedBy.length), of: candidates.length }));
  return out;
}
