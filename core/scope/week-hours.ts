/**
 * The hours model: who watches when. A schedule is `24x7` or weekly windows in an IANA time zone
 * ("Mon-Fri 08:00-18:00 Europe/Amsterdam"); every source's schedule becomes a 168-hour mask of the
 * week in UTC (hour 0 = Monday 00:00 UTC), so a provider in one zone and a SOC in another can be
 * compared hour by hour.
 *
 * Daylight saving time: a zone's UTC offset changes during the year, so the same local schedule
 * covers different UTC hours in summer and winter. The mask is conservative: a UTC hour of the
 * week counts as watched only when every minute of it is inside the schedule in EVERY week of the
 * reference year (the offsets come from Intl, i.e. the ICU time zone data of the running Node).
 * Business hours 08:00-18:00 in Europe/Amsterdam are 07:00-17:00 UTC in winter and 06:00-16:00 UTC
 * in summer, so the mask holds 07:00-16:00 UTC: 45 hours a week, not 50. Public holidays are not
 * modelled.
 */
export const HOURS_PER_WEEK = 168;
const MINUTES_PER_DAY = 1440;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export interface WeeklyRule {
  /** 0 = Monday ... 6 = Sunday, sorted, unique. */
  readonly days: readonly number[];
  /** Minutes after local midnight (`to` may be 1440, i.e. 24:00); `to` < `from` runs past midnight. */
  readonly from: number;
  readonly to: number;
}

export interface WeeklySchedule {
  readonly always: boolean;
  /** Canonical IANA name (as Intl resolves it); absent for 24x7. */
  readonly zone?: string;
  readonly rules: readonly WeeklyRule[];
}

/** What the report says about a source's hours. */
export interface WatchHours {
  /** Normalized schedule text, e.g. "24x7" or "Mon-Fri 08:00-18:00 Europe/Amsterdam". */
  readonly schedule: string;
  readonly always: boolean;
  /** 168 characters, '1' = watched for the whole hour in every week of the reference year. */
  readonly mask: string;
  readonly hoursPerWeek: number;
  /** False when the input said nothing and 24x7 was assumed. */
  readonly declared: boolean;
}

export type ScheduleProblemReason =
  | 'empty'
  | 'missing-zone'
  | 'unknown-zone'
  | 'bad-days'
  | 'bad-time'
  | 'empty-window'
  | 'missing-times';

export interface ScheduleProblem {
  readonly reason: ScheduleProblemReason;
  /** The offending part of the input. */
  readonly token: string;
}

export type ScheduleResult = { readonly schedule: WeeklySchedule } | { readonly problem: ScheduleProblem };

export const ALWAYS: WeeklySchedule = { always: true, rules: [] };

/**
 * Parses the text form: `24x7` (also `24/7`, `always`), or one or more `<days> <times>` groups
 * followed by a time zone, e.g. `Mon-Fri 08:00-18:00 Europe/Amsterdam`,
 * `Mon-Fri 07:00-19:00, Sat 09:00-13:00 UTC`, `weekdays 08:00-12:00,13:00-17:00 Europe/Berlin`,
 * `daily 22:00-06:00 America/New_York` (a window that ends at or before its start runs overnight).
 * Days: Mon..Sun (or full names), ranges (Mon-Fri, Fri-Mon), lists (Mon,Wed), daily, weekdays,
 * weekends.
 */
