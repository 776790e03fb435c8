import { Type } from 'typebox';
import { revealReasonsOf } from '@hotline/rules';
import { SubjectQuery, TicketBody } from '@hotline/api-types';
import type { RevealLimits } from '../../config';
import type { App } from '../../http/app-types';
import { ownCity } from '../../http/access';
import { CityParams, Nullable, StrictObject, errorResponses } from '../../http/schemas';
import { apiInstant, openStepsOf, timelineOf } from './ticket-timeline';
import { type TicketView, findVisibleTicket, getTicket, listTickets, registerTicket, revealCaller } from './tickets.service';

// titles: a refused registration names each field in Chinese, at its pointer (http/request-problems.ts)
const CallerBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64, title: '诉求人姓名' }),
    phone: Type.String({ pattern: '^[0-9+][0-9 -]{2,24}$', title: '联系电话' }),
  },
  { additionalProperties: false, title: '诉求人' },
);
/** `?place=` and `?matter=`, on the ticket list and the inbox. */
export { SubjectQuery };

export { TicketBody };
export const TimelineItemBody = StrictObject({
  id: Type.String(),
  at: Type.String(),
  kind: Type.String(),
  actor: Nullable(StrictObject({ username: Type.String(), name: Type.String() })),
  unit: Nullable(StrictObject({ code: Type.String(), name: Type.String() })),
  summary: Type.String({ description: 'zh-CN' }),
  data: Type.Record(Type.String(), Type.Unknown()),
});
/** One ticket with where it stands. */
const TicketDetailBody = StrictObject({
  ...TicketBody.properties,
  openSteps: Type.Array(
    StrictObject({ form: Nullable(Type.String()), name: Type.String(), unit: Nullable(StrictObject({ code: Type.String(), name: Type.String() })) }),
    { description: 'the open steps (tasks) of the ticket, oldest first: where it stands (e.g. the unit\'s 履职尽责说明, then its review); empty once it ended' },
  ),
});
const TicketParams = StrictObject({ city: CityParams.properties.city, number: Type.String({ pattern: '^\\d{13}(-\\d{1,3})?$' }) });

/** Instants in China's +08:00, as every lifecycle response gives them (TASKS-API.md). */
export const ticketJson = (t: TicketView) => ({ ...t, registeredAt: apiInstant(t.registeredAt) as string, closedAt: apiInstant(t.closedAt) });

