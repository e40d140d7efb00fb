import type { CatalogIndex } from '../attack/catalog-index.js';
import type { Finding } from '../findings/finding.js';
import { canonicalPlatforms } from '../scope/attack-platforms.js';
import type { Logsource } from '../scope/logsource.js';
import { readHours } from '../scope/read-hours.js';
import type { Locate, PathSegment } from '../scope/source-position.js';
import { unknownPlatformFinding } from '../scope/unknown-platform-finding.js';
import { validateScopeSchema } from '../scope/validate-scope-schema.js';
import type { WatchHours } from '../scope/week-hours.js';
import { defaultInhouseProfile } from './default-inhouse-profile.js';

/**
 * The in-house side of the comparison besides our rules: when our SOC watches, and which
 * platforms and Sigma logsources we actually collect. Given by flags (--soc-hours,
 * --inhouse-platform, --inhouse-logsource) or by the `inhouse` section of .covmap.yml; both go
 * through `parseInhouseProfile`, validated by the `inhouseProfile` definition of
 * data/schema/covmap-scope.schema.json.
 */
export interface InhouseProfile {
  /** SOC hours; `declared: false` when not given (24x7 assumed, with a note). */
  readonly hours: WatchHours;
  /** ATT&CK platforms we collect from, in ATT&CK spelling; empty = not declared. */
  readonly platforms: readonly string[];
  /** Sigma logsources we collect; empty = not declared. */
  readonly logsources: readonly Logsource[];
}

/** The plain form, as in YAML: `{ hours, platforms, logsources }`, every field optional. */
export interface InhouseProfileInput {
  readonly hours?: string | { readonly timezone: string; readonly weekly: readonly { readonly days: string | readonly string[]; readonly from: string; readonly to: string }[] };
  readonly platforms?: readonly string[];
  readonly logsources?: readonly Logsource[];
}

export interface InhouseProfileContext {
  readonly index: CatalogIndex;
  /** Reference year of the hours mask (see core/scope/week-hours.ts). */
  readonly year: number;
  /** Where the section came from, for located findings (a config file); absent for flags. */
  readonly file?: string | undefined;
  readonly locate?: Locate | undefined;
  /** Path of the section inside that file, e.g. ['inhouse']. */
  readonly base?: readonly PathSegment[] | undefined;
}

/**
 * Validates and normalises an in-house profile. Error findings mean the input was wrong (the CLI
 * turns them into a usage error); the returned profile then keeps the defaults for the bad parts.
 */
export function parseInhouseProfile(value: unknown, ctx: InhouseProfileContext): { profile: InhouseProfile; diagnostics: Finding[] } {
  const base = ctx.base ?? [];
  const locate: Locate = ctx.locate ?? (() => ({ line: 0, column: 0 }));
  const where = (path: readonly PathSegment[]) => (ctx.locate ? { file: ctx.file, ...locate([...base, ...path]) } : { file: ctx.file });
  // An empty profile is valid; skipping the validator keeps ajv out of runs that have none.
  const empty = value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0);
  const diagnostics = empty
    ? []
    : validateScopeSchema(value, ctx.file, locate, 'inhouseProfile', base).map((f) => (ctx.locate ? f : { ...f, line: undefined, column: undefined }));
  const fallback = defaultInhouseProfile(ctx.year);
  if (diagnostics.some((d) => d.severity === 'error')) return { profile: fallback, diagnostics };
  const input = (value ?? {}) as InhouseProfileInput;

  let hours = fallback.hours;
  if (input.hours !== undefined) {
    const read = readHours(input.hours, [...base, 'hours'], { file: ctx.file, locate, year: ctx.year });
    diagnostics.push(...read.diagnostics.map((f) => (ctx.locate ? f : { ...f, line: undefined, column: undefined })));
    if (read.hours) hours = read.hours;
  }
  const platforms = canonicalPlatforms(ctx.index, input.platforms ?? [], (name, i) =>
    diagnostics.push(unknownPlatformFinding(ctx.index, name, where(['platforms', i]))),
  );
  return { profile: { hours, platforms: platforms.sort(), logsources: input.logsources ?? [] }, diagnostics };
}
