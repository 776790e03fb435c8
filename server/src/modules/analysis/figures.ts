// The dashboard's figures from daily count rows (analysis_daily): pure, no I/O, so the routes, the
// briefings and the tests share one arithmetic. Every figure is a count of tickets; rates are
// fractions (0..1) or null when nothing was there to count.
import type { AnalysisPolicy } from '@hotline/rules';

export interface DailyRow {
  day: string;
  type: string;
  channel: string;
  placeCode: string;
  matterCode: string;
  /** '' when the ticket was never dispatched to a unit. */
  unitId: string;
  status: string;
  rating: string;
  lateStages: string;
  tickets: number;
}

export interface Labels {
  type(key: string): string;
  channel(key: string): string;
  /** The district (top-level place) a place lies in, and its name. */
  district(placeCode: string): { code: string; name: string } | null;
  place(code: string): string;
  unit(id: string): { code: string; name: string } | null;
  matter(code: string): string;
}

export interface Series {
  key: string;
  label: string;
  total: number;
  /** One count per bucket. */
  data: number[];
}
export interface Bar {
  key: string;
  label: string;
  count: number;
}
export interface Rise {
  key: string;
  label: string;
  count: number;
  previous: number;
  rise: number;
}
export interface Concentrated {
  matter: string;
  matterLabel: string;
  place: string;
  placeLabel: string;
  count: number;
  sensitive: boolean;
}
export interface SensitiveFigure {
  matter: string;
  label: string;
  count: number;
  previous: number;
  open: number;
  source: string;
}

export interface Figures {
  buckets: string[];
  bucket: 'day' | 'month';
  totals: {
    tickets: number;
    previous: number;
    open: number;
    closed: number;
    dispatched: number;
    rated: number;
    acceptOnTimeRate: number | null;
    completeOnTimeRate: number | null;
    satisfactionRate: number | null;
  };
  volume: Series;
  byType: Series[];
  byChannel: Series[];
  byDistrict: Bar[];
  byUnit: Bar[];
  hotMatters: Rise[];
  hotPlaces: Rise[];
  trends: { acceptOnTime: Array<number | null>; completeOnTime: Array<number | null>; satisfaction: Array<number | null> };
  sensitive: SensitiveFigure[];
  concentrated: Concentrated[];
}

/** The buckets of a period: its days, or its months when it is longer than 62 days. */
export function bucketsOf(from: string, to: string): { bucket: 'day' | 'month'; buckets: string[]; of: (day: string) => string } {
  const days: string[] = [];
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += 86_400_000) days.push(new Date(d).toISOString().slice(0, 10));
  if (days.length <= 62) return { bucket: 'day', buckets: days, of: (day) => day };
  return { bucket: 'month', buckets: [...new Set(days.map((d) => d.slice(0, 7)))], of: (day) => day.slice(0, 7) };
}

/** The period of the same length just before from..to. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const start = Date.parse(`${from}T00:00:00Z`);
  const length = Date.parse(`${to}T00:00:00Z`) - start + 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: iso(start - length), to: iso(start - 86_400_000) };
}

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
const stagesOf = (late: string) => (late === '' ? [] : late.split(','));

const isUnder = (code: string, prefix: string) => code.startsWith(prefix);

/**
 * The counts each figure reads, summed over the other columns (a column summed over is '' in the rows):
 * the database sums them (GROUPING SETS), so a month of a million tickets arrives as a few thousand rows.
 */
export const ROW_SETS = {
  dayType: ['day', 'type'],
  dayChannel: ['day', 'channel'],
  place: ['placeCode'],
  unit: ['unitId'],
  matterStatus: ['matterCode', 'status'],
  matterPlace: ['matterCode', 'placeCode'],
  facts: ['day', 'dispatched', 'status', 'rating', 'lateStages'],
} as const;
export type RowSets = Record<keyof typeof ROW_SETS, readonly DailyRow[]>;

/** The same rows for every figure (unsummed rows: tests, small periods). */
export const sameRows = (rows: readonly DailyRow[]): RowSets => ({ dayType: rows, dayChannel: rows, place: rows, unit: rows, matterStatus: rows, matterPlace: rows, facts: rows });

