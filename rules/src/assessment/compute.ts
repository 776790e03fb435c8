// The assessment of units over a period, from fact records: pure, no I/O. Each record is measured by
// its own rule version's indicator of the same key (the rules in force at its registration); the plan
// of the period scores and grades. Every figure keeps the records behind it and why each counted.
import type { AssessmentPlan, Exclusion, FactFilter, FactRecord, FactSets, FactValue, Indicator, Measure, ScoreRule } from './types';

export function matches(facts: Readonly<Record<string, FactValue>>, filter: FactFilter): boolean {
  const v = facts[filter.fact] ?? null;
  if (filter.present !== undefined && (v !== null) !== filter.present) return false;
  if (filter.equals !== undefined && v !== filter.equals) return false;
  if (filter.in !== undefined && !filter.in.includes(v)) return false;
  if (filter.notIn !== undefined && filter.notIn.includes(v)) return false;
  if (filter.lt === undefined && filter.lte === undefined && filter.gt === undefined && filter.gte === undefined) return true;
  if (typeof v !== 'number') return false;
  return (
    (filter.lt === undefined || v < filter.lt) &&
    (filter.lte === undefined || v <= filter.lte) &&
    (filter.gt === undefined || v > filter.gt) &&
    (filter.gte === undefined || v >= filter.gte)
  );
}

export const matchesAll = (facts: Readonly<Record<string, FactValue>>, filters: readonly FactFilter[]): boolean => filters.every((f) => matches(facts, f));

/** Why a record counts: in the numerator (and so the denominator), only the denominator, or excluded. */
export type Role = 'numerator' | 'denominator' | 'excluded';

export interface TraceEntry {
  id: string;
  label: string;
  role: Role;
  /** zh-CN: the exclusion's reason, or the value a sum added. */
  reason?: string;
  /** For a sum: what the record added. */
  amount?: number;
  /** Last year's record of a change measure. */
  previousYear?: boolean;
}

export interface IndicatorFigure {
  key: string;
  label: string;
  format: Indicator['format'];
  /** The measured value (a share 0..1, a count, a relative change); null when there is nothing to measure. */
  value: number | null;
  numerator: number;
  denominator: number | null;
  excluded: number;
  points: number;
}

export interface UnitResult {
  unitId: string;
  category: string | null;
  indicators: IndicatorFigure[];
  total: number;
  grade: { key: string; label: string } | null;
  /** Place in the unit's category (1 = best), ties share a place. */
  rank: number;
}

export interface AssessmentInput {
  /** The plan that scores and grades (the rule version in force at the period's end). */
  plan: AssessmentPlan;
  /** A record's own plan, by its rule version; undefined when that version declares no assessment. */
  planOf(ruleVersion: string): AssessmentPlan | undefined;
  units: ReadonlyArray<{ id: string; kind?: string | null }>;
  current: FactSets;
  /** The same period a year before (for `change` measures). */
  previousYear?: FactSets;
}

/** Each record's own definition of the indicator: its version's, or why it has none. */
function measuredBy(input: AssessmentInput, key: string, record: FactRecord): Indicator | string {
  const own = input.planOf(record.ruleVersion)?.indicators.find((i) => i.key === key);
  return own ?? `适用的规则版本“${record.ruleVersion}”未设此指标`;
}

const exclusionOf = (exclusions: readonly Exclusion[] | undefined, facts: FactRecord['facts']): Exclusion | undefined =>
  exclusions?.find((e) => matchesAll(facts, e.where));

interface Tally {
  numerator: number;
  denominator: number;
  excluded: number;
  previous: number;
  trace: TraceEntry[];
}

function tally(input: AssessmentInput, indicator: Indicator, current: readonly FactRecord[], previous: readonly FactRecord[], withTrace: boolean): Tally {
  const t: Tally = { numerator: 0, denominator: 0, excluded: 0, previous: 0, trace: [] };
  const visit = (record: FactRecord, lastYear: boolean) => {
    const own = measuredBy(input, indicator.key, record);
    const note = (role: Role, reason?: string, amount?: number) => {
      if (withTrace) t.trace.push({ id: record.id, label: record.label, role, ...(reason ? { reason } : {}), ...(amount !== undefined ? { amount } : {}), ...(lastYear ? { previousYear: true } : {}) });
    };
    if (typeof own === 'string') {
      t.excluded += lastYear ? 0 : 1;
      note('excluded', own);
      return;
    }
    const exclusion = exclusionOf(own.exclude, record.facts);
    if (exclusion) {
      t.excluded += lastYear ? 0 : 1;
      note('excluded', exclusion.reason);
      return;
    }
    const m: Measure = own.measure;
    switch (m.kind) {
      case 'ratio':
        if (!matchesAll(record.facts, m.denominator)) return;
        t.denominator++;
        if (matchesAll(record.facts, m.numerator)) {
          t.numerator++;
          note('numerator');
        } else note('denominator');
        return;
      case 'count':
      case 'change':
        if (!matchesAll(record.facts, m.where)) return;
        if (lastYear) t.previous++;
        else t.numerator++;
        note('numerator');
        return;
      case 'sum': {
        if (!matchesAll(record.facts, m.where)) return;
        const v = record.facts[m.fact];
        const amount = typeof v === 'number' ? v : 0;
        if (amount === 0) return;
        t.numerator += amount;
        note('numerator', undefined, amount);
        return;
      }
    }
  };
  for (const r of current) visit(r, false);
  if (indicator.measure.kind === 'change') for (const r of previous) visit(r, true);
  return t;
}

