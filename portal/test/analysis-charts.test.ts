// The dashboard's drill-downs: a bar of the volume chart opens the tickets of its day (or the month's
// days within the period) and its type.
import { describe, expect, it } from 'vitest';
import type { AnalysisDashboard } from '@hotline/api-types';
import { bucketDays, volumeDrill, volumeOption } from '../src/features/analysis/analysis-charts';

const dashboard = (buckets: string[], from: string, to: string) =>
  ({
    from,
    to,
    buckets,
    byType: [
      { key: 'complaint', label: '投诉', total: 3, data: buckets.map((_, i) => (i === 1 ? 3 : 0)) },
      { key: 'consult', label: '咨询', total: 2, data: buckets.map((_, i) => (i === 1 ? 2 : 0)) },
    ],
  }) as unknown as AnalysisDashboard;

describe('dashboard drill-down', () => {
  it('opens the day and type of a bar', () => {
    const d = dashboard(['2026-11-02', '2026-11-03'], '2026-11-02', '2026-11-03');
    expect(volumeDrill(d, 1, 1)).toEqual({ from: '2026-11-03', to: '2026-11-03', type: 'consult' });
  });

  it('a month bucket covers its days within the period only', () => {
    const d = { from: '2026-01-15', to: '2026-03-10' };
    expect(bucketDays(d, '2026-01')).toEqual({ from: '2026-01-15', to: '2026-01-31' });
    expect(bucketDays(d, '2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(bucketDays(d, '2026-03')).toEqual({ from: '2026-03-01', to: '2026-03-10' });
  });

  it('stacks one series per type, labelled with its counts (none on an empty bar)', () => {
    const option = volumeOption(dashboard(['2026-11-02', '2026-11-03'], '2026-11-02', '2026-11-03')) as { series: Array<{ name: string; stack: string; label: { formatter: (p: { value: unknown }) => string } }> };
    expect(option.series.map((s) => [s.name, s.stack])).toEqual([['投诉', 'type'], ['咨询', 'type']]);
    expect(option.series[0]!.label.formatter({ value: 0 })).toBe('');
    expect(option.series[0]!.label.formatter({ value: 3 })).toBe('3');
  });
});