export function dashboardFigures(input: { from: string; to: string; rows: RowSets; previousRows: RowSets; policy: AnalysisPolicy; labels: Labels }): Figures {
  const { rows: sets, previousRows: before, policy, labels } = input;
  const { bucket, buckets, of } = bucketsOf(input.from, input.to);
  const index = new Map(buckets.map((b, i) => [b, i]));
  const acceptLate = (late: string) => stagesOf(late).some((s) => policy.onTime.acceptStages.includes(s));
  const completeLate = (late: string) => stagesOf(late).some((s) => policy.onTime.completeStages.includes(s));
  const satisfied = (rating: string) => policy.satisfaction.satisfiedLevels.includes(rating);

  const seriesBy = (rows: readonly DailyRow[], keyOf: (r: DailyRow) => string, labelOf: (key: string) => string): Series[] => {
    const by = new Map<string, Series>();
    for (const r of rows) {
      const key = keyOf(r);
      const s = by.get(key) ?? { key, label: labelOf(key), total: 0, data: buckets.map(() => 0) };
      s.total += r.tickets;
      s.data[index.get(of(r.day))!]! += r.tickets;
      by.set(key, s);
    }
    return [...by.values()].sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
  };
  const countBy = (source: readonly DailyRow[], keyOf: (r: DailyRow) => string | null) => {
    const by = new Map<string, number>();
    for (const r of source) {
      const key = keyOf(r);
      if (key !== null) by.set(key, (by.get(key) ?? 0) + r.tickets);
    }
    return by;
  };
  const bars = (by: Map<string, number>, labelOf: (key: string) => string): Bar[] =>
    [...by.entries()].map(([key, count]) => ({ key, label: labelOf(key), count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const rising = (now: Map<string, number>, before: Map<string, number>, labelOf: (key: string) => string): Rise[] =>
    [...now.entries()]
      .map(([key, count]) => ({ key, label: labelOf(key), count, previous: before.get(key) ?? 0, rise: count - (before.get(key) ?? 0) }))
      .filter((r) => r.rise > 0)
      .sort((a, b) => b.rise - a.rise || b.count - a.count || a.key.localeCompare(b.key))
      .slice(0, policy.hotTopics.top);

  const sum = (source: readonly DailyRow[], when: (r: DailyRow) => boolean) => source.reduce((n, r) => (when(r) ? n + r.tickets : n), 0);
  const dispatched = (r: DailyRow) => r.unitId !== '';
  const closedWithUnit = (r: DailyRow) => r.unitId !== '' && r.status === 'closed';
  const rated = (r: DailyRow) => r.rating !== '';

  // on-time and satisfaction by bucket
  const trend = (base: (r: DailyRow) => boolean, good: (r: DailyRow) => boolean) => {
    const parts = buckets.map(() => 0);
    const wholes = buckets.map(() => 0);
    for (const r of sets.facts) {
      if (!base(r)) continue;
      const i = index.get(of(r.day))!;
      wholes[i]! += r.tickets;
      if (good(r)) parts[i]! += r.tickets;
    }
    return buckets.map((_, i) => rate(parts[i]!, wholes[i]!));
  };

  const districtOf = (r: DailyRow) => (r.placeCode === '' ? null : (labels.district(r.placeCode)?.code ?? null));
  const districtLabel = (code: string) => labels.district(code)?.name ?? code;
  const sensitiveOf = (matter: string) => policy.sensitiveMatters.find((s) => isUnder(matter, s.matter));

  const pairKey = (r: DailyRow) => (r.matterCode === '' || r.placeCode === '' ? null : `${r.matterCode}|${r.placeCode}`);
  const concentrated = [...countBy(sets.matterPlace, pairKey).entries()]
    .filter(([, count]) => count >= policy.concentrated.minTickets)
    .map(([key, count]) => {
      const [matter, place] = key.split('|') as [string, string];
      return { matter, matterLabel: labels.matter(matter), place, placeLabel: labels.place(place), count, sensitive: sensitiveOf(matter) !== undefined };
    })
    .sort((a, b) => b.count - a.count || a.matter.localeCompare(b.matter));

  const facts = sets.facts;
  return {
    bucket,
    buckets,
    totals: {
      tickets: sum(facts, () => true),
      previous: sum(before.facts, () => true),
      open: sum(facts, (r) => r.status === 'open'),
      closed: sum(facts, (r) => r.status === 'closed'),
      dispatched: sum(facts, dispatched),
      rated: sum(facts, rated),
      acceptOnTimeRate: rate(sum(facts, (r) => dispatched(r) && !acceptLate(r.lateStages)), sum(facts, dispatched)),
      completeOnTimeRate: rate(sum(facts, (r) => closedWithUnit(r) && !completeLate(r.lateStages)), sum(facts, closedWithUnit)),
      satisfactionRate: rate(sum(facts, (r) => satisfied(r.rating)), sum(facts, rated)),
    },
    volume: seriesBy(sets.dayType, () => 'all', () => '工单量')[0] ?? { key: 'all', label: '工单量', total: 0, data: buckets.map(() => 0) },
    byType: seriesBy(sets.dayType, (r) => r.type, labels.type),
    byChannel: seriesBy(sets.dayChannel, (r) => r.channel, (k) => (k === '' ? '未填写' : labels.channel(k))),
    byDistrict: bars(countBy(sets.place, districtOf), districtLabel),
    // keyed by the unit's code, as 工单查询 takes it
    byUnit: bars(countBy(sets.unit, (r) => (r.unitId === '' ? null : r.unitId)), (id) => labels.unit(id)?.name ?? id).map((b) => ({ ...b, key: labels.unit(b.key)?.code ?? b.key })),
    hotMatters: rising(countBy(sets.matterStatus, (r) => r.matterCode || null), countBy(before.matterStatus, (r) => r.matterCode || null), labels.matter),
    hotPlaces: rising(countBy(sets.place, (r) => r.placeCode || null), countBy(before.place, (r) => r.placeCode || null), labels.place),
    trends: {
      acceptOnTime: trend(dispatched, (r) => !acceptLate(r.lateStages)),
      completeOnTime: trend(closedWithUnit, (r) => !completeLate(r.lateStages)),
      satisfaction: trend(rated, (r) => satisfied(r.rating)),
    },
    sensitive: policy.sensitiveMatters.map((s) => ({
      matter: s.matter,
      label: s.label,
      count: sum(sets.matterStatus, (r) => isUnder(r.matterCode, s.matter)),
      previous: sum(before.matterStatus, (r) => isUnder(r.matterCode, s.matter)),
      open: sum(sets.matterStatus, (r) => r.status === 'open' && isUnder(r.matterCode, s.matter)),
      source: s.source,
    })),
    concentrated,
  };
}
