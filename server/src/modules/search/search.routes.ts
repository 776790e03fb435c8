// 工单查询 and 重复来电. The search takes its criteria in a POST body: a caller's phone is never in a
// URL (access logs, browser history, proxies).
import { Type } from 'typebox';
import { repeatCallsOf } from '@hotline/rules';
import type { App } from '../../http/app-types';
import { ownCity } from '../../http/access';
import { CityParams, LocalDate, Nullable, StrictObject, errorResponses } from '../../http/schemas';
import { SubjectQuery } from '../tickets/tickets.routes';
import { linkRepeatCall, repeatCallFigures, repeatCandidates } from './repeat-calls.service';
import { TICKET_STATUSES, search } from './search.service';

const Phone = Type.String({ minLength: 3, maxLength: 25, pattern: '^[0-9+][0-9 -]{2,24}$' });

const FoundTicketBody = StrictObject({
  number: Type.String(),
  type: Type.String(),
  urgency: Type.String(),
  status: Type.String(),
  summary: Nullable(Type.String()),
  address: Nullable(Type.String()),
  place: Nullable(Type.String({ description: "the place's name" })),
  unitCode: Nullable(Type.String()),
  unitName: Nullable(Type.String()),
  registeredAt: Type.String(),
  closedAt: Nullable(Type.String()),
  dueAt: Nullable(Type.String({ description: "the earliest due instant of the ticket's open tasks" })),
  repeatCalls: Type.Integer({ description: '重复来电 linked to it' }),
  caller: Nullable(
    StrictObject({ name: Type.String(), phone: Type.String(), masked: Type.Literal(true) }, "masked; null for a person none of whose roles may ever see a caller (revealCaller never)"),
  ),
});

const TicketParams = StrictObject({ city: CityParams.properties.city, number: Type.String({ pattern: '^\\d{13}(-\\d{1,3})?$' }) });

export async function searchRoutes(app: App): Promise<void> {
  app.post('/api/cities/:city/ticket-searches', {
    config: { access: { page: 'search' } },
    schema: {
      summary:
        "工单查询: tickets of the caller's scope (a unit role its unit's, a centre role the city's) by number, caller phone (matched by a keyed digest, never shown), address, words in the content (each ≥ 2 characters), unit, type, status and registration days; newest first, a page at a time",
      tags: ['tickets'],
      params: CityParams,
      body: StrictObject({
        number: Type.Optional(Type.String({ maxLength: 20, description: 'a ticket number or its leading digits (≥ 4)' })),
        phone: Type.Optional(Phone),
        address: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '事发地点: words that must all occur in it' })),
        words: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'words (space-separated, each ≥ 2 characters) that must all occur in the content' })),
        unit: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "the handling unit's code" })),
        type: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        status: Type.Optional(Type.Union(TICKET_STATUSES.map((s) => Type.Literal(s)))),
        from: Type.Optional(LocalDate),
        to: Type.Optional(LocalDate),
        ...SubjectQuery,
        page: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 1 })),
        pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
      }),
      response: {
        200: StrictObject({ items: Type.Array(FoundTicketBody), page: Type.Integer(), pageSize: Type.Integer(), hasMore: Type.Boolean() }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const { page = 1, pageSize = 20, ...criteria } = request.body;
      return search(app.db, actor, criteria, page, pageSize);
    },
  });

  const Candidate = StrictObject({
    ticket: FoundTicketBody,
    reasons: Type.Array(Type.Union([Type.Literal('sameCaller'), Type.Literal('similarContent')])),
    tellCaller: Type.String({ description: 'what to tell the caller, zh-CN' }),
  });

  app.post('/api/cities/:city/repeat-calls/candidates', {
    config: { access: { page: 'register' } },
    schema: {
      summary: '重复来电: the open tickets a call being registered may repeat — the same caller, or content alike at the same place or address',
      tags: ['tickets'],
      params: CityParams,
      body: StrictObject({
        phone: Type.Optional(Type.String({ maxLength: 25 })),
        content: Type.Optional(Type.String({ maxLength: 10_000 })),
        place: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        address: Type.Optional(Type.String({ maxLength: 200 })),
      }),
      response: { 200: StrictObject({ items: Type.Array(Candidate) }), ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const pack = await app.catalog.inForce(actor.cityId);
      return { items: await repeatCandidates(app.db, actor, request.body, repeatCallsOf(pack?.pack.city ?? {})) };
    },
  });

  app.post('/api/cities/:city/tickets/:number/repeat-calls', {
    config: { access: { page: 'register' } },
    schema: {
      summary: "重复来电: link the call being registered to this open ticket instead of a new one; recorded on the ticket's timeline; answers what to tell the caller",
      tags: ['tickets'],
      params: TicketParams,
      body: StrictObject({
        caller: StrictObject({ name: Type.String({ minLength: 1, maxLength: 64 }), phone: Phone }),
        content: Type.String({ minLength: 1, maxLength: 10_000, description: 'what the caller said this time' }),
        channel: Type.Optional(Type.String({ maxLength: 32 })),
      }),
      response: {
        201: StrictObject({ ticket: FoundTicketBody, sameCaller: Type.Boolean(), tellCaller: Type.String(), repeatCalls: Type.Integer() }),
        ...errorResponses,
      },
    },
    handler: async (request, reply) => {
      const actor = ownCity(request, request.params.city);
      return reply.status(201).send(await linkRepeatCall(app.db, actor, app.workflow, request.params.number, request.body));
    },
  });

  app.get('/api/cities/:city/repeat-calls/figures', {
    config: { access: { page: 'supervision' } },
    schema: {
      summary: '重复来电 linked in these days, in all and per handling unit (the 督办 board shows them)',
      tags: ['tickets'],
      params: CityParams,
      querystring: StrictObject({ from: LocalDate, to: LocalDate }),
      response: {
        200: StrictObject({
          from: Type.String(),
          to: Type.String(),
          calls: Type.Integer(),
          tickets: Type.Integer(),
          sameCaller: Type.Integer(),
          byUnit: Type.Array(StrictObject({ unitCode: Nullable(Type.String()), unitName: Nullable(Type.String()), calls: Type.Integer(), tickets: Type.Integer() })),
        }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return repeatCallFigures(app.db, actor.cityId, request.query.from, request.query.to);
    },
  });
}
