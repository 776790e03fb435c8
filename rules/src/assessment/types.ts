// Unit assessment 考核 as pack data: a rule version's `assessment` declares its indicators, how each is
// measured from named facts (an open vocabulary the server fills, see VOCABULARY.md) and scored, and
// the grades. Nothing here names an indicator or a fact: the computation reads them from the plan.

/** A fact's value: a level key, a count, a share, a flag; null when the fact is not known for the record. */
export type FactValue = string | number | boolean | null;

/** One test of one named fact; every key given must hold. */
export interface FactFilter {
  fact: string;
  equals?: FactValue;
  in?: FactValue[];
  notIn?: FactValue[];
  lt?: number;
  lte?: number;
  gt?: number;
  gte?: number;
  /** true: the fact has a value (not null, not absent); false: it has none. */
  present?: boolean;
}

/** What an indicator measures over a fact set (e.g. `tickets`) of a unit in the period. */
export type Measure =
  /** Share of the records meeting `denominator` that also meet `numerator` (0..1). */
  | { kind: 'ratio'; of: string; numerator: FactFilter[]; denominator: FactFilter[] }
  /** How many records meet `where`. */
  | { kind: 'count'; of: string; where: FactFilter[] }
  /** The sum of a numeric fact over the records meeting `where`. */
  | { kind: 'sum'; of: string; fact: string; where: FactFilter[] }
  /** (this period − the same period a year before) / the year before, of the records meeting `where`. */
  | { kind: 'change'; of: string; where: FactFilter[]; comparedWith: 'previousYear' };

/** How a measured value becomes points. */
export type ScoreRule =
  /** 0 points at `from`, `points` at `to`, straight in between, clamped (from > to: lower is better). */
  | { kind: 'linear'; from: number; to: number; points: number }
  /** `points` per unit of the value (negative: a deduction), the total held within ±`cap`. */
  | { kind: 'perUnit'; points: number; cap: number };

export interface Sourced {
  source: string;
  assumption?: string;
  note?: string;
}

/** Records matching `where` take no part in the indicator; the drill-down lists them with `reason`. */
export interface Exclusion extends Sourced {
  reason: string;
  where: FactFilter[];
}

export interface Indicator extends Sourced {
  key: string;
  label: string;
  /** How the value reads: a share as a percentage, a count, a change as a signed percentage. */
  format: 'percent' | 'count' | 'change';
  measure: Measure;
  exclude?: Exclusion[];
  score: ScoreRule;
  /** Points when the unit has no record to measure (empty denominator, no last-year figure). */
  whenNoData: number;
}

export interface Grade extends Sourced {
  key: string;
  label: string;
  /** The lowest total that earns the grade. */
  minScore: number;
}

/** Units assessed and ranked together (分类考核): the organisation's unit kinds they cover. */
export interface UnitCategory extends Sourced {
  key: string;
  label: string;
  unitKinds: string[];
}

export interface AssessmentPlan extends Sourced {
  indicators: Indicator[];
  grades: Grade[];
  categories?: UnitCategory[];
}

/** One record of a fact set: a ticket of the unit, with its facts and the rule version it follows. */
export interface FactRecord {
  id: string;
  /** What the drill-down shows for it (a ticket's number). */
  label: string;
  unitId: string;
  /** The rule version the record follows (a ticket's, from its registration); its plan measures it. */
  ruleVersion: string;
  facts: Readonly<Record<string, FactValue>>;
}

export type FactSets = Readonly<Record<string, readonly FactRecord[]>>;