export function parseSchedule(text: string): ScheduleResult {
  const trimmed = text.trim();
  if (trimmed === '') return problem('empty', text);
  if (/^(24x7|24\/7|always)$/i.test(trimmed)) return { schedule: ALWAYS };
  const tokens = trimmed
    .split(/\s+/)
    .map((t) => t.replace(/[,;]+$/, ''))
    .filter((t) => t !== '');
  const zoneToken = tokens[tokens.length - 1]!;
  if (tokens.length < 3 || parseDays(zoneToken) || TIME_LIST.test(zoneToken)) return problem('missing-zone', trimmed);
  const zone = resolveZone(zoneToken);
  if (!zone) return problem('unknown-zone', zoneToken);
  const rules: WeeklyRule[] = [];
  let days: number[] | undefined;
  let daysHaveTimes = true;
  for (const token of tokens.slice(0, -1)) {
    const asDays = parseDays(token);
    if (asDays) {
      if (!daysHaveTimes) return problem('missing-times', daysText(days!));
      days = asDays;
      daysHaveTimes = false;
      continue;
    }
    if (!days) return problem('bad-days', token);
    const windows = parseTimes(token);
    if ('problem' in windows) return windows;
    for (const w of windows.windows) rules.push({ days, ...w });
    daysHaveTimes = true;
  }
  if (!daysHaveTimes) return problem('missing-times', daysText(days!));
  return { schedule: { always: false, zone, rules } };
}

/** The structured YAML form: `{ timezone, weekly: [{ days, from, to }] }` (already schema-checked). */
export function scheduleFromObject(value: {
  readonly timezone: string;
  readonly weekly: readonly { readonly days: string | readonly string[]; readonly from: string; readonly to: string }[];
}): ScheduleResult & { readonly at?: readonly (string | number)[] } {
  const zone = resolveZone(value.timezone);
  if (!zone) return { problem: { reason: 'unknown-zone', token: value.timezone }, at: ['timezone'] };
  const rules: WeeklyRule[] = [];
  for (const [i, w] of value.weekly.entries()) {
    const daysText = typeof w.days === 'string' ? w.days : w.days.join(',');
    const days = parseDays(daysText.replace(/\s+/g, ''));
    if (!days) return { problem: { reason: 'bad-days', token: daysText }, at: ['weekly', i, 'days'] };
    const windows = parseTimes(`${w.from}-${w.to}`);
    if ('problem' in windows) return { ...windows, at: ['weekly', i] };
    for (const x of windows.windows) rules.push({ days, ...x });
  }
  return { schedule: { always: false, zone, rules } };
}

export function formatSchedule(schedule: WeeklySchedule): string {
  if (schedule.always) return '24x7';
  const groups: string[] = [];
  for (const rule of schedule.rules) {
    const times = `${clock(rule.from)}-${clock(rule.to)}`;
    const days = daysText(rule.days);
    const last = groups[groups.length - 1];
    // Consecutive windows on the same days read as one group: "Mon-Fri 08:00-12:00,13:00-17:00".
    if (last?.startsWith(`${days} `)) groups[groups.length - 1] = `${last},${times}`;
    else groups.push(`${days} ${times}`);
  }
  return `${groups.join(', ')} ${schedule.zone}`;
}

const maskCache = new Map<string, string>();

/** The 168-hour UTC mask of a schedule for a reference year (see the DST rule above). */
export function weekMask(schedule: WeeklySchedule, year: number): string {
  if (schedule.always) return '1'.repeat(HOURS_PER_WEEK);
  const key = `${year}|${formatSchedule(schedule)}`;
  const cached = maskCache.get(key);
  if (cached) return cached;
  const local = localMinutes(schedule.rules);
  const offsets = yearOffsets(schedule.zone!, year);
  const watched = new Array<boolean>(HOURS_PER_WEEK).fill(true);
  const start = Date.UTC(year, 0, 1);
  for (let h = 0; h < offsets.length; h++) {
    const t = start + h * 3_600_000;
    const utcMinuteOfWeek = weekMinute(t);
    const slot = Math.floor(utcMinuteOfWeek / 60);
    if (!watched[slot]) continue;
    const localStart = weekMinute(t + offsets[h]! * 60_000);
    for (let m = 0; m < 60; m++) {
      if (!local[(localStart + m) % MINUTES_PER_WEEK]) {
        watched[slot] = false;
        break;
      }
    }
  }
  const mask = watched.map((w) => (w ? '1' : '0')).join('');
  maskCache.set(key, mask);
  return mask;
}

