// Warnings 预警: the instant a fraction of a stage's period has passed, in working time for a
// working-day period. Examples checked by hand, then invariants on random inputs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addPeriod, CityRules, formatInstant, fractionInstant, parseInstant, parsePack, type SpanCounting, type WorkingDayMode } from '../src/index';
import { miniPackFiles, miniVersion } from './fixtures/mini-pack';

const OFFSET = 480;
const files = miniPackFiles({
  version: miniVersion({
    warnings: [
      { key: 'handleLate', stage: 'handle', fraction: 0.75, label: '办理时限已过四分之三', trigger: 'overdue', source: 'mini-rules.txt §13' },
      { key: 'handleHalf', stage: 'handle', fraction: 0.5, label: '办理时限过半', trigger: 'overdue', source: 'mini-rules.txt §13' },
    ],
  }),
});
const rules = new CityRules(parsePack(files));
const version = rules.pack.versions[0]!;
const ctx = { calendar: rules.calendar, offsetMinutes: OFFSET, officeHours: version.officeHours.periods };
const ms = (text: string) => {
  const parsed = parseInstant(text);
  if (!parsed.ok) throw new Error(text);
  return parsed.ms;
};
const at = (start: string, due: string, fraction: number, counting: SpanCounting) => formatInstant(fractionInstant(ms(start), ms(due), fraction, counting, ctx).atMs, OFFSET);
const workingDays = (mode: WorkingDayMode): SpanCounting => ({ unit: 'workingDay', mode });

describe('the instant a fraction of a period has passed', () => {
  it('counts only working days: 75 % of 7 working days from a Monday lands on the Tuesday after the weekend, the weekend not counted', () => {
    // Received Mon 2026-03-02 10:00; civil code: Tue … Fri, Mon, Tue, Wed, due Thu 2026-03-12 00:00.
    // 5.25 of the 7 counted days: Tue–Fri (4), Mon (5), a quarter of Tuesday.
    expect(at('2026-03-02T10:00:00+08:00', '2026-03-12T00:00:00+08:00', 0.75, workingDays('civil-code'))).toBe('2026-03-10T06:00:00+08:00');
  });

  it('skips holidays and counts make-up working days (调休)', () => {
    // 2026-02-12 (Thu) + 3 working days: Fri 13, Sat 14 (调休), then 春节 to Mon 23, Tue 24 → due 25 00:00.
    // Half of 3 days: Fri 13 and half of the make-up Saturday.
    expect(at('2026-02-12T09:00:00+08:00', '2026-02-25T00:00:00+08:00', 0.5, workingDays('civil-code'))).toBe('2026-02-14T12:00:00+08:00');
  });

  it('spends office hours only in the office-hours mode', () => {
    // Two office days (7 h each) from Mon 09:00: half is the end of Monday's office hours.
    expect(at('2026-03-02T09:00:00+08:00', '2026-03-03T17:30:00+08:00', 0.5, workingDays('office-hours'))).toBe('2026-03-02T17:30:00+08:00');
  });

  it('is exact for hour periods, whatever the calendar says', () => {
    expect(at('2026-03-07T10:00:00+08:00', '2026-03-08T10:00:00+08:00', 0.75, { unit: 'hour', mode: null })).toBe('2026-03-08T04:00:00+08:00');
  });

  it('places a version’s warnings of a stage over the span, earliest first, with their trigger', () => {
    const warnings = rules.warningInstants(version, version.warnings ?? [], { startMs: ms('2026-03-02T10:00:00+08:00'), dueMs: ms('2026-03-12T00:00:00+08:00'), ...workingDays('civil-code') });
    expect(warnings.map((w) => [w.key, w.trigger, w.at, w.provisional])).toEqual([
      ['handleHalf', 'overdue', '2026-03-06T12:00:00+08:00', false],
      ['handleLate', 'overdue', '2026-03-10T06:00:00+08:00', false],
    ]);
  });

  it('moves with an extension: 75 % of the whole span from the first start to the new due instant', () => {
    // + 7 working days from 2026-03-12 00:00 → due 2026-03-21 00:00; 10.5 of 14 counted days.
    const extended = addPeriod(ms('2026-03-12T00:00:00+08:00'), { amount: 7, unit: 'workingDay' }, { ...ctx, mode: 'civil-code', anchor: 'periodEnd' }).dueMs;
    expect(formatInstant(extended, OFFSET)).toBe('2026-03-21T00:00:00+08:00');
    expect(at('2026-03-02T10:00:00+08:00', formatInstant(extended, OFFSET), 0.75, workingDays('civil-code'))).toBe('2026-03-17T12:00:00+08:00');
  });

  it('says provisional when the span reaches a year whose schedule is not loaded', () => {
    expect(fractionInstant(ms('2026-12-28T10:00:00+08:00'), ms('2027-01-07T00:00:00+08:00'), 0.75, workingDays('civil-code'), ctx).provisional).toBe(true);
  });
});

