import type { Finding } from '../findings/finding.js';
import { makeFinding } from '../findings/make-finding.js';
import { jsonPointer, type Locate, type PathSegment } from './source-position.js';
import { parseSchedule, scheduleFromObject, watchHours, type WatchHours } from './week-hours.js';

export interface HoursContext {
  readonly file?: string | undefined;
  readonly locate: Locate;
  readonly year: number;
}

/**
 * Hours from a schema-checked value (schedule text or `{timezone, weekly}`), or a located
 * SCOPE_INVALID_HOURS finding.
 */
export function readHours(value: unknown, path: readonly PathSegment[], ctx: HoursContext): { hours?: WatchHours; diagnostics: Finding[] } {
  const result =
    typeof value === 'string'
      ? parseSchedule(value)
      : scheduleFromObject(value as Parameters<typeof scheduleFromObject>[0]);
  if ('schedule' in result) return { hours: watchHours(result.schedule, ctx.year), diagnostics: [] };
  const extra: readonly PathSegment[] = 'at' in result && Array.isArray(result.at) ? result.at : [];
  const at = [...path, ...extra];
  return {
    diagnostics: [
      makeFinding('SCOPE_INVALID_HOURS', { file: ctx.file, ...ctx.locate(at) }, { path: jsonPointer(at), reason: result.problem.reason, token: result.problem.token }),
    ],
  };
}
