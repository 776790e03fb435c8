// Which day it is for the hotline: China Standard Time (RULES.md: Asia/Shanghai, +08:00, no DST).
import { formatLocalDate, localDayOf } from '@hotline/rules';

const CHINA_OFFSET_MINUTES = 8 * 60;

/** Today's local date as YYYY-MM-DD: the day a ticket number belongs to, the day a pack takes effect. */
export function chinaToday(now: number = Date.now()): string {
  return formatLocalDate(localDayOf(now, CHINA_OFFSET_MINUTES));
}

/** The instant a local day (YYYY-MM-DD) begins for the hotline. */
export function chinaDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MINUTES * 60_000);
}

/** The instant after a local day (YYYY-MM-DD) ends: the start of the next one. */
export function chinaDayEnd(day: string): Date {
  return new Date(chinaDayStart(day).getTime() + 24 * 3600_000);
}
