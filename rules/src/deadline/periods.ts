// Deadline arithmetic: from a starting instant and a period to the instant the period ends.
// RULES.md "Period arithmetic": minute and hour periods are exact durations; day periods count
// whole days in one of three working-day modes.
import type { WorkingDayCalendar } from '../calendar/working-days';
import {
  type EpochDay,
  MS_PER_MINUTE,
  localDayOf,
  parseClock,
  startOfLocalDay,
} from '../calendar/local-date';
import { HotlineError } from '../errors';
import type { OfficeHours, Period, WorkingDayMode } from '../pack/types';

export interface PeriodContext {
  calendar: WorkingDayCalendar;
  offsetMinutes: number;
  mode: WorkingDayMode;
  officeHours: readonly OfficeHours[];
  /**
   * `instant`: the period starts at the given instant (a registration, a receipt).
   * `periodEnd`: the given instant is the end of a running period (an extension); a midnight
   * end belongs to the day it closes, so 2026-10-16T00:00 counts on from 2026-10-15.
   */
  anchor: 'instant' | 'periodEnd';
}

export interface PeriodEnd {
  dueMs: number;
  /** Some day counted lies in a year whose official schedule is not loaded. */
  provisional: boolean;
}

/** The local day the counting starts from (not itself counted). */
function anchorDay(startMs: number, ctx: PeriodContext): EpochDay {
  return localDayOf(ctx.anchor === 'periodEnd' ? startMs - 1 : startMs, ctx.offsetMinutes);
}

export function addPeriod(startMs: number, period: Period, ctx: PeriodContext): PeriodEnd {
  switch (period.unit) {
    case 'minute':
      return { dueMs: startMs + period.amount * MS_PER_MINUTE, provisional: false };
    case 'hour':
      return { dueMs: startMs + period.amount * 60 * MS_PER_MINUTE, provisional: false };
    case 'day': {
      // Calendar days, counted like the civil code: the start day is not counted, the period
      // ends at 24:00 of the last day.
      const last = anchorDay(startMs, ctx) + period.amount;
      return { dueMs: startOfLocalDay(last + 1, ctx.offsetMinutes), provisional: false };
    }
    case 'workingDay':
      return addWorkingDays(startMs, period.amount, { ...ctx, mode: period.mode ?? ctx.mode });
  }
}

function addWorkingDays(startMs: number, n: number, ctx: PeriodContext): PeriodEnd {
  const from = anchorDay(startMs, ctx);
  switch (ctx.mode) {
    case 'civil-code': {
      // 民法典 §201–§203: ends at 24:00 of the n-th working day after the start day.
      const { day, provisional } = ctx.calendar.nthWorkingDayAfter(from, n);
      return { dueMs: startOfLocalDay(day + 1, ctx.offsetMinutes), provisional };
    }
    case 'same-time': {
      // The same clock time on the n-th working day after the start day.
      const { day, provisional } = ctx.calendar.nthWorkingDayAfter(from, n);
      const timeOfDay = startMs - startOfLocalDay(from, ctx.offsetMinutes);
      return { dueMs: startOfLocalDay(day, ctx.offsetMinutes) + timeOfDay, provisional };
    }
    case 'office-hours':
      return addOfficeTime(startMs, n, ctx);
  }
}

/** n office days of office time, spent only inside office hours of working days. */
function addOfficeTime(startMs: number, n: number, ctx: PeriodContext): PeriodEnd {
  const periods = ctx.officeHours.map((p) => ({
    start: parseClock(p.start) * MS_PER_MINUTE,
    end: parseClock(p.end) * MS_PER_MINUTE,
  }));
  const officeDayMs = periods.reduce((sum, p) => sum + (p.end - p.start), 0);
  if (officeDayMs <= 0) {
    throw new HotlineError('OFFICE_HOURS_EMPTY', 'office-hours mode needs office hours longer than zero');
  }
  let remaining = n * officeDayMs;
  let provisional = false;
  let day = localDayOf(startMs, ctx.offsetMinutes);
  let position = startMs - startOfLocalDay(day, ctx.offsetMinutes);
  for (;;) {
    const next = ctx.calendar.workingDayOnOrAfter(day);
    provisional ||= next.provisional;
    if (next.day !== day) position = 0;
    day = next.day;
    for (const p of periods) {
      const begin = Math.max(position, p.start);
      if (begin >= p.end) continue;
      const used = Math.min(remaining, p.end - begin);
      remaining -= used;
      if (remaining === 0) {
        return { dueMs: startOfLocalDay(day, ctx.offsetMinutes) + begin + used, provisional };
      }
    }
    day += 1;
    position = 0;
  }
}


/**
 * The last instant that still lies a whole lead time before `dueMs` (a request "at least 1 working day
 * before the due time", Tianjin 2025 §12). Minute and hour lead times are exact durations; a day or
 * working-day lead time goes back that many (working) days from the day the due instant closes (a
 * midnight due instant belongs to the day it ends), keeping the clock time: a handling period due at
 * 24:00 on Wednesday takes requests until 24:00 on Tuesday.
 */
export function subtractPeriod(dueMs: number, period: Period, ctx: Pick<PeriodContext, 'calendar' | 'offsetMinutes'>): PeriodEnd {
  switch (period.unit) {
    case 'minute':
      return { dueMs: dueMs - period.amount * MS_PER_MINUTE, provisional: false };
    case 'hour':
      return { dueMs: dueMs - period.amount * 60 * MS_PER_MINUTE, provisional: false };
    case 'day':
    case 'workingDay': {
      const dueDay = localDayOf(dueMs - 1, ctx.offsetMinutes);
      const timeOfDay = dueMs - startOfLocalDay(dueDay, ctx.offsetMinutes);
      const back = period.unit === 'day' ? { day: dueDay - period.amount, provisional: false } : ctx.calendar.nthWorkingDayBefore(dueDay, period.amount);
      return { dueMs: startOfLocalDay(back.day, ctx.offsetMinutes) + timeOfDay, provisional: back.provisional };
    }
  }
}

/**
 * Whether a deadline has passed: from its due instant on (the period ends at that instant, 24:00 of
 * its last day). The one comparison the deadline watch, the inbox's overdue filter, the supervision
 * board and the portal's countdown share, so they never disagree at the exact instant.
 */
export function isOverdue(dueMs: number, nowMs: number): boolean {
  return dueMs <= latestPassedDue(nowMs);
}

/** The latest due instant that has passed at `nowMs`: a query for overdue rows asks `due <= latestPassedDue(now)`. */
export function latestPassedDue(nowMs: number): number {
  return nowMs;
}
