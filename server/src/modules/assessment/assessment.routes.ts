// 考核 routes: centre roles run an assessment and see the city's units; a unit role sees its own unit's
// row and appeals, and files an appeal 申诉 against a figure. The page `assessment` of the pack's roles
// gives access; the role's scope (centre or not) decides what is seen (assessment.service seesCity).
import { Type } from 'typebox';
import { AppealBody, FileAppealBody, RunAssessmentBody, RunBody, RunSummaryBody, TraceBody } from '@hotline/api-types';
import type { AssessmentPlan, Indicator } from '@hotline/rules';
import { ownCity } from '../../http/access';
import type { App } from '../../http/app-types';
import { CityParams, StrictObject, errorResponses } from '../../http/schemas';
import { recordDownload } from '../audit/audit.repository';
import { auditActorOf } from '../auth/actor';
import type { SubjectProcessStarter } from '../subjects/subject-kind';
import { apiInstant } from '../tickets/ticket-timeline';
import { XLSX_TYPE } from '../supervision/bulletin-xlsx';
import { type AppealRow, fileAppeal, listAppeals } from './assessment-appeal';
import { type FactProvider, ticketFacts } from './assessment-facts';
import { type AssessmentDeps, type ResultRow, type RunRow, listRuns, resultsOf, runAssessment, runOf, traceFigure } from './assessment.service';
import { assessmentWorkbook } from './assessment-xlsx';

export interface AssessmentRoutesOptions {
  /** Starts an appeal's `assessmentAppeal` process (the subjects foundation); null: appeals are only recorded. */
  starter?: SubjectProcessStarter | null;
  /** Fact sets beyond `tickets` (e.g. the knowledge base's `knowledgeUpdates`). */
  providers?: readonly FactProvider[];
}

const RunParams = StrictObject({ city: CityParams.properties.city, run: Type.String({ maxLength: 64 }) });
const TraceParams = StrictObject({ ...RunParams.properties, unit: Type.String({ maxLength: 64 }), indicator: Type.String({ pattern: '^[a-z][A-Za-z0-9]*$' }) });
const ACCESS = { page: 'assessment' } as const;

/** How an indicator scores, in words. */
function scoringText(i: Indicator): string {
  const s = i.score;
  const v = (n: number) => (i.format === 'count' ? String(n) : `${Math.round(n * 10000) / 100}%`);
  if (s.kind === 'linear') return `${v(s.from)} 得 0 分，${v(s.to)} 得 ${s.points} 分，其间按比例计分`;
  return `每 1 计 ${s.points > 0 ? '+' : ''}${s.points} 分，最多 ${s.cap} 分`;
}

const indicatorJson = (i: Indicator) => ({ key: i.key, label: i.label, format: i.format, scoring: scoringText(i), source: i.source, assumption: i.assumption ?? null });
const summaryJson = (r: RunRow) => ({ id: r.id, from: r.period_from, to: r.period_to, ruleVersion: r.rule_version, tickets: r.tickets, ranAt: apiInstant(r.ran_at) as string });
const figureJson = (f: ResultRow['figures'][number]) => ({
  key: f.key,
  value: f.value,
  numerator: f.numerator,
  denominator: f.denominator,
  excluded: f.excluded,
  points: f.points,
  corrected: f.corrected ?? null,
});
const resultJson = (r: ResultRow) => ({
  unitId: r.unit_id,
  unit: { code: r.unit_code, name: r.unit_name },
  category: r.category,
  total: Number(r.total),
  grade: r.grade_label,
  rank: r.rank,
  figures: r.figures.map(figureJson),
});
const appealJson = (a: AppealRow & { unit_code: string; unit_name: string }) => ({
  id: a.id,
  runId: a.run_id,
  unit: { code: a.unit_code, name: a.unit_name },
  indicator: a.indicator,
  reason: a.reason,
  evidence: a.evidence,
  status: a.status,
  filedAt: apiInstant(a.filed_at) as string,
  resolution: a.resolution,
  correctedValue: a.corrected_value === null ? null : Number(a.corrected_value),
  resolvedAt: apiInstant(a.resolved_at),
});
const runJson = (run: RunRow, plan: AssessmentPlan, rows: ResultRow[]) => ({
  ...summaryJson(run),
  indicators: plan.indicators.map(indicatorJson),
  grades: plan.grades.map((g) => ({ key: g.key, label: g.label, minScore: g.minScore })),
  categories: (plan.categories ?? []).map((c) => ({ key: c.key, label: c.label })),
  results: rows.map(resultJson),
});

