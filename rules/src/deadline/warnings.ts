// Warnings 预警: the instant a fraction of a stage's period has passed. A working-day period runs only
// in working time (whole working days; office hours in the `office-hours` mode), so three quarters of
// a week's period that spans a weekend lands after the weekend, not on it. Minute, hour and calendar-day
// periods run all the time. The span is the whole of the stage: after an extension, from the stage's
// first start to the new due instant.
import type { WorkingDayCalendar } from '../calendar/working-days';
import { MS_PER_DAY, MS_PER_MINUTE, localDayOf, parseClock, startOfLocalDay } from '../calendar/local-date';
import type { OfficeHours, PeriodUnit, WorkingDayMode } from '../pack/types';

export interface ElapsedContext {
  calendar: WorkingDayCalendar;
  offsetMinutes: number;
  officeHours: readonly OfficeHours[];
}

/** How the stage's period is counted: its unit and, for working days, the mode. */
export interface SpanCounting {
  unit: PeriodUnit;
  mode: WorkingDayMode | null;
}

export interface FractionInstant {
  atMs: number;
  /** Some day of the span lies in a year whose official schedule is not loaded. */
  provisional: boolean;
}

/**
 * The first instant at which `fraction` (0 < f < 1) of the counted time between `startMs` and `dueMs`
 * has passed, to the whole second (rounded up: a warning never fires before its fraction).
 */
export function fractionInstant(startMs: number, dueMs: number, fraction: number, counting: SpanCounting, ctx: ElapsedContext): FractionInstant {
  const { intervals, provisional } = countedTime(countedFrom(startMs, counting, ctx.offsetMinutes), dueMs, counting, ctx);
  const total = intervals.reduce((sum, [a, b]) => sum + (b - a), 0);
  if (total <= 0) return { atMs: dueMs, provisional };
  // Whole seconds, and a hair under the product so that 1/3 of three days is exactly one day.
  const target = Math.min(total, Math.ceil((fraction * total) / 1000 - 1e-6) * 1000);
  let passed = 0;
  for (const [a, b] of intervals) {
    if (passed + (b - a) >= target) return { atMs: a + (target - passed), provisional };
    passed += b - a;
  }
  return { atMs: dueMs, provisional };
}

/**
 * The civil code does not count the start day (RULES.md "Period arithmetic"): a calendar-day period,
 * or a working-day period in the `civil-code` mode, runs from the next midnight.
 */
function countedFrom(startMs: number, counting: SpanCounting, offsetMinutes: number): number {
  const wholeDays = counting.unit === 'day' || (counting.unit === 'workingDay' && counting.mode === 'civil-code');
  return wholeDays ? startOfLocalDay(localDayOf(startMs, offsetMinutes) + 1, offsetMinutes) : startMs;
}

/** The stretches of [from, to) in which the period runs, in order. */
function countedTime(from: number, to: number, counting: SpanCounting, ctx: ElapsedContext): { intervals: Array<[number, number]>; provisional: boolean } {
  if (to <= from) return { intervals: [], provisional: false };
  if (counting.unit !== 'workingDay') return { intervals: [[from, to]], provisional: false };
  const pieces: Array<[number, number]> =
    counting.mode === 'office-hours'
      ? ctx.officeHours.map((p) => [parseClock(p.start) * MS_PER_MINUTE, parseClock(p.end) * MS_PER_MINUTE])
      : [[0, MS_PER_DAY]];
  const intervals: Array<[number, number]> = [];
  let provisional = false;
  for (let day = localDayOf(from, ctx.offsetMinutes); day <= localDayOf(to - 1, ctx.offsetMinutes); day++) {
    const info = ctx.calendar.dayInfo(day);
    provisional ||= info.provisional;
    if (!info.working) continue;
    const midnight = startOfLocalDay(day, ctx.offsetMinutes);
    for (const [start, end] of pieces) {
      const a = Math.max(from, midnight + start);
      const b = Math.min(to, midnight + end);
      if (a < b) intervals.push([a, b]);
    }
  }
  return { intervals, provisional };
}
