// Which day it is for the hotline: China Standard Time (RULES.md: Asia/Shanghai, +08:00, no DST).
import { formatLocalDate, localDayOf } from '@hotline/rules';

const CHINA_OFFSET_MINUTES = 8 * 60;

/** Today's local date as YYYY-MM-DD: the day a ticket number belongs to, the day a pack takes effect. */
export function chinaToday(now: number = Date.now()): string {
  return formatLocalDate(localDayOf(now, CHINA_OFFSET_MINUTES));
}