describe('fraction instant invariants', () => {
  const start = fc.integer({ min: Date.UTC(2025, 6, 1), max: Date.UTC(2027, 6, 1) }).map((t) => Math.floor(t / 60_000) * 60_000);
  const mode = fc.constantFrom<WorkingDayMode>('civil-code', 'same-time', 'office-hours');
  const periodCtx = (m: WorkingDayMode) => ({ ...ctx, mode: m, anchor: 'instant' as const });

  it('k/n of an n-working-day period ends where a k-working-day period ends, in every mode', () => {
    fc.assert(
      fc.property(start, mode, fc.integer({ min: 2, max: 20 }), fc.integer({ min: 1, max: 19 }), (s, m, n, k0) => {
        const k = 1 + (k0 % (n - 1));
        // same-time counts the time of day of the start: only a start on a working day makes whole days of it
        fc.pre(m !== 'same-time' || rules.calendar.isWorkingDay(Math.floor((s + OFFSET * 60_000) / 86_400_000)));
        const due = addPeriod(s, { amount: n, unit: 'workingDay' }, periodCtx(m)).dueMs;
        const partial = addPeriod(s, { amount: k, unit: 'workingDay' }, periodCtx(m)).dueMs;
        expect(formatInstant(fractionInstant(s, due, k / n, workingDays(m), ctx).atMs, OFFSET)).toBe(formatInstant(partial, OFFSET));
      }),
      { numRuns: 300 },
    );
  });

  it('lies between the start and the due instant, and moves forward with the fraction and with the due instant', () => {
    fc.assert(
      fc.property(start, mode, fc.integer({ min: 1, max: 15 }), fc.integer({ min: 0, max: 10 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (s, m, n, more, f, g) => {
        const due = addPeriod(s, { amount: n, unit: 'workingDay' }, periodCtx(m)).dueMs;
        const later = addPeriod(s, { amount: n + more, unit: 'workingDay' }, periodCtx(m)).dueMs;
        const instant = (fraction: number, until: number) => fractionInstant(s, until, fraction, workingDays(m), ctx).atMs;
        expect(instant(f, due)).toBeGreaterThanOrEqual(s);
        expect(instant(f, due)).toBeLessThanOrEqual(due);
        expect(instant(Math.min(f, g), due)).toBeLessThanOrEqual(instant(Math.max(f, g), due));
        expect(instant(f, due)).toBeLessThanOrEqual(instant(f, later));
      }),
      { numRuns: 300 },
    );
  });

  it('falls in working time: on a working day (or at the midnight closing one)', () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 15 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (s, n, f) => {
        const due = addPeriod(s, { amount: n, unit: 'workingDay' }, periodCtx('civil-code')).dueMs;
        const t = fractionInstant(s, due, f, workingDays('civil-code'), ctx).atMs;
        const dayOf = (x: number) => Math.floor((x + OFFSET * 60_000) / 86_400_000);
        expect(rules.calendar.isWorkingDay(dayOf(t)) || rules.calendar.isWorkingDay(dayOf(t - 1))).toBe(true);
      }),
    );
  });

  it('is the start plus the fraction of the duration for hour periods, to the second', () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 72 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (s, h, f) => {
        const t = fractionInstant(s, s + h * 3_600_000, f, { unit: 'hour', mode: null }, ctx).atMs;
        expect(t - s).toBeGreaterThanOrEqual(f * h * 3_600_000 - 1e-3);
        expect(t - s).toBeLessThan(f * h * 3_600_000 + 1000);
      }),
    );
  });
});
