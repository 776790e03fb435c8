// Assessment runs 考核: the figures of every unit of a city for a period, computed by @hotline/rules from
// the facts gathered here under the pack's plan, stored per run; a unit sees its own row, the centre all.
// A stored figure changes only through an upheld appeal (assessment-appeal.ts).
import {
  type AssessmentInput,
  type AssessmentPlan,
  type FactSets,
  type IndicatorFigure,
  type UnitResult,
  assessUnits,
  gradeOf,
  parseLocalDate,
  traceIndicator,
} from '@hotline/rules';
import type { Knex } from 'knex';
import { ApiError, forbidden, notFoundZh } from '../../http/errors';
import { recordEvent } from '../audit/audit.repository';
import { type Actor, auditActorOf } from '../auth/actor';
import type { PackCatalog } from '../workflow/pack-catalog';
import { type FactProvider, ruleVersionKey } from './assessment-facts';
import { isUuid } from '../../database/ids';

export interface AssessmentDeps {
  db: Knex;
  catalog: PackCatalog;
  /** The fact sets the plans may measure: `tickets` and any a module adds. */
  providers: readonly FactProvider[];
}

/** A figure as stored: the computed one, and what an upheld appeal changed. */
export type StoredFigure = IndicatorFigure & { corrected?: { appealId: string; value: number | null; points: number } };

export interface RunRow {
  id: string;
  city_id: string;
  period_from: string;
  period_to: string;
  pack_version_id: string;
  rule_version: string;
  plan: AssessmentPlan;
  tickets: number;
  ran_at: Date;
}

export interface ResultRow {
  unit_id: string;
  unit_code: string;
  unit_name: string;
  category: string | null;
  total: string;
  grade_key: string | null;
  grade_label: string | null;
  rank: number;
  figures: StoredFigure[];
}

/** Whether the person sees the whole city (a centre role) or only their own unit. */
export const seesCity = (actor: Actor) => actor.grants.scope === 'centre';

const DAY = 86_400_000;

/** The instants of local days [from, to] in the city's offset; Chinese errors naming the field. */
export function periodSpan(from: string, to: string, offsetMinutes: number): { fromMs: number; toMs: number } {
  const f = parseLocalDate(from);
  const t = parseLocalDate(to);
  if (f === null) throw new ApiError(400, 'BAD_PERIOD', `考核期间的开始日期 from“${from}”不是有效日期`);
  if (t === null) throw new ApiError(400, 'BAD_PERIOD', `考核期间的结束日期 to“${to}”不是有效日期`);
  if (t < f) throw new ApiError(400, 'BAD_PERIOD', `考核期间的结束日期 to（${to}）早于开始日期 from（${from}）`);
  if (t - f > 366) throw new ApiError(400, 'BAD_PERIOD', '考核期间 from 至 to 最长一年（366 天）');
  return { fromMs: f * DAY - offsetMinutes * 60_000, toMs: (t + 1) * DAY - offsetMinutes * 60_000 };
}

/** The same span a year earlier (for year-on-year measures). */
function previousYear(span: { fromMs: number; toMs: number }): { fromMs: number; toMs: number } {
  const back = (ms: number) => {
    const d = new Date(ms);
    d.setUTCFullYear(d.getUTCFullYear() - 1);
    return d.getTime();
  };
  return { fromMs: back(span.fromMs), toMs: back(span.toMs) };
}

/** Each record's own plan, by `ruleVersion@packVersion`. */
function planResolver(catalog: PackCatalog): { prepare(keys: Iterable<string>): Promise<void>; planOf(key: string): AssessmentPlan | undefined } {
  const plans = new Map<string, AssessmentPlan | undefined>();
  return {
    async prepare(keys) {
      for (const key of keys) {
        if (plans.has(key)) continue;
        const [ruleVersion, packVersion] = key.split('@');
        const entry = packVersion ? await catalog.entry(Number(packVersion)).catch(() => null) : null;
        plans.set(key, entry?.pack.versions.find((v) => v.id === ruleVersion)?.assessment);
      }
    },
    planOf: (key) => plans.get(key),
  };
}

