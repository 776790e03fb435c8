import { describe, expect, it } from 'vitest';
import { dueStatus, formatDuration, formatInstant, soonThresholdMs } from '../src/lib/due';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
const due = '2026-11-24T00:00:00+08:00';
const dueMs = Date.parse(due);

describe('time left on a task', () => {
  it('says durations in Chinese, to the two largest units', () => {
    expect(formatDuration(2 * D + 3 * H + 5 * MIN)).toBe('2天3小时');
    expect(formatDuration(3 * D)).toBe('3天');
    expect(formatDuration(5 * H + 30 * MIN)).toBe('5小时30分钟');
    expect(formatDuration(12 * MIN + 4000)).toBe('12分钟');
    expect(formatDuration(4 * MIN + 9000)).toBe('4分9秒');
    expect(formatDuration(-45 * MIN)).toBe('45分钟');
  });

  it('is overdue at and after the due instant', () => {
    expect(dueStatus(due, dueMs, null)).toMatchObject({ state: 'overdue', remainingMs: 0 });
    expect(dueStatus(due, dueMs + 90 * MIN, null)).toMatchObject({ state: 'overdue', label: '已超期 1小时30分钟' });
  });

  it('is due soon in the last quarter of the task’s window, at most its last day', () => {
    const created = new Date(dueMs - 15 * MIN).toISOString(); // a 15-minute acceptance
    expect(soonThresholdMs(dueMs, Date.parse(created))).toBe(3.75 * MIN);
    expect(dueStatus(due, dueMs - 5 * MIN, created).state).toBe('ok');
    expect(dueStatus(due, dueMs - 3 * MIN, created)).toMatchObject({ state: 'soon', label: '剩余 3分0秒' });
    const week = new Date(dueMs - 9 * D).toISOString(); // 7 working days
    expect(dueStatus(due, dueMs - 30 * H, week).state).toBe('ok');
    expect(dueStatus(due, dueMs - 20 * H, week).state).toBe('soon');
  });

  it('without a start, the last 4 hours are amber; without a due instant there is no countdown', () => {
    expect(dueStatus(due, dueMs - 3 * H, null).state).toBe('soon');
    expect(dueStatus(due, dueMs - 5 * H, null).state).toBe('ok');
    expect(dueStatus(null, Date.now())).toEqual({ state: 'none', remainingMs: null, label: '无时限' });
  });

  it('shows instants in the city’s time (+08:00), whatever the browser’s zone', () => {
    expect(formatInstant('2026-11-23T16:00:00Z')).toBe('11月23日 24:00');
    expect(formatInstant('2026-12-31T16:00:00Z', true)).toBe('2026-12-31 24:00');
    expect(formatInstant('2026-11-23T16:01:00Z')).toBe('11月24日 00:01');
    expect(formatInstant('2026-11-20T16:05:00+08:00', true)).toBe('2026-11-20 16:05');
    expect(formatInstant(null)).toBe('—');
  });
});
