// 数据分析: the centre's dashboard (Tianjin 2024 §28 dynamic monitoring, 2025 §27 matters raised by many
// and sensitive matters, Turpan §29–30 real-time visualisation and hot issues) from the daily counts of
// analysis_daily. Centre roles see the city; a unit role its own unit (or unit tree): the scope comes from
// the person's pack roles, never from the request. No caller data is read: the view has none.
import type { Knex } from 'knex';
import { type AnalysisPolicy, MatterTaxonomy, PATH_SEPARATOR, analysisOf } from '@hotline/rules';
import type { Actor } from '../auth/actor';
import { placeFilter } from '../tickets/ticket-subject';
import { unitsOfScope } from '../tickets/tickets.service';
import type { PackCatalog } from '../workflow/pack-catalog';
import { type DailyRow, type Figures, type Labels, type RowSets, dashboardFigures, previousPeriod } from './figures';

const NO_UNIT = '00000000-0000-0000-0000-000000000000';

export interface DashboardQuery {
  from: string;
  to: string;
  /** A place code: the district (or any place) whose tickets are counted, with the places below it. */
  district?: string | undefined;
}

export interface Dashboard extends Figures {
  cityName: string;
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  /** null: the whole city; else the units whose tickets are counted (a unit role's own). */
  units: Array<{ code: string; name: string }> | null;
  district: { code: string; name: string } | null;
  districts: Array<{ code: string; name: string }>;
  /** When the counts were last brought up to date. */
  refreshedAt: string | null;
  thresholds: { concentratedMin: number; concentratedSource: string; hotTop: number };
}

/** Writes each city's offset from its pack in force, then refreshes the view (readers keep the old counts meanwhile). */
export async function refreshAnalysis(db: Knex, catalog: PackCatalog): Promise<{ tookMs: number }> {
  const started = Date.now();
  const cities: string[] = await db('cities').pluck('id');
  for (const city of cities) {
    const entry = await catalog.inForce(city);
    if (!entry) continue;
    await db.raw('insert into analysis_city_clock (city_id, offset_minutes) values (?, ?) on conflict (city_id) do update set offset_minutes = excluded.offset_minutes', [city, entry.rules.offsetMinutes]);
  }
  await db.raw('refresh materialized view concurrently analysis_daily');
  const tookMs = Date.now() - started;
  await db.raw('insert into analysis_refreshes (id, refreshed_at, took_ms) values (true, now(), ?) on conflict (id) do update set refreshed_at = excluded.refreshed_at, took_ms = excluded.took_ms', [tookMs]);
  return { tookMs };
}

interface GroupedRow {
  grouped: string;
  day: string | null;
  type: string | null;
  channel: string | null;
  place_code: string | null;
  matter_code: string | null;
  unit_id: string | null;
  status: string | null;
  rating: string | null;
  late_stages: string | null;
  dispatched: boolean | null;
  tickets: string;
}

const DISPATCHED = `(unit_id <> '${NO_UNIT}'::uuid)`;
/** Each figure's grouping set, by the columns it groups (the order of ROW_SETS). */
const GROUPING_SETS: ReadonlyArray<[keyof RowSets, string]> = [
  ['dayType', 'day, type'],
  ['dayChannel', 'day, channel'],
  ['place', 'place_code'],
  ['unit', 'unit_id'],
  ['matterStatus', 'matter_code, status'],
  ['matterPlace', 'matter_code, place_code'],
  ['facts', `day, ${DISPATCHED}, status, rating, late_stages`],
];
const COLUMNS = ['day', 'type', 'channel', 'place_code', 'matter_code', 'unit_id', 'status', 'rating', 'late_stages', DISPATCHED];
/** Which columns a grouping set groups, as GROUPING() says (0 = grouped), joined: the key of its set. */
const setKeys = new Map(GROUPING_SETS.map(([name, columns]) => [COLUMNS.map((c) => (columns.split(', ').includes(c) ? '0' : '1')).join(''), name]));

/** The period's counts summed for each figure in one pass over the view (GROUPING SETS). */
async function rowSets(db: Knex, cityId: string, from: string, to: string, unitIds: string[] | null, placeCodes: string[] | null): Promise<RowSets> {
  const where: string[] = ['city_id = ?', 'day between ?::date and ?::date'];
  const bindings: Knex.RawBinding[] = [cityId, from, to];
  const within = (column: string, values: readonly string[], cast: string) => {
    where.push(values.length === 0 ? 'false' : `${column} in (${values.map(() => `?::${cast}`).join(', ')})`);
    bindings.push(...values);
  };
  if (unitIds !== null) within('unit_id', unitIds, 'uuid');
  if (placeCodes !== null) within('place_code', placeCodes, 'text');
  const { rows } = (await db.raw(
    `select ${COLUMNS.map((c) => `grouping(${c})::text`).join(' || ')} as grouped,
            to_char(day, 'YYYY-MM-DD') as day, type, channel, place_code, matter_code, unit_id, status, rating, late_stages, ${DISPATCHED} as dispatched,
            sum(tickets) as tickets
     from analysis_daily where ${where.join(' and ')}
     group by grouping sets (${GROUPING_SETS.map(([, columns]) => `(${columns})`).join(', ')})`,
    bindings,
  )) as { rows: GroupedRow[] };
  const sets: Record<keyof RowSets, DailyRow[]> = { dayType: [], dayChannel: [], place: [], unit: [], matterStatus: [], matterPlace: [], facts: [] };
  for (const r of rows) {
    const set = setKeys.get(r.grouped);
    if (!set) continue;
    sets[set].push({
      day: r.day ?? '',
      type: r.type ?? '',
      channel: r.channel ?? '',
      placeCode: r.place_code ?? '',
      matterCode: r.matter_code ?? '',
      // the facts set knows only whether the tickets went to a unit
      unitId: set === 'facts' ? (r.dispatched ? '*' : '') : r.unit_id === null || r.unit_id === NO_UNIT ? '' : r.unit_id,
      status: r.status ?? '',
      rating: r.rating ?? '',
      lateStages: r.late_stages ?? '',
      tickets: Number(r.tickets),
    });
  }
  return sets;
}