async function gather(deps: AssessmentDeps, plan: AssessmentPlan, cityId: string, span: { fromMs: number; toMs: number }, unitId?: string) {
  const sets = new Set(plan.indicators.map((i) => i.measure.of));
  const yearOnYear = new Set(plan.indicators.filter((i) => i.measure.kind === 'change').map((i) => i.measure.of));
  const current: Record<string, AssessmentInput['current'][string]> = {};
  const previous: Record<string, AssessmentInput['current'][string]> = {};
  const last = previousYear(span);
  for (const set of sets) {
    const provider = deps.providers.find((p) => p.set === set);
    if (!provider) continue; // a fact set nobody supplies: its indicators show no data (whenNoData)
    current[set] = await provider.records(deps.db, cityId, span.fromMs, span.toMs, unitId);
    if (yearOnYear.has(set)) previous[set] = await provider.records(deps.db, cityId, last.fromMs, last.toMs, unitId);
  }
  const resolver = planResolver(deps.catalog);
  const all = [...Object.values(current), ...Object.values(previous)].flat();
  await resolver.prepare(new Set(all.map((r) => r.ruleVersion)));
  return { current: current as FactSets, previousYear: previous as FactSets, planOf: resolver.planOf, tickets: current.tickets?.length ?? 0 };
}

/** Runs the assessment of every unit of the actor's city for local days [from, to] and stores it. */
export async function runAssessment(deps: AssessmentDeps, actor: Actor, period: { from: string; to: string }, nowMs: number): Promise<RunRow> {
  if (!seesCity(actor)) throw forbidden('only centre roles run an assessment');
  const entry = await deps.catalog.inForce(actor.cityId);
  if (!entry) throw new ApiError(409, 'NO_PACK', '该城市尚未发布城市包，无法考核');
  const span = periodSpan(period.from, period.to, entry.rules.offsetMinutes);
  let version;
  try {
    version = entry.rules.versionAt(Math.min(span.toMs - 1, nowMs));
  } catch {
    throw new ApiError(409, 'NO_RULE_VERSION', `没有规则版本覆盖考核期间的结束日期 ${period.to}`);
  }
  const plan = version.assessment;
  if (!plan) throw new ApiError(409, 'NO_ASSESSMENT', `规则版本“${version.name}”未设考核指标（assessment）：请在城市包中声明`);
  const facts = await gather(deps, plan, actor.cityId, span);
  const units: Array<{ id: string; kind: string }> = await deps.db('units').where({ city_id: actor.cityId }).whereNot({ kind: 'centre' }).select('id', 'kind');
  const results = assessUnits({ plan, planOf: facts.planOf, units, current: facts.current, previousYear: facts.previousYear });
  return deps.db.transaction(async (trx) => {
    const [run] = await trx('assessment_runs')
      .insert({ city_id: actor.cityId, period_from: period.from, period_to: period.to, pack_version_id: entry.versionId, rule_version: version.id, plan: JSON.stringify(plan), tickets: facts.tickets, ran_by: actor.userId })
      .returning('*');
    for (let i = 0; i < results.length; i += 500) {
      await trx('assessment_results').insert(results.slice(i, i + 500).map((r) => resultRow(run.id, actor.cityId, r)));
    }
    await recordEvent(trx, {
      cityId: actor.cityId,
      actor: auditActorOf(actor),
      action: 'assessment.run',
      subjectType: 'assessmentRun',
      subjectId: run.id,
      details: { from: period.from, to: period.to, ruleVersion: version.id, units: results.length, tickets: facts.tickets },
    });
    return run as RunRow;
  });
}

const resultRow = (runId: string, cityId: string, r: UnitResult) => ({
  run_id: runId,
  city_id: cityId,
  unit_id: r.unitId,
  category: r.category,
  total: r.total,
  grade_key: r.grade?.key ?? null,
  grade_label: r.grade?.label ?? null,
  rank: r.rank,
  figures: JSON.stringify(r.indicators),
});