export function watchHours(schedule: WeeklySchedule, year: number, declared = true): WatchHours {
  const mask = weekMask(schedule, year);
  const hoursPerWeek = countHours(mask);
  return { schedule: formatSchedule(schedule), always: hoursPerWeek === HOURS_PER_WEEK, mask, hoursPerWeek, declared };
}

/** Hours watched by at least one of the masks. */
export function unionMasks(masks: readonly string[]): string {
  if (masks.length === 0) return '0'.repeat(HOURS_PER_WEEK);
  let out = '';
  for (let i = 0; i < HOURS_PER_WEEK; i++) out += masks.some((m) => m[i] === '1') ? '1' : '0';
  return out;
}

export function countHours(mask: string): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask.charCodeAt(i) === 49) n++;
  return n;
}

/** "Sat 02:00 UTC" style label of a mask slot, for text output. */
export function slotLabel(slot: number): string {
  return `${DAY_NAMES[Math.floor(slot / 24)]} ${String(slot % 24).padStart(2, '0')}:00 UTC`;
}

// --- parsing helpers -----------------------------------------------------------------------

const TIME = /^(\d{1,2}):(\d{2})$/;
const TIME_LIST = /^\d{1,2}:\d{2}-\d{1,2}:\d{2}(,\d{1,2}:\d{2}-\d{1,2}:\d{2})*$/;
const DAY_ALIASES: Readonly<Record<string, readonly number[]>> = {
  daily: [0, 1, 2, 3, 4, 5, 6],
  weekdays: [0, 1, 2, 3, 4],
  weekends: [5, 6],
};

function dayIndex(name: string): number | undefined {
  const n = name.toLowerCase();
  const i = DAY_NAMES.findIndex((d) => d.toLowerCase() === n.slice(0, 3));
  if (i < 0) return undefined;
  const full = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'][i]!;
  return n.length === 3 || n === full ? i : undefined;
}

function parseDays(token: string): number[] | undefined {
  const out = new Set<number>();
  for (const part of token.split(',')) {
    const alias = DAY_ALIASES[part.toLowerCase()];
    if (alias) {
      alias.forEach((d) => out.add(d));
      continue;
    }
    const range = part.split('-');
    if (range.length === 1) {
      const d = dayIndex(part);
      if (d === undefined) return undefined;
      out.add(d);
    } else if (range.length === 2) {
      const a = dayIndex(range[0]!);
      const b = dayIndex(range[1]!);
      if (a === undefined || b === undefined) return undefined;
      // Fri-Mon wraps over the weekend.
      for (let d = a; ; d = (d + 1) % 7) {
        out.add(d);
        if (d === b) break;
      }
    } else {
      return undefined;
    }
  }
  return out.size > 0 ? [...out].sort((x, y) => x - y) : undefined;
}

function parseTimes(token: string): { windows: { from: number; to: number }[] } | { problem: ScheduleProblem } {
  const windows: { from: number; to: number }[] = [];
  for (const part of token.split(',')) {
    const [a, b, ...rest] = part.split('-');
    const from = a === undefined ? undefined : minutes(a, false);
    const to = b === undefined ? undefined : minutes(b, true);
    if (rest.length > 0 || from === undefined || to === undefined) return problem('bad-time', part);
    if (from === to) return problem('empty-window', part);
    windows.push({ from, to });
  }
  return { windows };
}

function minutes(text: string, allow24: boolean): number | undefined {
  const m = TIME.exec(text);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && (min !== 0 || !allow24))) return undefined;
  return h * 60 + min;
}

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

