// Unit assessment 考核 (server/src/modules/assessment): a run's figures per unit, the drill-down from a
// figure to its tickets, and appeals 申诉. Ticket numbers only: never a caller's name or phone.
import { type Static, Type } from 'typebox';
import { LocalDate, Nullable, StrictObject, Timestamp, UnitRefBody } from './schemas';

export const RunAssessmentBody = StrictObject({ from: LocalDate, to: LocalDate });
export type RunAssessmentInput = Static<typeof RunAssessmentBody>;

export const IndicatorDefBody = StrictObject({
  key: Type.String(),
  label: Type.String(),
  format: Type.Union([Type.Literal('percent'), Type.Literal('count'), Type.Literal('change')]),
  scoring: Type.String({ description: 'how the value becomes points, in words (zh-CN)' }),
  source: Type.String(),
  assumption: Nullable(Type.String()),
});

export const FigureBody = StrictObject({
  key: Type.String(),
  value: Nullable(Type.Number()),
  numerator: Type.Number(),
  denominator: Nullable(Type.Number()),
  excluded: Type.Integer(),
  points: Type.Number(),
  corrected: Nullable(StrictObject({ appealId: Type.String(), value: Nullable(Type.Number()), points: Type.Number() }, 'the value and points before an upheld appeal changed them')),
});
export type AssessmentFigure = Static<typeof FigureBody>;

export const UnitResultBody = StrictObject({
  unitId: Type.String(),
  unit: UnitRefBody,
  category: Nullable(Type.String()),
  total: Type.Number(),
  grade: Nullable(Type.String()),
  rank: Type.Integer(),
  figures: Type.Array(FigureBody),
});
export type AssessmentUnitResult = Static<typeof UnitResultBody>;

export const RunSummaryBody = StrictObject({
  id: Type.String(),
  from: LocalDate,
  to: LocalDate,
  ruleVersion: Type.String(),
  tickets: Type.Integer(),
  ranAt: Timestamp,
});
export type AssessmentRunSummary = Static<typeof RunSummaryBody>;

export const RunBody = StrictObject({
  ...RunSummaryBody.properties,
  indicators: Type.Array(IndicatorDefBody),
  grades: Type.Array(StrictObject({ key: Type.String(), label: Type.String(), minScore: Type.Number() })),
  categories: Type.Array(StrictObject({ key: Type.String(), label: Type.String() })),
  results: Type.Array(UnitResultBody),
});
export type AssessmentRun = Static<typeof RunBody>;

export const TraceBody = StrictObject({
  indicator: IndicatorDefBody,
  stored: FigureBody,
  recomputed: FigureBody,
  tickets: Type.Array(
    StrictObject({
      ticketId: Type.String(),
      number: Type.String(),
      role: Type.Union([Type.Literal('numerator'), Type.Literal('denominator'), Type.Literal('excluded')]),
      why: Type.String({ description: 'zh-CN: counted in the numerator, only the denominator, or the exclusion reason' }),
      amount: Nullable(Type.Number()),
      previousYear: Type.Boolean(),
    }),
  ),
});
export type AssessmentTrace = Static<typeof TraceBody>;

export const FileAppealBody = StrictObject({
  indicator: Type.String({ pattern: '^[a-z][A-Za-z0-9]*$' }),
  reason: Type.String({ minLength: 1, maxLength: 2000 }),
  evidence: Type.String({ minLength: 1, maxLength: 4000 }),
});
export type FileAppealInput = Static<typeof FileAppealBody>;

export const AppealBody = StrictObject({
  id: Type.String(),
  runId: Type.String(),
  unit: UnitRefBody,
  indicator: Type.String(),
  reason: Type.String(),
  evidence: Type.String(),
  status: Type.Union([Type.Literal('filed'), Type.Literal('upheld'), Type.Literal('rejected')]),
  filedAt: Timestamp,
  resolution: Nullable(Type.String()),
  correctedValue: Nullable(Type.Number()),
  resolvedAt: Nullable(Timestamp),
});
export type AssessmentAppeal = Static<typeof AppealBody>;
