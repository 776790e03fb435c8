import { describe, expect, it } from 'vitest';
import { validatePack } from '@hotline/rules';
import { addCalendarEntries, calendarPath, newCalendarYear, parseCalendarPath, parseNoticeLines, removeCalendarEntry, weekdayLabel } from '../../src/state/calendar';
import { writeJson } from '../../src/state/pack-files';
import { miniPackFiles } from '../../../pack-review/test/fixtures/mini-pack';

describe('entering a year of the official notice', () => {
  it('reads lines and ranges, and says which lines are wrong', () => {
    const parsed = parseNoticeLines('2027-01-01 元旦\n\n2027-02-06~2027-02-08 春节\n2027-02-30 错日\n元旦');
    expect(parsed.entries).toEqual([
      { date: '2027-01-01', name: '元旦' },
      { date: '2027-02-06', name: '春节' },
      { date: '2027-02-07', name: '春节' },
      { date: '2027-02-08', name: '春节' },
    ]);
    expect(parsed.errors.map((e) => e.line)).toEqual([4, 5]);
    expect(parseNoticeLines('2027-10-01至2027-10-03 国庆节').entries).toHaveLength(3);
  });

  it('adds entries in date order, replacing a date already listed', () => {
    let year = newCalendarYear('national', 2027, '通知');
    year = addCalendarEntries(year, 'holidays', [{ date: '2027-02-07', name: '春节' }, { date: '2027-01-01', name: '元旦' }]);
    year = addCalendarEntries(year, 'holidays', [{ date: '2027-02-07', name: '春节假期' }]);
    expect(year.holidays).toEqual([
      { date: '2027-01-01', name: '元旦' },
      { date: '2027-02-07', name: '春节假期' },
    ]);
    expect(removeCalendarEntry(year, 'holidays', 0).holidays).toEqual([{ date: '2027-02-07', name: '春节假期' }]);
  });

  it('writes a new year file the pack accepts, and the pack refuses a weekday make-up day', () => {
    const year = addCalendarEntries(newCalendarYear('national', 2027, '国务院办公厅关于2027年部分节假日安排的通知'), 'workdays', [{ date: '2027-02-20', name: '春节调休' }]);
    const path = calendarPath('national', 2027);
    expect(path).toBe('calendar/national-2027.json');
    expect(parseCalendarPath(path)).toEqual({ layer: 'national', year: 2027 });
    expect(validatePack(writeJson(miniPackFiles(), path, year)).ok).toBe(true);
    const wrong = addCalendarEntries(year, 'workdays', [{ date: '2027-02-22', name: '周一' }]);
    const result = validatePack(writeJson(miniPackFiles(), path, wrong));
    expect(!result.ok && result.issues).toEqual([{ file: path, path: '/workdays/1/date', message: expect.stringContaining('is a weekday already'), messageZh: expect.stringContaining('调休上班日应是周六或周日') }]);
  });

  it('names weekdays in Chinese', () => {
    expect(weekdayLabel('2026-01-03')).toBe('周六');
    expect(weekdayLabel('2026-01-05')).toBe('周一');
    expect(weekdayLabel('not a date')).toBe('');
  });
});
