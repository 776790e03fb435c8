// 数据分析 routes: the dashboard (a centre role: the city; a unit role: its own unit or unit tree), the
// counts brought up to date on request (centre), a briefing of the period on screen as xlsx or PDF (the
// person's own scope), and the scheduled 周报/月报 kept for download (centre). Every file handed out is
// audited; a unit role asking for the city's briefings is refused (audited as access.denied).
import { Type } from 'typebox';
import { formatInstant, formatLocalDate, parseLocalDate } from '@hotline/rules';
import { BriefingListBody, DashboardBody, DashboardQuery } from '@hotline/api-types';
import type { App } from '../../http/app-types';
import { ownCity } from '../../http/access';
import { ApiError, forbidden } from '../../http/errors';
import { CityParams, StrictObject, errorResponses } from '../../http/schemas';
import { recordDownload } from '../audit/audit.repository';
import { type Actor, auditActorOf } from '../auth/actor';
import { XLSX_TYPE } from '../supervision/bulletin-xlsx';
import { type DashboardQuery as Query, analysisContext, analysisScope, dashboard, refreshAnalysis } from './analysis.service';
import { briefingPdf, briefingWorkbook } from './briefing';
import { listBriefings } from './briefing-schedule';

const ACCESS = { page: 'analysis' } as const;
/** The longest period one dashboard covers. */
const MAX_DAYS = 366;
const PDF_TYPE = 'application/pdf';

