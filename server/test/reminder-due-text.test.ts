// A reminder says its deadline as the ticket's timeline and the 督办 board do: a period ending at
// midnight is the day's 24:00, not the next day's 00:00. Pure.
import { describe, expect, it } from 'vitest';
import { localDueText } from '../src/modules/notifications/outbox';

describe("a reminder's deadline", () => {
  it('is the local day and time', () => {
    expect(localDueText('2026-12-08T17:30:00+08:00')).toBe('12月8日 17:30');
  });

  it('ends a day at 24:00, across a month and a year', () => {
    expect(localDueText('2026-12-11T00:00:00+08:00')).toBe('12月10日 24:00');
    expect(localDueText('2026-12-01T00:00:00+08:00')).toBe('11月30日 24:00');
    expect(localDueText('2027-01-01T00:00:00+08:00')).toBe('12月31日 24:00');
  });

  it('is empty without an instant', () => {
    expect(localDueText(null)).toBe('');
    expect(localDueText(undefined)).toBe('');
  });
});
