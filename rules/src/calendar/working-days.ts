// The working-day calendar of one city: weekends, then each layer's holidays and make-up
// working days (调休) in the order the city lists its layers (national first, regional overlays
// after). A day in a year some layer has not loaded is counted on what is known and marked
// provisional, so that loading the year later can recompute it.
import { HotlineError } from '../errors';
import type { CalendarYear } from '../pack/types';
import { type EpochDay, formatLocalDate, isWeekend, parseLocalDate } from './local-date';

export interface DayInfo {
  working: boolean;
  /** True when a layer's schedule for this day's year is not loaded. */
  provisional: boolean;
  /** The holiday or make-up day's name, when the calendar says something about this day. */
  name?: string;
}

/** A search for the next working day gives up after this many days: the calendar must be broken. */
const MAX_SCAN_DAYS = 3660;

export class WorkingDayCalendar {
  private readonly overrides = new Map<EpochDay, { working: boolean; name: string }>();
  private readonly loaded = new Map<string, Set<number>>();
  private readonly layers: readonly string[];
  /** Local-day ranges [first, last] of the years every layer knows: outside them, provisional. */
  private readonly known: Array<[EpochDay, EpochDay]>;

  constructor(years: readonly CalendarYear[], layers: readonly string[]) {
    this.layers = layers;
    for (const layer of layers) this.loaded.set(layer, new Set());
    for (const layer of layers) {
      for (const y of years.filter((c) => c.layer === layer)) {
        this.loaded.get(layer)?.add(y.year);
        for (const h of y.holidays) this.set(h.date, false, h.name);
        for (const w of y.workdays) this.set(w.date, true, w.name);
      }
    }
    this.known = this.completeYears.map((y) => [
      parseLocalDate(`${y}-01-01`) as EpochDay,
      parseLocalDate(`${y}-12-31`) as EpochDay,
    ]);
  }

  private set(date: string, working: boolean, name: string): void {
    const day = parseLocalDate(date);
    if (day === null) throw new HotlineError('CALENDAR_BAD_DATE', `calendar date ${date} is not a real date`, 'unexpected');
    this.overrides.set(day, { working, name });
  }

  /** Years for which every layer of this calendar is loaded. */
  get completeYears(): number[] {
    const sets = this.layers.map((l) => this.loaded.get(l) ?? new Set<number>());
    const first = sets[0] ?? new Set<number>();
    return [...first].filter((y) => sets.every((s) => s.has(y))).sort((a, b) => a - b);
  }

  isProvisional(day: EpochDay): boolean {
    for (const [first, last] of this.known) if (day >= first && day <= last) return false;
    return true;
  }

  dayInfo(day: EpochDay): DayInfo {
    const override = this.overrides.get(day);
    const provisional = this.isProvisional(day);
    if (override) return { working: override.working, provisional, name: override.name };
    return { working: !isWeekend(day), provisional };
  }

  isWorkingDay(day: EpochDay): boolean {
    return this.overrides.get(day)?.working ?? !isWeekend(day);
  }

  /**
   * The n-th working day after `day` (the day itself is not counted; n ≥ 1), and whether any day
   * counted lies in a year the calendar does not fully know.
   */
  nthWorkingDayAfter(day: EpochDay, n: number): { day: EpochDay; provisional: boolean } {
    let d = day;
    let provisional = false;
    for (let counted = 0, scanned = 0; counted < n; ) {
      d += 1;
      if (++scanned > MAX_SCAN_DAYS * Math.max(1, n)) this.noWorkingDay(day);
      if (this.isProvisional(d)) provisional = true;
      if (this.isWorkingDay(d)) counted += 1;
    }
    return { day: d, provisional };
  }

  /**
   * The n-th working day before `day` (the day itself is not counted; n ≥ 1), and whether any day
   * counted lies in a year the calendar does not fully know.
   */
  nthWorkingDayBefore(day: EpochDay, n: number): { day: EpochDay; provisional: boolean } {
    let d = day;
    let provisional = false;
    for (let counted = 0, scanned = 0; counted < n; ) {
      d -= 1;
      if (++scanned > MAX_SCAN_DAYS * Math.max(1, n)) this.noWorkingDay(day);
      if (this.isProvisional(d)) provisional = true;
      if (this.isWorkingDay(d)) counted += 1;
    }
    return { day: d, provisional };
  }

  /** The first working day on or after `day`. */
  workingDayOnOrAfter(day: EpochDay): { day: EpochDay; provisional: boolean } {
    let provisional = false;
    for (let d = day; d < day + MAX_SCAN_DAYS; d++) {
      if (this.isProvisional(d)) provisional = true;
      if (this.isWorkingDay(d)) return { day: d, provisional };
    }
    return this.noWorkingDay(day);
  }

  private noWorkingDay(from: EpochDay): never {
    throw new HotlineError(
      'CALENDAR_NO_WORKING_DAY',
      `the calendar has no working day within ${MAX_SCAN_DAYS} days after ${formatLocalDate(from)}`,
      'user',
    );
  }
}
