import { Type } from 'typebox';
import type { App } from '../../http/app-types';
import { ownCity } from '../../http/access';
import { ApiError } from '../../http/errors';
import { CityParams, LocalDate, Nullable, StrictObject, errorResponses } from '../../http/schemas';
import { formatInstant, formatLocalDate, localDayOf, parseLocalDate } from '@hotline/rules';
import { recordDownload } from '../audit/audit.repository';
import { auditActorOf } from '../auth/actor';
import { SubjectQuery, TicketBody, ticketJson } from '../tickets/tickets.routes';
import { BulletinBody, IssueOrderBody, SupervisionOrderBody as OrderBody } from '@hotline/api-types';
import { subjectFilter, ticketViews } from '../tickets/tickets.service';
import * as tickets from '../tickets/tickets.repository';
import { apiInstant } from '../tickets/ticket-timeline';
import { type OrderListItem, type OrderRow, SUPERVISION_ORDER_MESSAGE, bulletin, issueOrder, listOrders } from './supervision-orders.service';
import { XLSX_TYPE, bulletinDays, bulletinWorkbook } from './bulletin-xlsx';
import { orderSteps } from './order-steps';
import type { Actor } from '../auth/actor';
import { boardTriggers, supervisionBoard } from './supervision.service';

const orderJson = (o: OrderRow & Partial<OrderListItem>) => ({
  id: o.id,
  status: o.status,
  overdue: o.overdue ?? false,
  requiredResponse: o.required_response,
  opinion: o.opinion,
  dueAt: apiInstant(o.due_at) as string,
  dueSource: o.due_source,
  issuedAt: apiInstant(o.issued_at) as string,
  issuedBy: o.issued_by_name ?? null,
  answeredAt: apiInstant(o.answered_at),
  response: o.response,
  escalations: o.escalations,
  reissues: o.reissues,
  closedAt: apiInstant(o.closed_at),
  waitingAt: o.waiting_at ?? null,
  deliveredAt: apiInstant(o.delivered_at ?? null),
  deliversAt: [] as string[],
  unit: o.unit_code && o.unit_name ? { code: o.unit_code, name: o.unit_name } : null,
});

const BulletinQuery = StrictObject({
  from: Type.Optional(LocalDate),
  to: Type.Optional(LocalDate),
  period: Type.Optional(Type.Union([Type.Literal('week'), Type.Literal('month')], { description: 'instead of from/to: the week (Monday to Sunday) or the month holding `of`' })),
  of: Type.Optional(LocalDate),
});
type BulletinQueryType = { from?: string; to?: string; period?: 'week' | 'month'; of?: string };