function valueOf(measure: Measure, t: Tally): { value: number | null; denominator: number | null } {
  switch (measure.kind) {
    case 'ratio':
      return { value: t.denominator === 0 ? null : t.numerator / t.denominator, denominator: t.denominator };
    case 'count':
    case 'sum':
      return { value: t.numerator, denominator: null };
    case 'change':
      return { value: t.previous === 0 ? null : (t.numerator - t.previous) / t.previous, denominator: t.previous };
  }
}

const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits || 0; // no -0

export function pointsOf(rule: ScoreRule, value: number): number {
  if (rule.kind === 'linear') {
    const share = Math.min(1, Math.max(0, (value - rule.from) / (rule.to - rule.from)));
    return round(share * rule.points);
  }
  return round(Math.min(rule.cap, Math.max(-rule.cap, value * rule.points)));
}

const byUnit = (records: readonly FactRecord[] | undefined): Map<string, FactRecord[]> => {
  const map = new Map<string, FactRecord[]>();
  for (const r of records ?? []) {
    const list = map.get(r.unitId);
    if (list) list.push(r);
    else map.set(r.unitId, [r]);
  }
  return map;
};

function figure(input: AssessmentInput, indicator: Indicator, current: readonly FactRecord[], previous: readonly FactRecord[], withTrace: boolean) {
  const t = tally(input, indicator, current, previous, withTrace);
  const { value, denominator } = valueOf(indicator.measure, t);
  const points = value === null ? indicator.whenNoData : pointsOf(indicator.score, value);
  const result: IndicatorFigure = {
    key: indicator.key,
    label: indicator.label,
    format: indicator.format,
    value: value === null ? null : round(value),
    numerator: t.numerator,
    denominator,
    excluded: t.excluded,
    points,
  };
  return { figure: result, trace: t.trace };
}

export function gradeOf(plan: AssessmentPlan, total: number): { key: string; label: string } | null {
  const grade = [...plan.grades].sort((a, b) => b.minScore - a.minScore).find((g) => total >= g.minScore);
  return grade ? { key: grade.key, label: grade.label } : null;
}

export function categoryOf(plan: AssessmentPlan, unitKind: string | null | undefined): string | null {
  if (!plan.categories) return null;
  return plan.categories.find((c) => unitKind != null && c.unitKinds.includes(unitKind))?.key ?? null;
}

/** Every unit's figures, total, grade and place in its category. */
export function assessUnits(input: AssessmentInput): UnitResult[] {
  const grouped = new Map<string, { current: Map<string, FactRecord[]>; previous: Map<string, FactRecord[]> }>();
  const setsOf = (of: string) => {
    let g = grouped.get(of);
    if (!g) {
      g = { current: byUnit(input.current[of]), previous: byUnit(input.previousYear?.[of]) };
      grouped.set(of, g);
    }
    return g;
  };
  const results: UnitResult[] = input.units.map((unit) => {
    const indicators = input.plan.indicators.map((indicator) => {
      const sets = setsOf(indicator.measure.of);
      return figure(input, indicator, sets.current.get(unit.id) ?? [], sets.previous.get(unit.id) ?? [], false).figure;
    });
    const total = round(indicators.reduce((sum, i) => sum + i.points, 0), 2);
    return { unitId: unit.id, category: categoryOf(input.plan, unit.kind), indicators, total, grade: gradeOf(input.plan, total), rank: 0 };
  });
  for (const r of results) r.rank = 1 + results.filter((o) => o.category === r.category && o.total > r.total).length;
  return results;
}

/** One unit's figure of one indicator with the records behind it (the drill-down). */
export function traceIndicator(input: AssessmentInput, unitId: string, key: string): { figure: IndicatorFigure; trace: TraceEntry[] } | null {
  const indicator = input.plan.indicators.find((i) => i.key === key);
  if (!indicator) return null;
  const of = indicator.measure.of;
  const mine = (records: readonly FactRecord[] | undefined) => (records ?? []).filter((r) => r.unitId === unitId);
  return figure(input, indicator, mine(input.current[of]), mine(input.previousYear?.[of]), true);
}