export async function assessmentRoutes(app: App, options: AssessmentRoutesOptions): Promise<void> {
  const deps: AssessmentDeps = { db: app.db, catalog: app.catalog, providers: [ticketFacts(app.catalog), ...(options.providers ?? [])] };
  const starter = options.starter ?? null;
  const now = async () => (app.workflow ? app.workflow.now() : Date.now());

  app.post('/api/cities/:city/assessment/runs', {
    config: { access: ACCESS },
    schema: {
      summary: "Runs the unit assessment 考核 of the caller's city for local days from–to (at most a year) under the pack's assessment plan, and stores every unit's figures (centre roles)",
      tags: ['assessment'],
      params: CityParams,
      body: RunAssessmentBody,
      response: { 201: RunBody, ...errorResponses },
    },
    handler: async (request, reply) => {
      const actor = ownCity(request, request.params.city);
      const run = await runAssessment(deps, actor, request.body, await now());
      reply.code(201);
      return runJson(run, run.plan, await resultsOf(app.db, actor, run.id));
    },
  });

  app.get('/api/cities/:city/assessment/runs', {
    config: { access: ACCESS },
    schema: { summary: "The city's assessment runs, newest first", tags: ['assessment'], params: CityParams, response: { 200: StrictObject({ items: Type.Array(RunSummaryBody) }), ...errorResponses } },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return { items: (await listRuns(app.db, actor.cityId)).map(summaryJson) };
    },
  });

  app.get('/api/cities/:city/assessment/runs/:run', {
    config: { access: ACCESS },
    schema: {
      summary: "A run's indicators and results: every unit for centre roles, the caller's own unit for a unit role",
      tags: ['assessment'],
      params: RunParams,
      response: { 200: RunBody, ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const run = await runOf(app.db, actor, request.params.run);
      return runJson(run, run.plan, await resultsOf(app.db, actor, run.id));
    },
  });

  app.get('/api/cities/:city/assessment/runs/:run/units/:unit/indicators/:indicator', {
    config: { access: ACCESS },
    schema: {
      summary: 'The drill-down of one figure: the tickets counted in its numerator and denominator, and the excluded ones with the reason (recomputed from the period’s facts; the stored figure beside it)',
      tags: ['assessment'],
      params: TraceParams,
      response: { 200: TraceBody, ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const { stored, recomputed, trace, indicator } = await traceFigure(deps, actor, request.params.run, request.params.unit, request.params.indicator);
      const why = { numerator: '计入分子（及分母）', denominator: '仅计入分母' } as const;
      const change = indicator.measure.kind === 'change';
      return {
        indicator: indicatorJson(indicator),
        stored: figureJson(stored),
        recomputed: figureJson(recomputed),
        tickets: trace.map((t) => ({
          ticketId: t.id,
          number: t.label,
          role: t.role,
          why: t.role === 'excluded' ? (t.reason ?? '不计入') : t.previousYear ? '上年同期，计入比较基数' : change ? '本期，计入同比' : t.amount !== undefined ? `计入 ${t.amount}` : why[t.role],
          amount: t.amount ?? null,
          previousYear: t.previousYear ?? false,
        })),
      };
    },
  });

  app.get('/api/cities/:city/assessment/runs/:run/export', {
    config: { access: ACCESS },
    schema: {
      summary: "A run's table as an xlsx file (units, figures, totals, grades; no caller data), the rows the caller may see; every download audited",
      tags: ['assessment'],
      params: RunParams,
      response: { ...errorResponses },
    },
    handler: async (request, reply) => {
      const actor = ownCity(request, request.params.city);
      const run = await runOf(app.db, actor, request.params.run);
      const rows = await resultsOf(app.db, actor, run.id);
      const entry = await app.catalog.entry(Number(run.pack_version_id));
      const cityName = entry.pack.city.name;
      const bytes = await assessmentWorkbook({ cityName, from: run.period_from, to: run.period_to, ruleVersion: run.rule_version, plan: run.plan, rows });
      await recordDownload(app.db, actor.cityId, auditActorOf(actor), { type: 'assessmentRun', id: run.id, format: 'xlsx' });
      const name = encodeURIComponent(`考核结果-${cityName}-${run.period_from}至${run.period_to}.xlsx`);
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', `attachment; filename="assessment-${actor.cityId}-${run.period_from}-${run.period_to}.xlsx"; filename*=UTF-8''${name}`)
        .send(bytes as never);
    },
  });

  app.post('/api/cities/:city/assessment/runs/:run/appeals', {
    config: { access: ACCESS },
    schema: {
      summary: "A unit's appeal 申诉 against one of its figures (reason, evidence): the centre resolves it in the city's assessmentAppeal process; upheld, the figure is corrected with an audit entry",
      tags: ['assessment'],
      params: RunParams,
      body: FileAppealBody,
      response: { 201: AppealBody, ...errorResponses },
    },
    handler: async (request, reply) => {
      const actor = ownCity(request, request.params.city);
      const appeal = await fileAppeal(app.db, starter, actor, request.params.run, request.body);
      reply.code(201);
      const [withUnit] = (await listAppeals(app.db, actor, request.params.run)).filter((a) => a.id === appeal.id);
      return appealJson(withUnit!);
    },
  });

  app.get('/api/cities/:city/assessment/appeals', {
    config: { access: ACCESS },
    schema: {
      summary: "Appeals against assessment figures, newest first: the city's for centre roles, the caller's unit's otherwise",
      tags: ['assessment'],
      params: CityParams,
      querystring: StrictObject({ run: Type.Optional(Type.String({ pattern: '^[0-9a-f-]{36}$' })) }),
      response: { 200: StrictObject({ items: Type.Array(AppealBody) }), ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return { items: (await listAppeals(app.db, actor, request.query.run)).map(appealJson) };
    },
  });
}