/** The places of a city with the district each lies in (the top of its chain). */
async function placeTree(db: Knex, cityId: string): Promise<{ name: Map<string, string>; district: Map<string, string>; districts: Array<{ code: string; name: string }> }> {
  const rows: Array<{ code: string; name: string; parent_code: string | null }> = await db('places').where({ city_id: cityId }).select('code', 'name', 'parent_code');
  const parent = new Map(rows.map((r) => [r.code, r.parent_code]));
  const name = new Map(rows.map((r) => [r.code, r.name]));
  const district = new Map<string, string>();
  for (const r of rows) {
    let code = r.code;
    for (let hops = 0; parent.get(code) && hops < 10; hops++) code = parent.get(code)!;
    district.set(r.code, code);
  }
  const districts = rows.filter((r) => r.parent_code === null).map((r) => ({ code: r.code, name: r.name }));
  return { name, district, districts };
}

export interface AnalysisContext {
  policy: AnalysisPolicy;
  cityName: string;
  labels: Labels;
  districts: Array<{ code: string; name: string }>;
  placeName: (code: string) => string | undefined;
}

/** The pack's words and the city's organisation, for labelling the counts. */
export async function analysisContext(db: Knex, catalog: PackCatalog, cityId: string): Promise<AnalysisContext> {
  const entry = await catalog.inForce(cityId);
  const pack = entry?.pack;
  const taxonomy = MatterTaxonomy.of({ matters: pack?.matters });
  const types = new Map((pack?.city.ticketTypes ?? []).map((t) => [t.key, t.label]));
  const channels = new Map((pack?.versions ?? []).flatMap((v) => v.channels.map((c) => [c.key, c.label] as const)));
  const places = await placeTree(db, cityId);
  const units: Array<{ id: string; code: string; name: string }> = await db('units').where({ city_id: cityId }).select('id', 'code', 'name');
  const unitById = new Map(units.map((u) => [u.id, { code: u.code, name: u.name }]));
  const labels: Labels = {
    type: (k) => types.get(k) ?? k,
    channel: (k) => channels.get(k) ?? k,
    district: (code) => {
      const d = places.district.get(code) ?? (places.name.has(code) ? code : null);
      return d ? { code: d, name: places.name.get(d) ?? d } : null;
    },
    place: (code) => places.name.get(code) ?? code,
    unit: (id) => unitById.get(id) ?? null,
    matter: (code) => (taxonomy.byCode(code)?.path ?? [code]).join(PATH_SEPARATOR),
  };
  return { policy: analysisOf(pack?.city ?? {}), cityName: pack?.city.name ?? cityId, labels, districts: places.districts, placeName: (c) => places.name.get(c) };
}

/** The units whose figures this person reads: null for the whole city (a centre role). */
export async function analysisScope(db: Knex, actor: Actor): Promise<string[] | null> {
  if (actor.grants.scope === null) return [];
  return unitsOfScope(db, actor, actor.grants.scope);
}

export async function dashboard(db: Knex, catalog: PackCatalog, cityId: string, unitIds: string[] | null, query: DashboardQuery): Promise<Dashboard> {
  const context = await analysisContext(db, catalog, cityId);
  const placeCodes = query.district === undefined ? null : await placeFilter(db, cityId, query.district);
  const previous = previousPeriod(query.from, query.to);
  const [rows, previousRows, refreshed] = await Promise.all([
    rowSets(db, cityId, query.from, query.to, unitIds, placeCodes),
    rowSets(db, cityId, previous.from, previous.to, unitIds, placeCodes),
    db('analysis_refreshes').first('refreshed_at') as Promise<{ refreshed_at: Date } | undefined>,
  ]);
  const figures = dashboardFigures({ from: query.from, to: query.to, rows, previousRows, policy: context.policy, labels: context.labels });
  const units =
    unitIds === null ? null : (await db('units').where({ city_id: cityId }).whereIn('id', unitIds).orderBy('code').select('code', 'name')) as Array<{ code: string; name: string }>;
  return {
    ...figures,
    cityName: context.cityName,
    from: query.from,
    to: query.to,
    previousFrom: previous.from,
    previousTo: previous.to,
    units,
    district: query.district === undefined ? null : { code: query.district, name: context.placeName(query.district) ?? query.district },
    districts: context.districts,
    refreshedAt: refreshed ? refreshed.refreshed_at.toISOString() : null,
    thresholds: { concentratedMin: context.policy.concentrated.minTickets, concentratedSource: context.policy.concentrated.source, hotTop: context.policy.hotTopics.top },
  };
}