export async function supervisionRoutes(app: App): Promise<void> {
  app.get('/api/cities/:city/supervision', {
    config: { access: { page: 'supervision' } },
    schema: {
      summary:
        'The supervision board 督办: overdue tickets, tickets whose caller is dissatisfied, or every supervision entry of open tickets (kind=supervised, of one trigger with `trigger`), with the reason',
      tags: ['tickets'],
      params: CityParams,
      querystring: StrictObject({
        kind: Type.Union([Type.Literal('overdue'), Type.Literal('dissatisfied'), Type.Literal('supervised')], { default: 'overdue' }),
        trigger: Type.Optional(Type.String({ pattern: '^[a-z][A-Za-z0-9]*$', description: 'kind=supervised only: the entries of this supervision trigger' })),
        page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
        pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
        ...SubjectQuery,
      }),
      response: {
        200: StrictObject({
          items: Type.Array(
            StrictObject({
              ticket: TicketBody,
              reason: StrictObject({
                kind: Type.String(),
                trigger: Type.String(),
                label: Type.String(),
                stage: Nullable(Type.String()),
                due: Nullable(Type.String()),
                at: Type.String(),
              }),
            }),
          ),
          total: Type.Integer(),
          page: Type.Integer(),
          pageSize: Type.Integer(),
        }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const { kind = 'overdue', trigger } = request.query;
      if (trigger !== undefined && kind !== 'supervised') throw new ApiError(400, 'BAD_QUERY', `trigger filters the supervised board only (kind=supervised), not kind=${kind}`);
      const subject = await subjectFilter(app.db, actor.cityId, { place: request.query.place, matter: request.query.matter });
      const board = await supervisionBoard(app.db, app.catalog, actor, kind, request.query.page ?? 1, request.query.pageSize ?? 50, trigger, subject);
      return { ...board, items: board.items.map((i) => ({ ticket: ticketJson(i.ticket), reason: i.reason })) };
    },
  });

  app.get('/api/cities/:city/supervision/triggers', {
    config: { access: { page: 'supervision' } },
    schema: {
      summary: "The supervision triggers the city's published packs declare (督办情形, 预警 …), with their labels, for the board's filter",
      tags: ['tickets'],
      params: CityParams,
      response: {
        200: StrictObject({ items: Type.Array(StrictObject({ key: Type.String(), label: Type.String(), source: Type.String() })) }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return { items: await boardTriggers(app.db, app.catalog, actor.cityId) };
    },
  });

  app.post('/api/cities/:city/supervision/orders', {
    // issuing is the supervisor's (the pack gives the page), though the other centre roles read the board
    config: { access: { page: 'supervisionOrders' } },
    schema: {
      summary:
        "Issues a 督办单 (supervision order) for a ticket that is with a unit: the unit answers it in its inbox by the deadline (the pack's policies.supervisionOrder.responsePeriod from now, or dueAt), the centre then closes, escalates or re-issues it — steps of the city's process, on the ticket's timeline",
      tags: ['tickets'],
      params: CityParams,
      body: IssueOrderBody,
      response: { 201: OrderBody, ...errorResponses },
    },
    handler: async (request, reply) => {
      const actor = ownCity(request, request.params.city);
      const order = await issueOrder(app.db, app.catalog, app.workflow, actor, request.body, request.log);
      request.log.info({ supervisionOrder: order.id, ticket: request.body.ticket }, 'supervision order issued');
      reply.code(201);
      return { ...orderJson({ ...order, issued_by_name: actor.displayName }), deliversAt: await deliversAt(order), ticket: null };
    },
  });

  app.get('/api/cities/:city/supervision/orders', {
    config: { access: { page: 'supervision' } },
    schema: {
      summary: 'The 督办单 of the city, newest first: open (not closed), overdue (waiting for the unit past the deadline) or all, each with its ticket',
      tags: ['tickets'],
      params: CityParams,
      querystring: StrictObject({
        state: Type.Union([Type.Literal('open'), Type.Literal('overdue'), Type.Literal('all')], { default: 'open' }),
        page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
        pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
      }),
      response: {
        200: StrictObject({ items: Type.Array(OrderBody), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const page = request.query.page ?? 1;
      const pageSize = request.query.pageSize ?? 50;
      const { items, total } = await listOrders(app.db, app.workflow, actor.cityId, request.query.state ?? 'open', page, pageSize);
      const found = [...(await tickets.ticketsByIds(app.db, actor.cityId, items.map((o) => o.ticket_id))).values()];
      const seen = await ticketViews(app.db, actor, found);
      const views = new Map(found.map((t, i) => [t.id, seen[i]!]));
      return {
        items: await Promise.all(
          items.map(async (o) => {
            const view = views.get(o.ticket_id);
            return { ...orderJson(o), deliversAt: await deliversAt(o), ticket: view ? ticketJson(view) : null };
          }),
        ),
        total,
        page,
        pageSize,
      };
    },
  });

  app.get('/api/cities/:city/supervision/bulletin', {
    config: { access: { page: 'supervision' } },
    schema: {
      summary:
        "通报 list for a period of local days (Tianjin 2015 §24): the units with 督办单 not answered by their deadline, tickets recorded overdue, or tickets supervised repeatedly (the pack's policies.supervisionOrder.repeatedFrom orders or more), worst first. The period: from and to, or period=week|month holding the day `of` (default today)",
      tags: ['tickets'],
      params: CityParams,
      querystring: BulletinQuery,
      response: {
        200: BulletinBody,
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const { from, to, result } = await bulletinOf(ownCity(request, request.params.city), request.query);
      return { from, to, ...result };
    },
  });

  app.get('/api/cities/:city/supervision/bulletin/export', {
    config: { access: { page: 'supervision' } },
    schema: {
      summary: 'The 通报 list of a period as an xlsx file (the city and the period in the sheet; units, counts and ticket numbers, no caller data); every download audited',
      tags: ['tickets'],
      params: CityParams,
      querystring: BulletinQuery,
      response: { ...errorResponses },
    },
    handler: async (request, reply) => {
      const actor = ownCity(request, request.params.city);
      const { from, to, label, offset, cityName, result } = await bulletinOf(actor, request.query);
      const bytes = await bulletinWorkbook({
        cityName,
        from,
        to,
        periodLabel: label,
        repeatedFrom: result.repeatedFrom,
        source: result.sourceText,
        producedAt: formatInstant(await clockNow(), offset).slice(0, 16).replace('T', ' '),
        items: result.items,
      });
      await recordDownload(app.db, actor.cityId, auditActorOf(actor), { type: 'supervisionBulletin', id: `${from}..${to}`, format: 'xlsx' });
      const name = encodeURIComponent(`督办通报-${cityName}-${from}至${to}.xlsx`);
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', `attachment; filename="bulletin-${actor.cityId}-${from}-${to}.xlsx"; filename*=UTF-8''${name}`)
        .send(bytes as never); // bytes, not a JSON body: no response schema for 200
    },
  });

  /** A waiting order: the steps of its ticket's process that take it. */
  async function deliversAt(order: OrderRow): Promise<string[]> {
    if (order.status !== 'waiting') return [];
    const ticket = await app.db('tickets').where({ id: order.ticket_id }).first('pack_version_id');
    return ticket ? [...new Set(orderSteps(await app.catalog.entry(ticket.pack_version_id), SUPERVISION_ORDER_MESSAGE).carrying.values())] : [];
  }

  const clockNow = async () => (app.workflow ? app.workflow.now() : Date.now());

  /** The period a 通报 request asks for (dates, or the week or month of a day) and its list. */
  async function bulletinOf(actor: Actor, query: BulletinQueryType) {
    const entry = await app.catalog.inForce(actor.cityId);
    const offset = entry?.rules.offsetMinutes ?? 480;
    const days = bulletinDays(query, formatLocalDate(localDayOf(await clockNow(), offset)));
    if (!days) throw new ApiError(400, 'BAD_QUERY', '请给出通报期间：开始日期 from 和结束日期 to，或按周、按月（period=week 或 month）');
    const { from, to } = days;
    if (to < from) throw new ApiError(400, 'BAD_QUERY', `通报期间的结束日期 ${to} 早于开始日期 ${from}`);
    const startOf = (day: string) => {
      const epochDay = parseLocalDate(day);
      if (epochDay === null) throw new ApiError(400, 'BAD_QUERY', `通报期间的日期 ${day} 不存在`);
      return epochDay * 86_400_000 - offset * 60_000;
    };
    const result = await bulletin(app.db, app.catalog, app.workflow, actor.cityId, startOf(from), startOf(to) + 86_400_000);
    return { from, to, label: days.label, offset, cityName: entry?.pack.city.name ?? actor.cityId, result };
  }
}