export async function analysisRoutes(app: App): Promise<void> {
  const now = async () => (app.workflow ? app.workflow.now() : Date.now());

  /** The period asked for, checked, in the words of the person who reads the refusal. */
  function checkedQuery(query: Query): Query {
    const from = parseLocalDate(query.from);
    const to = parseLocalDate(query.to);
    if (from === null) throw new ApiError(400, 'BAD_QUERY', `开始日期 from（${query.from}）不存在`);
    if (to === null) throw new ApiError(400, 'BAD_QUERY', `结束日期 to（${query.to}）不存在`);
    if (to < from) throw new ApiError(400, 'BAD_QUERY', `结束日期 to（${query.to}）早于开始日期 from（${query.from}）`);
    if (to - from + 1 > MAX_DAYS) throw new ApiError(400, 'BAD_QUERY', `统计期间最长 ${MAX_DAYS} 天，结束日期 to 请选在 ${formatLocalDate(from + MAX_DAYS - 1)} 之前`);
    return query;
  }

  async function centreOnly(actor: Actor, what: string): Promise<void> {
    if ((await analysisScope(app.db, actor)) !== null) throw forbidden(`${what}是全市的数据，只有热线工作机构的角色可以使用；承办单位请查看本单位的数据分析`);
  }

  app.get('/api/cities/:city/analysis/dashboard', {
    config: { access: ACCESS },
    schema: {
      summary:
        "数据分析 dashboard of a period of local days: volume by day, type, channel, district and unit; hot matters and places (rising most against the previous period of the same length); on-time acceptance and completion and satisfaction by day; the pack's sensitive matters and matters raised by many (Tianjin 2025 §27). A unit role gets its own unit's (or unit tree's) figures. Counts only, no caller data",
      tags: ['analysis'],
      params: CityParams,
      querystring: DashboardQuery,
      response: { 200: DashboardBody, ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return dashboard(app.db, app.catalog, actor.cityId, await analysisScope(app.db, actor), checkedQuery(request.query));
    },
  });

  app.post('/api/cities/:city/analysis/refresh', {
    config: { access: ACCESS },
    schema: {
      summary: "Brings the dashboard's counts up to date now (the server also does so on a schedule); the hotline centre's roles only",
      tags: ['analysis'],
      params: CityParams,
      response: { 200: StrictObject({ tookMs: Type.Integer() }), ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      await centreOnly(actor, '刷新统计数据');
      return refreshAnalysis(app.db, app.catalog);
    },
  });

  app.get('/api/cities/:city/analysis/export', {
    config: { access: ACCESS },
    schema: {
      summary: 'The dashboard of a period as a briefing document (xlsx or PDF, in the person’s own scope; counts, matters, places and units, never a caller); every download audited',
      tags: ['analysis'],
      params: CityParams,
      querystring: StrictObject({ ...DashboardQuery.properties, format: Type.Union([Type.Literal('xlsx'), Type.Literal('pdf')]) }),
      response: { ...errorResponses },
    },
    handler: async (request, reply) => {
      const actor = ownCity(request, request.params.city);
      const { format, ...query } = request.query;
      const figures = await dashboard(app.db, app.catalog, actor.cityId, await analysisScope(app.db, actor), checkedQuery(query));
      const offset = (await app.catalog.inForce(actor.cityId))?.rules.offsetMinutes ?? 480;
      const doc = { label: '数据分析报告', dashboard: figures, producedAt: formatInstant(await now(), offset).slice(0, 16).replace('T', ' ') };
      const bytes = format === 'xlsx' ? await briefingWorkbook(doc) : await briefingPdf(doc);
      await recordDownload(app.db, actor.cityId, auditActorOf(actor), { type: 'analysisReport', id: `${query.from}..${query.to}${query.district ? `@${query.district}` : ''}`, format });
      const name = encodeURIComponent(`数据分析报告-${figures.cityName}-${query.from}至${query.to}.${format}`);
      return reply
        .header('content-type', format === 'xlsx' ? XLSX_TYPE : PDF_TYPE)
        .header('content-disposition', `attachment; filename="analysis-${actor.cityId}-${query.from}-${query.to}.${format}"; filename*=UTF-8''${name}`)
        .send(bytes as never);
    },
  });

  app.get('/api/cities/:city/analysis/briefings', {
    config: { access: ACCESS },
    schema: {
      summary: "The 周报 and 月报 the server wrote on the pack's schedule (analysis.briefings), newest first; the hotline centre's roles only",
      tags: ['analysis'],
      params: CityParams,
      response: { 200: BriefingListBody, ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      await centreOnly(actor, '周报、月报');
      const { policy } = await analysisContext(app.db, app.catalog, actor.cityId);
      return { items: await listBriefings(app.db, actor.cityId), kinds: policy.briefings.map((b) => ({ key: b.key, label: b.label, period: b.period })) };
    },
  });

  app.get('/api/cities/:city/analysis/briefings/:id/:format', {
    config: { access: ACCESS },
    schema: {
      summary: 'A kept 周报 or 月报 as xlsx or PDF; the hotline centre’s roles only; every download audited',
      tags: ['analysis'],
      params: StrictObject({ ...CityParams.properties, id: Type.Integer({ minimum: 1 }), format: Type.Union([Type.Literal('xlsx'), Type.Literal('pdf')]) }),
      response: { ...errorResponses },
    },
    handler: async (request, reply) => {
      const actor = ownCity(request, request.params.city);
      await centreOnly(actor, '周报、月报');
      const { id, format } = request.params;
      const row: { label: string; from: string; bytes: Buffer } | undefined = await app.db('analysis_briefings')
        .where({ city_id: actor.cityId, id })
        .first('label', app.db.raw(`to_char(period_from, 'YYYY-MM-DD') as "from"`), format === 'xlsx' ? 'xlsx as bytes' : 'pdf as bytes');
      if (!row) throw new ApiError(404, 'NOT_FOUND', `没有编号为 ${id} 的简报`);
      const from = row.from;
      await recordDownload(app.db, actor.cityId, auditActorOf(actor), { type: 'analysisBriefing', id: String(id), format });
      const name = encodeURIComponent(`${row.label}-${from}.${format}`);
      return reply
        .header('content-type', format === 'xlsx' ? XLSX_TYPE : PDF_TYPE)
        .header('content-disposition', `attachment; filename="briefing-${actor.cityId}-${id}.${format}"; filename*=UTF-8''${name}`)
        .send(row.bytes as never);
    },
  });
}
