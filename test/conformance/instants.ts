// Instants in scenarios. A scenario runs on days relative to an anchor Monday (`D0 09:00`, `D9 24:00`:
// 24:00 of the day nine days after the anchor). The anchor is chosen when the scenario runs: the first
// Monday after the engine's clock that starts seven weeks in which, in every city's calendar, the
// working days are exactly Monday to Friday. Zeebe's clock only moves forward, so a scenario can not
// be pinned to a day the engine has passed; relative scenarios therefore never expire, and their
// periods stay hand-checkable ("7 working days from Monday D0 end at D9 24:00").
// A fixed instant (`2025-12-31T10:00:00+08:00`) is still written as such: a registration instant a
// scenario supplies from the past, and what counts from it. Traces print relative instants, and
// instants before the anchor as they are, so runs on different anchors (and engines) compare equal.
import { formatInstant, localDayOf, parseInstant } from '@hotline/rules';
import type { CityRules } from '@hotline/rules';

const OFFSET_MINUTES = 8 * 60; // the three cities keep China's +08:00
const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;
const RELATIVE = /^D(\d+) (\d{2}):(\d{2})$/;
/** Seven weeks: the longest scenario (two extensions of 7 working days) stays well inside. */
const WINDOW_DAYS = 49;

export interface Timeframe {
  /** The anchor Monday as an epoch day (local). */
  anchor: number;
  /** A scenario instant as ISO-8601 text in +08:00. */
  resolve(text: string): string;
  /** Epoch milliseconds of a scenario instant. */
  ms(text: string): number;
  /** How a trace shows an instant: relative to the anchor, or as it is when it lies before the anchor Monday. */
  show(iso: string | null): string;
}

export const isRelative = (text: string): boolean => RELATIVE.test(text);

/** The anchor for a relative scenario that must start after `notBeforeMs` on these cities' calendars. */
export function anchoredTimeframe(notBeforeMs: number, calendars: readonly CityRules[]): Timeframe {
  // D0 09:00 must lie ahead of the engine's clock: start looking at the day after.
  let day = localDayOf(notBeforeMs, OFFSET_MINUTES) + 1;
  while (weekday(day) !== 1) day += 1;
  for (let tries = 0; tries < 520; tries += 1, day += 7) {
    if (ordinaryWeeks(day, calendars)) return timeframe(day);
  }
  throw new Error(`no seven ordinary weeks (working days exactly Monday to Friday) found in ten years after ${new Date(notBeforeMs).toISOString()}`);
}

function ordinaryWeeks(monday: number, calendars: readonly CityRules[]): boolean {
  for (let d = monday - 7; d < monday + WINDOW_DAYS; d += 1) {
    const weekdayIsWorking = weekday(d) >= 1 && weekday(d) <= 5;
    if (calendars.some((rules) => rules.calendar.isWorkingDay(d) !== weekdayIsWorking)) return false;
  }
  return true;
}

/** 0 = Sunday … 6 = Saturday (epoch day 0, 1970-01-01, was a Thursday). */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function timeframe(anchor: number): Timeframe {
  const ms = (text: string): number => {
    const relative = RELATIVE.exec(text);
    if (relative) {
      const [, days, hours, minutes] = relative.map(Number) as [number, number, number, number];
      if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) throw new Error(`"${text}" is not a time of day`);
      return (anchor + days) * DAY - OFFSET_MINUTES * MINUTE + (hours * 60 + minutes) * MINUTE;
    }
    const parsed = parseInstant(text);
    if (!parsed.ok) throw new Error(`scenario instant "${text}": ${parsed.reason}`);
    return parsed.ms;
  };
  return {
    anchor,
    ms,
    resolve: (text) => formatInstant(ms(text), OFFSET_MINUTES),
    show(iso) {
      if (iso === null) return 'never';
      const parsed = parseInstant(iso);
      if (!parsed.ok) return iso;
      const local = parsed.ms + OFFSET_MINUTES * MINUTE;
      const days = Math.floor(local / DAY) - anchor;
      // Before the anchor Monday: an instant supplied from the past, the same whatever the anchor.
      if (days < 0) return iso;
      const inDay = local - Math.floor(local / DAY) * DAY;
      // Midnight is written as the end of the day before, the way periods are spoken of.
      if (inDay === 0) return `D${days - 1} 24:00`;
      const clock = new Date(inDay).toISOString().slice(11, 23).replace(/:00\.000$/, '').replace(/\.000$/, '');
      return `D${days} ${clock}`;
    },
  };
}