export async function listRuns(db: Knex, cityId: string): Promise<RunRow[]> {
  return db('assessment_runs').where({ city_id: cityId }).orderBy('ran_at', 'desc').limit(100).select('*');
}

/** The run of the actor's city, or 404 as for a run that does not exist. */
export async function runOf(db: Knex, actor: Actor, runId: string): Promise<RunRow> {
  const run = isUuid(runId) ? await db('assessment_runs').where({ id: runId, city_id: actor.cityId }).first() : undefined;
  if (!run) throw notFoundZh(`考核结果 ${runId} 不存在`);
  return run as RunRow;
}

/** The run's rows the actor may see: every unit for the centre, their own otherwise. */
export async function resultsOf(db: Knex, actor: Actor, runId: string): Promise<ResultRow[]> {
  const q = db('assessment_results as r')
    .join('units as u', 'u.id', 'r.unit_id')
    .where('r.run_id', runId)
    .orderBy([{ column: 'r.category' }, { column: 'r.rank' }, { column: 'u.code' }])
    .select('r.unit_id', 'u.code as unit_code', 'u.name as unit_name', 'r.category', 'r.total', 'r.grade_key', 'r.grade_label', 'r.rank', 'r.figures');
  if (!seesCity(actor)) q.andWhere('r.unit_id', actor.unitId);
  return q;
}

/** A unit of the run the actor may see, or 404. */
export async function visibleUnit(db: Knex, actor: Actor, runId: string, unitId: string): Promise<ResultRow> {
  if (!seesCity(actor) && unitId !== actor.unitId) throw notFoundZh('该单位的考核结果不存在');
  const row = isUuid(unitId) ? (await resultsOf(db, actor, runId)).find((r) => r.unit_id === unitId) : undefined;
  if (!row) throw notFoundZh('该单位的考核结果不存在');
  return row;
}

/** A stored figure with the records behind it, recomputed from the facts of the run's period. */
export async function traceFigure(deps: AssessmentDeps, actor: Actor, runId: string, unitId: string, key: string) {
  const run = await runOf(deps.db, actor, runId);
  const row = await visibleUnit(deps.db, actor, runId, unitId);
  const stored = row.figures.find((f) => f.key === key);
  if (!stored) throw notFoundZh(`考核指标 ${key} 不在该次考核中`);
  const entry = await deps.catalog.entry(Number(run.pack_version_id));
  const span = periodSpan(run.period_from, run.period_to, entry.rules.offsetMinutes);
  const facts = await gather(deps, run.plan, run.city_id, span, unitId);
  const traced = traceIndicator({ plan: run.plan, planOf: facts.planOf, units: [{ id: unitId }], current: facts.current, previousYear: facts.previousYear }, unitId, key)!;
  const indicator = run.plan.indicators.find((i) => i.key === key)!;
  return { stored, recomputed: traced.figure, trace: traced.trace, indicator };
}

/** Totals, grades and places after a figure changed: every unit of the run's category re-ranked. */
export async function rescore(trx: Knex.Transaction, run: RunRow, unitId: string, figures: StoredFigure[]): Promise<{ total: number; grade: string | null }> {
  const total = Math.round(figures.reduce((s, f) => s + f.points, 0) * 100) / 100;
  const grade = gradeOf(run.plan, total);
  await trx('assessment_results')
    .where({ run_id: run.id, unit_id: unitId })
    .update({ figures: JSON.stringify(figures), total, grade_key: grade?.key ?? null, grade_label: grade?.label ?? null });
  await trx.raw(
    `update assessment_results r set rank = ranked.rank
     from (select unit_id, rank() over (partition by category order by total desc)::int as rank from assessment_results where run_id = ?) ranked
     where r.run_id = ? and r.unit_id = ranked.unit_id`,
    [run.id, run.id],
  );
  return { total, grade: grade?.label ?? null };
}

/** The run's plan's indicator of a key (stored with the run, so later pack edits do not change it). */
export const indicatorOf = (run: RunRow, key: string) => run.plan.indicators.find((i) => i.key === key);

export type { FactProvider };
export { ruleVersionKey };
