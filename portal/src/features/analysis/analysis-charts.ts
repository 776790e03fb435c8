// The dashboard's chart options and drill-downs from the API's figures. Pure: unit-tested.
import type { AnalysisDashboard } from '@hotline/api-types';
import type { ChartOption } from './EChart';

/** Search criteria (工单查询's address form) for the tickets behind a chart element. */
export type Drill = Record<string, string>;

const pct = (rate: number | null | undefined) => (rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10);
const shortBucket = (b: string) => (b.length === 10 ? b.slice(5) : b);

/** The local days of a bucket (a day, or a month YYYY-MM clipped to the period). */
export function bucketDays(d: Pick<AnalysisDashboard, 'from' | 'to'>, bucket: string): { from: string; to: string } {
  if (bucket.length === 10) return { from: bucket, to: bucket };
  const [y, m] = bucket.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { from: `${bucket}-01` < d.from ? d.from : `${bucket}-01`, to: last > d.to ? d.to : last };
}

export function volumeOption(d: AnalysisDashboard): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: d.buckets.map(shortBucket) },
    yAxis: { type: 'value', minInterval: 1 },
    // each bar segment says its count (none on an empty one)
    series: d.byType.map((s) => ({
      name: s.label,
      type: 'bar',
      stack: 'type',
      data: s.data,
      label: { show: true, formatter: (p: { value: unknown }) => (p.value ? String(p.value) : '') },
      emphasis: { focus: 'series' },
    })),
  };
}

export function volumeDrill(d: AnalysisDashboard, seriesIndex: number, dataIndex: number): Drill {
  return { ...bucketDays(d, d.buckets[dataIndex]!), type: d.byType[seriesIndex]!.key };
}

export function barOption(bars: ReadonlyArray<{ label: string; count: number }>, horizontal = false): ChartOption {
  const category = { type: 'category', data: bars.map((b) => b.label), ...(horizontal ? { inverse: true } : { axisLabel: { interval: 0, rotate: bars.length > 6 ? 30 : 0 } }) };
  const value = { type: 'value', minInterval: 1 };
  return {
    tooltip: { trigger: 'item' },
    grid: { left: horizontal ? 110 : 40, right: 30, top: 16, bottom: horizontal ? 20 : 50 },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? category : value,
    series: [{ type: 'bar', data: bars.map((b) => b.count), label: { show: true, position: horizontal ? 'right' : 'top' }, barMaxWidth: 36 }],
  };
}

export function channelOption(d: AnalysisDashboard): ChartOption {
  return barOption(d.byChannel.map((s) => ({ label: s.label, count: s.total })));
}

export function ratesOption(d: AnalysisDashboard): ChartOption {
  const line = (name: string, data: Array<number | null>) => ({ name, type: 'line', connectNulls: true, data: data.map(pct) });
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${String(v)}%`) },
    legend: { top: 0 },
    grid: { left: 44, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: d.buckets.map(shortBucket) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [line('按时签收率', d.trends.acceptOnTime), line('按时办结率', d.trends.completeOnTime), line('满意率', d.trends.satisfaction)],
  };
}

export const percentText = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