function daysText(days: readonly number[]): string {
  if (days.length === 7) return 'daily';
  // Contiguous runs (Mon-Fri), otherwise a list (Mon,Wed,Fri).
  const runs: string[] = [];
  let i = 0;
  while (i < days.length) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    runs.push(j - i >= 2 ? `${DAY_NAMES[days[i]!]}-${DAY_NAMES[days[j]!]}` : days.slice(i, j + 1).map((d) => DAY_NAMES[d]).join(','));
    i = j + 1;
  }
  return runs.join(',');
}

function problem(reason: ScheduleProblemReason, token: string): { problem: ScheduleProblem } {
  return { problem: { reason, token } };
}

/**
 * The zone as the user wrote it when Intl accepts it (ICU would turn Asia/Kolkata into its legacy
 * canonical Asia/Calcutta), with ICU's capitalisation when only the case differs.
 */
const zoneCache = new Map<string, string | undefined>();

function resolveZone(name: string): string | undefined {
  if (zoneCache.has(name)) return zoneCache.get(name);
  const zone = lookupZone(name);
  zoneCache.set(name, zone);
  return zone;
}

function lookupZone(name: string): string | undefined {
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    return resolved.toLowerCase() === name.toLowerCase() ? resolved : name;
  } catch {
    return undefined;
  }
}

// --- time helpers ---------------------------------------------------------------------------

/** Which minutes of the local week the rules watch (Monday 00:00 local = minute 0). */
function localMinutes(rules: readonly WeeklyRule[]): Uint8Array {
  const out = new Uint8Array(MINUTES_PER_WEEK);
  for (const rule of rules) {
    const length = rule.to > rule.from ? rule.to - rule.from : MINUTES_PER_DAY - rule.from + rule.to;
    for (const day of rule.days) {
      const start = day * MINUTES_PER_DAY + rule.from;
      for (let m = 0; m < length; m++) out[(start + m) % MINUTES_PER_WEEK] = 1;
    }
  }
  return out;
}

/** Minute of the (Monday-based) week of an epoch-milliseconds instant read as UTC wall time. */
function weekMinute(ms: number): number {
  const totalMinutes = Math.floor(ms / 60_000);
  const day = Math.floor(totalMinutes / MINUTES_PER_DAY);
  // 1970-01-01 was a Thursday (index 3 with Monday = 0).
  const weekday = (((day + 3) % 7) + 7) % 7;
  const minuteOfDay = totalMinutes - day * MINUTES_PER_DAY;
  return weekday * MINUTES_PER_DAY + minuteOfDay;
}

const offsetCache = new Map<string, readonly number[]>();

/** UTC offset in minutes for every hour of the year (index 0 = Jan 1 00:00 UTC). */
function yearOffsets(zone: string, year: number): readonly number[] {
  const key = `${zone}|${year}`;
  let offsets = offsetCache.get(key);
  if (!offsets) offsetCache.set(key, (offsets = computeYearOffsets(zone, year)));
  return offsets;
}

function computeYearOffsets(zone: string, year: number): number[] {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  const offsetAt = (t: number): number => {
    const parts: Record<string, number> = {};
    for (const p of fmt.formatToParts(new Date(t))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!);
    return Math.round((local - t) / 60_000);
  };
  const start = Date.UTC(year, 0, 1);
  const hours = Math.round((Date.UTC(year + 1, 0, 1) - start) / 3_600_000);
  const out = new Array<number>(hours);
  // Offsets change at most a few times a year: ask Intl once a day (at 00:00 UTC) and hour by
  // hour only through a day whose offset differs from the next day's.
  const days = Math.ceil(hours / 24);
  const daily = Array.from({ length: days + 1 }, (_, d) => offsetAt(start + d * 86_400_000));
  for (let d = 0; d < days; d++) {
    const t0 = start + d * 86_400_000;
    const steady = daily[d] === daily[d + 1];
    for (let h = 0; h < 24 && d * 24 + h < hours; h++) out[d * 24 + h] = steady ? daily[d]! : offsetAt(t0 + h * 3_600_000);
  }
  return out;
}