export async function ticketRoutes(app: App, options: { reveals: RevealLimits }): Promise<void> {
  app.post('/api/cities/:city/tickets', {
    config: { access: { page: 'register' } },
    schema: {
      summary: "Register a ticket (受理登记); starts the city's ticket process under the pack version in force",
      tags: ['tickets'],
      params: CityParams,
      body: StrictObject({
        type: Type.String({ title: '诉求类型' }),
        urgency: Type.Optional(Type.String({ title: '紧急程度', description: 'an urgency class of the pack; default general' })),
        channel: Type.Optional(Type.String({ title: '受理渠道', description: 'a channel of the rule version, e.g. phone' })),
        summary: Type.Optional(Type.String({ minLength: 1, maxLength: 100, title: '诉求摘要', description: 'one line; default the start of the content' })),
        content: Type.String({ minLength: 1, maxLength: 10_000, title: '诉求内容' }),
        matter: Type.Optional(Type.String({ title: '诉求事项', description: "诉求事项: a code of the pack's matter taxonomy" })),
        place: Type.Optional(Type.String({ title: '事发区划', description: "事发区划: a code of the city's places (GET /api/cities/:city/places)" })),
        address: Type.Optional(Type.String({ maxLength: 200, title: '事发地点', description: '事发地点: the address as the caller gave it' })),
        unit: Type.Optional(Type.String({ title: '承办单位', description: 'code of the handling unit' })),
        caller: CallerBody,
        classify: Type.Optional(
          Type.Record(Type.String(), Type.Unknown(), {
            title: '分类处理',
            description: 'the classify form (分类处理) decided with the registration, e.g. {"outcome":"dispatch"}: the classification task is then completed with it',
          }),
        ),
      }),
      response: { 201: TicketBody, ...errorResponses },
    },
    handler: async (request, reply) => {
      const actor = ownCity(request, request.params.city);
      return reply.status(201).send(ticketJson(await registerTicket(app.db, actor, request.body, app.workflow)));
    },
  });

  app.get('/api/cities/:city/tickets', {
    config: { access: { packRole: true } },
    schema: {
      summary: "Recent tickets in the caller's scope, callers masked",
      tags: ['tickets'],
      params: CityParams,
      querystring: StrictObject({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })), ...SubjectQuery }),
      response: { 200: Type.Array(TicketBody), ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const { limit, ...subject } = request.query;
      return (await listTickets(app.db, actor, limit ?? 50, subject)).map(ticketJson);
    },
  });

  app.get('/api/cities/:city/tickets/:number', {
    config: { access: { packRole: true } },
    schema: { summary: 'One ticket, caller masked, with its open steps', tags: ['tickets'], params: TicketParams, response: { 200: TicketDetailBody, ...errorResponses } },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const view = await getTicket(app.db, actor, request.params.number);
      const ticket = await findVisibleTicket(app.db, actor, request.params.number);
      return { ...ticketJson(view), openSteps: await openStepsOf(app.db, ticket.id) };
    },
  });

  app.get('/api/cities/:city/tickets/:number/timeline', {
    config: { access: { packRole: true } },
    schema: {
      summary: "The ticket's timeline, oldest first",
      tags: ['tickets'],
      params: TicketParams,
      response: { 200: StrictObject({ items: Type.Array(TimelineItemBody) }), ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const ticket = await findVisibleTicket(app.db, actor, request.params.number);
      return { items: await timelineOf(app.db, ticket.id) };
    },
  });

  /** The city's reveal reason categories (pack data; the platform's defaults when the pack gives none). */
  const reasonsOf = async (city: string) => revealReasonsOf((await app.catalog.inForce(city))?.pack.city ?? {});

  app.get('/api/cities/:city/reveal-reasons', {
    config: { access: { reveal: true } },
    schema: {
      summary: "The reason categories (查看原因类别) a reveal beyond one's own tasks must choose from",
      tags: ['tickets'],
      params: CityParams,
      response: { 200: StrictObject({ reasons: Type.Array(StrictObject({ key: Type.String(), label: Type.String() })) }), ...errorResponses },
    },
    handler: async (request) => {
      ownCity(request, request.params.city);
      return { reasons: (await reasonsOf(request.params.city)).map(({ key, label }) => ({ key, label })) };
    },
  });

  const reveal = {
    config: { access: { reveal: true } },
    schema: {
      summary:
        "Reveal the caller's name and phone. On a ticket one holds or held a task of, a reason suffices; on another ticket of a role's scope, " +
        'a reason category and a text of at least 5 characters. Rate-limited per person (429); every reveal is logged and watched for bulk patterns',
      tags: ['tickets'],
      params: TicketParams,
      body: StrictObject({
        reasonCategory: Type.Optional(Type.String({ title: '查看原因类别', minLength: 1, maxLength: 64, description: 'a key of GET …/reveal-reasons' })),
        reason: Type.String({ title: '查看原因', minLength: 1, maxLength: 500, description: 'the concrete need' }),
      }),
      response: { 200: CallerBody, ...errorResponses },
    },
  } as const;
  for (const url of ['/api/cities/:city/tickets/:number/caller-reveals', '/api/cities/:city/tickets/:number/caller/reveal']) {
    app.post(url, {
      ...reveal,
      handler: async (request, reply) => {
        const actor = ownCity(request, request.params.city);
        // personal data: never kept by a browser or a proxy
        reply.header('cache-control', 'no-store');
        return revealCaller(app.db, actor, request.params.number, request.body, { reasons: await reasonsOf(actor.cityId), limits: options.reveals });
      },
    });
  }
}
