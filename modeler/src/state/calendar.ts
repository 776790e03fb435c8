// The working-day calendar of a pack: one file per layer and year (`calendar/<layer>-<year>.json`),
// holidays and make-up working days (调休), entered from each year's official notice.
import type { CalendarEntry, CalendarYear } from '@hotline/rules';
import { parseLocalDate, formatLocalDate } from '@hotline/rules';

export type CalendarList = 'holidays' | 'workdays';

export const calendarPath = (layer: string, year: number): string => `calendar/${layer}-${year}.json`;
const CALENDAR_FILE = /^calendar\/([a-z][A-Za-z0-9]*)-(\d{4})\.json$/;

export function parseCalendarPath(path: string): { layer: string; year: number } | null {
  const m = CALENDAR_FILE.exec(path);
  return m ? { layer: m[1]!, year: Number(m[2]) } : null;
}

export function newCalendarYear(layer: string, year: number, source = ''): CalendarYear {
  return { layer, year, source, holidays: [], workdays: [] };
}

const byDate = (a: CalendarEntry, b: CalendarEntry) => a.date.localeCompare(b.date);

/** Adds entries (replacing any of the same date in that list), kept in date order. */
export function addCalendarEntries(year: CalendarYear, list: CalendarList, entries: readonly CalendarEntry[]): CalendarYear {
  const dates = new Set(entries.map((e) => e.date));
  const kept = (year[list] ?? []).filter((e) => !dates.has(e.date));
  return { ...year, [list]: [...kept, ...entries].sort(byDate) };
}

export function removeCalendarEntry(year: CalendarYear, list: CalendarList, index: number): CalendarYear {
  return { ...year, [list]: (year[list] ?? []).filter((_, i) => i !== index) };
}

export function editCalendarEntry(year: CalendarYear, list: CalendarList, index: number, entry: Partial<CalendarEntry>): CalendarYear {
  return { ...year, [list]: (year[list] ?? []).map((e, i) => (i === index ? { ...e, ...entry } : e)) };
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** 周六 for 2026-01-03; '' for text that is not a date. */
export function weekdayLabel(date: string): string {
  const day = parseLocalDate(date);
  return day === null ? '' : WEEKDAYS[(((day + 4) % 7) + 7) % 7]!;
}

export interface NoticeLines {
  entries: CalendarEntry[];
  errors: Array<{ line: number; message: string }>;
}

const RANGE = /^(\d{4}-\d{2}-\d{2})\s*(?:(?:~|～|至|到|—|--)\s*(\d{4}-\d{2}-\d{2}))?\s+(.+)$/;

/**
 * Lines typed or pasted from a notice: `2027-01-01 元旦` or a range `2027-02-06~2027-02-13 春节`
 * (also `至`); blank lines are skipped. Each bad line is reported with its number (from 1).
 */
export function parseNoticeLines(text: string): NoticeLines {
  const entries: CalendarEntry[] = [];
  const errors: NoticeLines['errors'] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const m = RANGE.exec(line);
    if (!m) {
      errors.push({ line: i + 1, message: `第 ${i + 1} 行应写作“YYYY-MM-DD 名称”或“YYYY-MM-DD~YYYY-MM-DD 名称”` });
      return;
    }
    const from = parseLocalDate(m[1]!);
    const to = m[2] ? parseLocalDate(m[2]) : from;
    if (from === null || to === null) {
      errors.push({ line: i + 1, message: `第 ${i + 1} 行的日期不存在` });
      return;
    }
    if (to < from) {
      errors.push({ line: i + 1, message: `第 ${i + 1} 行的结束日期早于开始日期` });
      return;
    }
    if (to - from > 40) {
      errors.push({ line: i + 1, message: `第 ${i + 1} 行的日期范围超过 40 天` });
      return;
    }
    for (let d = from; d <= to; d++) entries.push({ date: formatLocalDate(d), name: m[3]!.trim() });
  });
  return { entries, errors };
}
