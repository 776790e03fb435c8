// 数据分析: the dashboard's figures (counts of tickets, never a caller) and the briefings (周报, 月报).
import { type Static, Type } from 'typebox';
import { LocalDate, Nullable, StrictObject } from './schemas';

const Rate = Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'a fraction; null when there was nothing to count' }));
const CodeName = StrictObject({ code: Type.String(), name: Type.String() });
const SeriesBody = StrictObject({ key: Type.String(), label: Type.String(), total: Type.Integer(), data: Type.Array(Type.Integer(), { description: 'one count per bucket' }) });
const BarBody = StrictObject({ key: Type.String(), label: Type.String(), count: Type.Integer() });
const RiseBody = StrictObject({ key: Type.String(), label: Type.String(), count: Type.Integer(), previous: Type.Integer(), rise: Type.Integer() });

export const DashboardQuery = StrictObject({
  from: LocalDate,
  to: LocalDate,
  district: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'a place code: the tickets of that place and the places below it' })),
});

export const DashboardBody = StrictObject({
  cityName: Type.String(),
  from: LocalDate,
  to: LocalDate,
  previousFrom: LocalDate,
  previousTo: LocalDate,
  units: Nullable(Type.Array(CodeName, { description: "a unit role's own units; null: the whole city" })),
  district: Nullable(CodeName),
  districts: Type.Array(CodeName),
  refreshedAt: Nullable(Type.String({ description: 'when the counts were last brought up to date' })),
  thresholds: StrictObject({ concentratedMin: Type.Integer(), concentratedSource: Type.String(), hotTop: Type.Integer() }),
  bucket: Type.Union([Type.Literal('day'), Type.Literal('month')]),
  buckets: Type.Array(Type.String()),
  totals: StrictObject({
    tickets: Type.Integer(),
    previous: Type.Integer(),
    open: Type.Integer(),
    closed: Type.Integer(),
    dispatched: Type.Integer(),
    rated: Type.Integer(),
    acceptOnTimeRate: Rate,
    completeOnTimeRate: Rate,
    satisfactionRate: Rate,
  }),
  volume: SeriesBody,
  byType: Type.Array(SeriesBody),
  byChannel: Type.Array(SeriesBody),
  byDistrict: Type.Array(BarBody),
  byUnit: Type.Array(BarBody),
  hotMatters: Type.Array(RiseBody),
  hotPlaces: Type.Array(RiseBody),
  trends: StrictObject({ acceptOnTime: Type.Array(Rate), completeOnTime: Type.Array(Rate), satisfaction: Type.Array(Rate) }),
  sensitive: Type.Array(StrictObject({ matter: Type.String(), label: Type.String(), count: Type.Integer(), previous: Type.Integer(), open: Type.Integer(), source: Type.String() })),
  concentrated: Type.Array(
    StrictObject({ matter: Type.String(), matterLabel: Type.String(), place: Type.String(), placeLabel: Type.String(), count: Type.Integer(), sensitive: Type.Boolean() }),
  ),
});
export type AnalysisDashboard = Static<typeof DashboardBody>;

export const BriefingBody = StrictObject({
  id: Type.Integer(),
  key: Type.String(),
  label: Type.String(),
  from: LocalDate,
  to: LocalDate,
  trigger: Type.Union([Type.Literal('schedule'), Type.Literal('demand')]),
  createdAt: Type.String(),
});
export type Briefing = Static<typeof BriefingBody>;

export const BriefingListBody = StrictObject({
  items: Type.Array(BriefingBody),
  /** The briefings the pack schedules (key, label, period). */
  kinds: Type.Array(StrictObject({ key: Type.String(), label: Type.String(), period: Type.Union([Type.Literal('week'), Type.Literal('month')]) })),
});
export type BriefingList = Static<typeof BriefingListBody>;

export const BriefingRequestBody = StrictObject({
  from: LocalDate,
  to: LocalDate,
  district: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});
export type BriefingRequest = Static<typeof BriefingRequestBody>;
