// Invariants of the working-day calendar and of deadline arithmetic, checked on random inputs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addPeriod, CityRules, formatInstant, parseInstant, parseLocalDate, parsePack, WorkingDayCalendar } from '../src/index';
import { miniCalendar2026, miniPackFiles } from './fixtures/mini-pack';

const OFFSET = 480;
const calendar = new WorkingDayCalendar([miniCalendar2026()], ['national']);
const y2025 = parseLocalDate('2025-01-01') as number;
const y2028 = parseLocalDate('2028-12-31') as number;
const day = fc.integer({ min: y2025, max: y2028 });
const count = fc.integer({ min: 1, max: 40 });
const inside2026 = (d: number) => d >= (parseLocalDate('2026-01-01') as number) && d <= (parseLocalDate('2026-12-31') as number);

const workingDaysBetween = (from: number, to: number) => {
  let n = 0;
  for (let d = from + 1; d <= to; d++) if (calendar.isWorkingDay(d)) n++;
  return n;
};

describe('working-day calendar invariants', () => {
  it('the n-th working day after d is a working day, after d, with exactly n working days up to it', () => {
    fc.assert(
      fc.property(day, count, (d, n) => {
        const r = calendar.nthWorkingDayAfter(d, n);
        expect(r.day).toBeGreaterThan(d);
        expect(calendar.isWorkingDay(r.day)).toBe(true);
        expect(workingDaysBetween(d, r.day)).toBe(n);
      }),
    );
  });

  it('counting a then b working days is counting a + b', () => {
    fc.assert(
      fc.property(day, count, count, (d, a, b) => {
        const first = calendar.nthWorkingDayAfter(d, a).day;
        expect(calendar.nthWorkingDayAfter(first, b).day).toBe(calendar.nthWorkingDayAfter(d, a + b).day);
      }),
    );
  });

  it('is monotonic in the start day and in n', () => {
    fc.assert(
      fc.property(day, day, count, count, (d1, d2, n, m) => {
        const [lo, hi] = d1 <= d2 ? [d1, d2] : [d2, d1];
        expect(calendar.nthWorkingDayAfter(lo, n).day).toBeLessThanOrEqual(calendar.nthWorkingDayAfter(hi, n).day);
        const [small, big] = n <= m ? [n, m] : [m, n];
        expect(calendar.nthWorkingDayAfter(lo, small).day).toBeLessThanOrEqual(calendar.nthWorkingDayAfter(lo, big).day);
      }),
    );
  });

  it('official holidays are never working days and make-up days always are', () => {
    for (const h of miniCalendar2026().holidays) expect(calendar.isWorkingDay(parseLocalDate(h.date) as number)).toBe(false);
    for (const w of miniCalendar2026().workdays) expect(calendar.isWorkingDay(parseLocalDate(w.date) as number)).toBe(true);
  });

  it('a result is provisional exactly when a counted day lies outside the loaded year', () => {
    fc.assert(
      fc.property(day, count, (d, n) => {
        const r = calendar.nthWorkingDayAfter(d, n);
        let outside = false;
        for (let x = d + 1; x <= r.day; x++) if (!inside2026(x)) outside = true;
        expect(r.provisional).toBe(outside);
      }),
    );
  });

  it('in a year with no schedule, exactly the weekdays are working days', () => {
    fc.assert(
      fc.property(fc.integer({ min: parseLocalDate('2027-01-01') as number, max: y2028 }), (d) => {
        const w = new Date(d * 86_400_000).getUTCDay();
        expect(calendar.isWorkingDay(d)).toBe(w !== 0 && w !== 6);
        expect(calendar.dayInfo(d).provisional).toBe(true);
      }),
    );
  });
});

describe('deadline arithmetic invariants', () => {
  const rules = new CityRules(parsePack(miniPackFiles()));
  const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) });
  const ctx = (mode: 'civil-code' | 'same-time' | 'office-hours', anchor: 'instant' | 'periodEnd' = 'instant') => ({
    calendar: rules.calendar,
    offsetMinutes: OFFSET,
    mode,
    officeHours: [
      { start: '09:00', end: '12:00' },
      { start: '13:30', end: '17:30' },
    ],
    anchor,
  });

  it('civil-code ends at a local midnight after the start, closing a working day', () => {
    fc.assert(
      fc.property(instant, count, (start, n) => {
        const { dueMs } = addPeriod(start, { amount: n, unit: 'workingDay' }, ctx('civil-code'));
        expect(formatInstant(dueMs, OFFSET)).toMatch(/T00:00:00\+08:00$/);
        expect(dueMs).toBeGreaterThan(start);
        const lastDay = Math.floor((dueMs + OFFSET * 60_000) / 86_400_000) - 1;
        expect(calendar.isWorkingDay(lastDay)).toBe(true);
      }),
    );
  });

  it('same-time keeps the clock time and never ends before civil-code minus one day', () => {
    fc.assert(
      fc.property(instant, count, (start, n) => {
        const same = addPeriod(start, { amount: n, unit: 'workingDay' }, ctx('same-time')).dueMs;
        const civil = addPeriod(start, { amount: n, unit: 'workingDay' }, ctx('civil-code')).dueMs;
        expect(formatInstant(same, OFFSET).slice(11)).toBe(formatInstant(start, OFFSET).slice(11));
        expect(civil - same).toBeGreaterThan(0);
        expect(civil - same).toBeLessThanOrEqual(86_400_000);
      }),
    );
  });

  it('office-hours spends exactly n office days of office time', () => {
    const officeMinutesBetween = (a: number, b: number) => {
      let minutes = 0;
      for (let t = Math.ceil(a / 60_000) * 60_000; t < b; t += 60_000) {
        const local = new Date(t + OFFSET * 60_000);
        const d = Math.floor((t + OFFSET * 60_000) / 86_400_000);
        const m = local.getUTCHours() * 60 + local.getUTCMinutes();
        if (calendar.isWorkingDay(d) && ((m >= 540 && m < 720) || (m >= 810 && m < 1050))) minutes++;
      }
      return minutes;
    };
    const minuteInstant = instant.map((t) => Math.floor(t / 60_000) * 60_000);
    fc.assert(
      fc.property(minuteInstant, fc.integer({ min: 1, max: 3 }), (start, n) => {
        const { dueMs } = addPeriod(start, { amount: n, unit: 'workingDay' }, ctx('office-hours'));
        expect(officeMinutesBetween(start, dueMs)).toBe(n * 420);
      }),
      { numRuns: 60 },
    );
  });

  it('hour periods are exact durations whatever the calendar says', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 72 }), (start, h) => {
        expect(addPeriod(start, { amount: h, unit: 'hour' }, ctx('civil-code')).dueMs - start).toBe(h * 3_600_000);
      }),
    );
  });

  it('an extension from a midnight deadline never loses or gains a day against counting from the closing day', () => {
    fc.assert(
      fc.property(day, count, (d, n) => {
        const midnightEnd = (d + 1) * 86_400_000 - OFFSET * 60_000; // 24:00 of day d
        const extended = addPeriod(midnightEnd, { amount: n, unit: 'workingDay' }, ctx('civil-code', 'periodEnd')).dueMs;
        const expected = (calendar.nthWorkingDayAfter(d, n).day + 1) * 86_400_000 - OFFSET * 60_000;
        expect(extended).toBe(expected);
      }),
    );
  });

  it('instants survive formatting and parsing', () => {
    fc.assert(
      fc.property(instant, (t) => {
        const text = formatInstant(t, OFFSET);
        expect(parseInstant(text)).toEqual({ ok: true, ms: t });
      }),
    );
  });
});
