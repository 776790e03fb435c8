// Counting provisional deadlines again with a newly published calendar: by the ticket's own rules,
// from the same start, and an extension counted from the handling period's new end.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHIPPED_PACKS_DIR, readPackFolder } from '@hotline/cities';
import { type CityPack, parsePack } from '@hotline/rules';
import { type RecordedDeadline, recomputeTicket, rulesWithCalendar } from '../src/modules/rollout/provisional-deadlines';

const tianjin = parsePack(readPackFolder(join(SHIPPED_PACKS_DIR, 'tianjin')), { label: 'tianjin' });
const withCalendar2027: CityPack = {
  ...tianjin,
  calendar: [...tianjin.calendar, { layer: 'national', year: 2027, source: '测试', holidays: [{ date: '2027-01-01', name: '元旦' }], workdays: [] }],
};
const ms = (iso: string) => Date.parse(iso);
const handle = (due: string, provisional = true): RecordedDeadline => ({
  fromMs: ms('2026-12-28T10:00:00+08:00'),
  stage: 'handle',
  as: 'handle',
  fromVariable: 'receivedAt',
  due,
  provisional,
  ruleVersion: '2025',
  period: { amount: 7, unit: 'workingDay' },
});
const ticket = (deadlines: RecordedDeadline[]) => ({ ticketId: 't', type: 'complaint', urgency: 'general', registeredAtMs: ms('2026-12-28T09:00:00+08:00'), deadlines });

describe('recomputeTicket', () => {
  it('counts a provisional handling period again over the new calendar: 1 January is a holiday', () => {
    const [result, ...rest] = recomputeTicket(ticket([handle('2027-01-07T00:00:00+08:00')]), rulesWithCalendar(tianjin, withCalendar2027));
    expect(rest).toEqual([]);
    expect(result).toMatchObject({ as: 'handle', previousDue: '2027-01-07T00:00:00+08:00', due: '2027-01-08T00:00:00+08:00', provisional: false });
  });

  it('leaves a deadline alone that comes out the same, and one that was never provisional', () => {
    expect(recomputeTicket(ticket([handle('2027-01-07T00:00:00+08:00')]), rulesWithCalendar(tianjin, tianjin))).toEqual([]);
    expect(recomputeTicket(ticket([handle('2027-01-07T00:00:00+08:00', false)]), rulesWithCalendar(tianjin, withCalendar2027))).toEqual([]);
  });

  it('counts an extension from the handling period’s new end, and reports only the latest deadline of each variable', () => {
    const extension: RecordedDeadline = {
      fromMs: ms('2027-01-07T00:00:00+08:00'),
      stage: 'extension',
      as: 'handle',
      fromVariable: 'handleDue',
      due: '2027-01-16T00:00:00+08:00',
      provisional: true,
      ruleVersion: '2025',
      period: { amount: 7, unit: 'workingDay' },
    };
    const results = recomputeTicket(ticket([handle('2027-01-07T00:00:00+08:00'), extension]), rulesWithCalendar(tianjin, withCalendar2027));
    expect(results).toHaveLength(1);
    // from the end of 7 January (the new handling end, 8 January 00:00): 8, 11, 12, 13, 14, 15, 18 January
    expect(results[0]).toMatchObject({ stage: 'extension', as: 'handle', previousDue: '2027-01-16T00:00:00+08:00', due: '2027-01-19T00:00:00+08:00', provisional: false });
  });
});
