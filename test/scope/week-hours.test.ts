import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countHours, formatSchedule, parseSchedule, unionMasks, watchHours, weekMask, type WeeklySchedule } from '../../core/scope/week-hours.js';

function schedule(text: string): WeeklySchedule {
  const r = parseSchedule(text);
  if ('problem' in r) throw new Error(`${text}: ${r.problem.reason}`);
  return r.schedule;
}

/** Expected mask from a rule "watched when f(day, hour)" over UTC hours (Monday = day 0). */
function maskWhere(f: (day: number, hour: number) => boolean): string {
  return Array.from({ length: 168 }, (_, h) => (f(Math.floor(h / 24), h % 24) ? '1' : '0')).join('');
}

describe('parseSchedule', () => {
  it('reads 24x7 and weekly windows with a time zone', () => {
    expect(schedule('24x7')).toEqual({ always: true, rules: [] });
    expect(schedule('24/7').always).toBe(true);
    expect(schedule('Mon-Fri 08:00-18:00 Europe/Amsterdam')).toEqual({ always: false, zone: 'Europe/Amsterdam', rules: [{ days: [0, 1, 2, 3, 4], from: 480, to: 1080 }] });
    expect(schedule('Fri-Mon 22:00-06:00 UTC').rules).toEqual([{ days: [0, 4, 5, 6], from: 1320, to: 360 }]);
    expect(schedule('weekdays 08:00-12:00,13:00-17:00 europe/berlin')).toMatchObject({ zone: 'Europe/Berlin', rules: [{ from: 480, to: 720 }, { from: 780, to: 1020 }] });
    expect(schedule('Mon,Wed 09:00-10:00; Sat 10:00-24:00 UTC').rules).toEqual([
      { days: [0, 2], from: 540, to: 600 },
      { days: [5], from: 600, to: 1440 },
    ]);
  });

  it('names what is wrong', () => {
    const reason = (text: string) => {
      const r = parseSchedule(text);
      return 'problem' in r ? r.problem : undefined;
    };
    expect(reason('')).toEqual({ reason: 'empty', token: '' });
    expect(reason('Mon-Fri 08:00-18:00')).toMatchObject({ reason: 'missing-zone' });
    expect(reason('Mon-Fri 08:00-18:00 Mars/Base')).toEqual({ reason: 'unknown-zone', token: 'Mars/Base' });
    expect(reason('Someday 08:00-18:00 UTC')).toEqual({ reason: 'bad-days', token: 'Someday' });
    expect(reason('Mon-Fri 8-18 UTC')).toEqual({ reason: 'bad-time', token: '8-18' });
    expect(reason('Mon-Fri 25:00-26:00 UTC')).toEqual({ reason: 'bad-time', token: '25:00-26:00' });
    expect(reason('Mon-Fri 09:00-09:00 UTC')).toEqual({ reason: 'empty-window', token: '09:00-09:00' });
    expect(reason('Mon-Fri Sat 09:00-10:00 UTC')).toEqual({ reason: 'missing-times', token: 'Mon-Fri' });
  });

  it('formats back to a text that parses to the same schedule', () => {
    for (const text of ['Mon-Fri 08:00-18:00 Europe/Amsterdam', 'daily 22:00-06:00 UTC', 'Mon,Wed,Fri 07:30-19:45 America/New_York', 'Sat-Sun 00:00-24:00 Asia/Tokyo']) {
      const s = schedule(text);
      expect(schedule(formatSchedule(s))).toEqual(s);
    }
  });
});

describe('weekMask', () => {
  it('UTC schedules map hour for hour', () => {
    expect(weekMask(schedule('Mon-Fri 08:00-18:00 UTC'), 2026)).toBe(maskWhere((d, h) => d < 5 && h >= 8 && h < 18));
    // Overnight windows run into the next day; Sunday night runs into Monday morning.
    expect(weekMask(schedule('Sun 22:00-06:00 UTC'), 2026)).toBe(maskWhere((d, h) => (d === 6 && h >= 22) || (d === 0 && h < 6)));
  });

  it('daylight saving time: only hours watched in every week of the year count', () => {
    // Amsterdam is UTC+1 in winter (07-17 UTC) and UTC+2 in summer (06-16 UTC): 07-16 UTC all year.
    const amsterdam = watchHours(schedule('Mon-Fri 08:00-18:00 Europe/Amsterdam'), 2026);
    expect(amsterdam.mask).toBe(maskWhere((d, h) => d < 5 && h >= 7 && h < 16));
    expect(amsterdam.hoursPerWeek).toBe(45);
    expect(amsterdam.always).toBe(false);
    // The southern hemisphere shifts the other way: Sydney UTC+11 (Jan) and UTC+10 (Jul).
    // 09:00-17:00 local = 22:00-06:00 UTC (summer) or 23:00-07:00 UTC (winter): 23:00-06:00 UTC,
    // on the UTC day before the local one (Monday local starts on Sunday UTC).
    expect(weekMask(schedule('Mon-Fri 09:00-17:00 Australia/Sydney'), 2026)).toBe(
      maskWhere((d, h) => (h === 23 && (d === 6 || d <= 3)) || (h < 6 && d <= 4)),
    );
  });

  it('half-hour offsets: partly watched hours do not count', () => {
    // India is UTC+05:30 all year: 09:00-17:30 local is 03:30-12:00 UTC, full hours 04-12.
    expect(weekMask(schedule('Mon-Fri 09:00-17:30 Asia/Kolkata'), 2026)).toBe(maskWhere((d, h) => d < 5 && h >= 4 && h < 12));
  });

  it('whole-hour UTC windows: the mask holds exactly the union of the windows', () => {
    const window = fc.record({ day: fc.integer({ min: 0, max: 6 }), from: fc.integer({ min: 0, max: 23 }), length: fc.integer({ min: 1, max: 23 }) });
    fc.assert(
      fc.property(fc.array(window, { minLength: 1, maxLength: 5 }), (windows) => {
        const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
        const clock = (h: number) => `${String(h).padStart(2, '0')}:00`;
        const text = `${windows.map((w) => `${days[w.day]} ${clock(w.from)}-${w.from + w.length === 24 ? '24:00' : clock((w.from + w.length) % 24)}`).join(', ')} UTC`;
        const expected = new Set<number>();
        for (const w of windows) for (let k = 0; k < w.length; k++) expected.add((w.day * 24 + w.from + k) % 168);
        const mask = weekMask(schedule(text), 2026);
        expect(countHours(mask)).toBe(expected.size);
        for (const h of expected) expect(mask[h]).toBe('1');
      }),
      { numRuns: 100 },
    );
  });

  it('unionMasks watches an hour when any mask does', () => {
    expect(unionMasks(['10'.repeat(84), '01'.repeat(84)])).toBe('1'.repeat(168));
    expect(unionMasks([])).toBe('0'.repeat(168));
  });
});
