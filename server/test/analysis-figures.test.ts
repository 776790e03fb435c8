// The dashboard's arithmetic on count rows (pure): rates over the tickets they concern, hot topics
// against the previous period, a sensitive matter by its class, a concentrated matter at its threshold.
import { DEFAULT_ANALYSIS } from '@hotline/rules';
import { describe, expect, it } from 'vitest';
import { type DailyRow, type Labels, bucketsOf, dashboardFigures, previousPeriod, sameRows } from '../src/modules/analysis/figures';

const row = (r: Partial<DailyRow> & { tickets: number }): DailyRow => ({ day: '2026-11-03', type: 'complaint', channel: 'phone', placeCode: 'p1', matterCode: '020101', unitId: 'u1', status: 'open', rating: '', lateStages: '', ...r });
const labels: Labels = {
  type: (k) => k,
  channel: (k) => k,
  district: () => ({ code: 'd', name: '区' }),
  place: (c) => c,
  unit: (id) => ({ code: `code-${id}`, name: `name-${id}` }),
  matter: (c) => c,
};
const policy = { ...DEFAULT_ANALYSIS, concentrated: { minTickets: 4, source: '' }, sensitiveMatters: [{ matter: '0201', label: '食品安全', source: 's' }] };

describe('dashboard figures', () => {
  it('counts rates over the tickets they concern and ranks rises', () => {
    const rows = [
      row({ tickets: 3, status: 'closed', rating: 'satisfied' }),
      row({ tickets: 1, status: 'closed', rating: 'dissatisfied', lateStages: 'accept,handle' }),
      row({ tickets: 2, unitId: '', matterCode: '030101', placeCode: 'p2', day: '2026-11-04' }),
    ];
    const f = dashboardFigures({ from: '2026-11-02', to: '2026-11-08', rows: sameRows(rows), previousRows: sameRows([row({ tickets: 1, matterCode: '030101', placeCode: 'p2' })]), policy, labels });
    expect(f.totals).toEqual({ tickets: 6, previous: 1, open: 2, closed: 4, dispatched: 4, rated: 4, acceptOnTimeRate: 3 / 4, completeOnTimeRate: 3 / 4, satisfactionRate: 3 / 4 });
    expect(f.volume.data).toEqual([0, 4, 2, 0, 0, 0, 0]);
    expect(f.byUnit).toEqual([{ key: 'code-u1', label: 'name-u1', count: 4 }]);
    expect(f.hotMatters.map((h) => [h.key, h.rise])).toEqual([['020101', 4], ['030101', 1]]);
    expect(f.sensitive).toEqual([{ matter: '0201', label: '食品安全', count: 4, previous: 0, open: 0, source: 's' }]);
    expect(f.concentrated.map((c) => [c.matter, c.place, c.count, c.sensitive])).toEqual([['020101', 'p1', 4, true]]);
  });

  it('buckets a long period by month and finds the previous period of the same length', () => {
    expect(bucketsOf('2026-01-01', '2026-03-31').buckets).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(bucketsOf('2026-11-01', '2026-11-30').bucket).toBe('day');
    expect(previousPeriod('2026-11-01', '2026-11-30')).toEqual({ from: '2026-10-02', to: '2026-10-31' });
  });
});
