import { Type } from 'typebox';
import type { App } from '../../http/app-types';
import { ownCity } from '../../http/access';
import { CityParams, StrictObject, Timestamp, errorResponses } from '../../http/schemas';
import { CENTRE_ROLES, UNIT_ROLES } from '../auth/actor';
import { type TicketView, getTicket, listTickets, registerTicket, revealCaller } from './tickets.service';

const CallerBody = StrictObject({
  name: Type.String({ minLength: 1, maxLength: 64 }),
  phone: Type.String({ pattern: '^[0-9+][0-9 -]{2,24}$' }),
});
const TicketBody = StrictObject({
  number: Type.String(),
  type: Type.String(),
  urgency: Type.String(),
  content: Type.String(),
  unitCode: Type.Union([Type.String(), Type.Null()]),
  unitName: Type.Union([Type.String(), Type.Null()]),
  packVersion: Type.Integer(),
  registeredAt: Timestamp,
  registeredBy: Type.String(),
  caller: StrictObject({ name: Type.String(), phone: Type.String(), masked: Type.Literal(true) }, 'masked: reveal it with a reason to see it in full'),
});
const TicketParams = StrictObject({ city: CityParams.properties.city, number: Type.String({ pattern: '^\\d{13}$' }) });
const READERS = [...CENTRE_ROLES, ...UNIT_ROLES];

const json = (t: TicketView) => ({ ...t, registeredAt: t.registeredAt.toISOString() });

export async function ticketRoutes(app: App): Promise<void> {
  app.post('/api/cities/:city/tickets', {
    config: { access: { roles: ['registrar'] } },
    schema: {
      summary: 'Register a ticket (受理登记)',
      tags: ['tickets'],
      params: CityParams,
      body: StrictObject({
        type: Type.String(),
        urgency: Type.Optional(Type.String({ description: 'an urgency class of the pack; default general' })),
        content: Type.String({ minLength: 1, maxLength: 10_000 }),
        unit: Type.Optional(Type.String({ description: 'code of the handling unit' })),
        caller: CallerBody,
      }),
      response: { 201: TicketBody, ...errorResponses },
    },
    handler: async (request, reply) => {
      const actor = ownCity(request, request.params.city);
      return reply.status(201).send(json(await registerTicket(app.db, actor, request.body)));
    },
  });

  app.get('/api/cities/:city/tickets', {
    config: { access: { roles: READERS } },
    schema: {
      summary: "Recent tickets in the caller's scope, callers masked",
      tags: ['tickets'],
      params: CityParams,
      querystring: StrictObject({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) }),
      response: { 200: Type.Array(TicketBody), ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return (await listTickets(app.db, actor, request.query.limit ?? 50)).map(json);
    },
  });

  app.get('/api/cities/:city/tickets/:number', {
    config: { access: { roles: READERS } },
    schema: { summary: 'One ticket, caller masked', tags: ['tickets'], params: TicketParams, response: { 200: TicketBody, ...errorResponses } },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return json(await getTicket(app.db, actor, request.params.number));
    },
  });

  app.post('/api/cities/:city/tickets/:number/caller-reveals', {
    config: { access: { roles: ['registrar', 'returnVisit', 'supervisor', 'unitHandler', 'unitLeader'] } },
    schema: {
      summary: "Reveal the caller's name and phone; needs a reason, and every reveal is logged",
      tags: ['tickets'],
      params: TicketParams,
      body: StrictObject({ reason: Type.String({ minLength: 2, maxLength: 500 }) }),
      response: { 200: CallerBody, ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return revealCaller(app.db, actor, request.params.number, request.body.reason);
    },
  });
}
