// 工单查询 and 重复来电. The search takes its criteria in a POST body: a caller's phone is never in a
// URL (access logs, browser history, proxies).
import { Type } from 'typebox';
import { repeatCallsOf } from '@hotline/rules';
import type { App } from '../../http/app-types';
import { ownCity } from '../../http/access';
import { CityParams, LocalDate, StrictObject, errorResponses } from '../../http/schemas';
import { CallInProgressBody, LinkedCallBody, RepeatCallBody, RepeatCallFiguresBody, RepeatCandidatesBody, SearchBody, SearchPageBody } from '@hotline/api-types';
import { linkRepeatCall, repeatCallFigures, repeatCandidates } from './repeat-calls.service';
import { search } from './search.service';

const TicketParams = StrictObject({ city: CityParams.properties.city, number: Type.String({ pattern: '^\\d{13}(-\\d{1,3})?$' }) });

export async function searchRoutes(app: App): Promise<void> {
  app.post('/api/cities/:city/ticket-searches', {
    config: { access: { page: 'search' } },
    schema: {
      summary:
        "工单查询: tickets of the caller's scope (a unit role its unit's, a centre role the city's) by number, caller phone (matched by a keyed digest, never shown), address, words in the content (each ≥ 2 characters), unit, type, status and registration days; newest first, a page at a time",
      tags: ['tickets'],
      params: CityParams,
      body: SearchBody,
      response: { 200: SearchPageBody, ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const { page = 1, pageSize = 20, ...criteria } = request.body;
      return search(app.db, actor, criteria, page, pageSize);
    },
  });

  app.post('/api/cities/:city/repeat-calls/candidates', {
    config: { access: { page: 'register' } },
    schema: {
      summary: '重复来电: the open tickets a call being registered may repeat — the same caller, or content alike at the same place or address',
      tags: ['tickets'],
      params: CityParams,
      body: CallInProgressBody,
      response: { 200: RepeatCandidatesBody, ...errorResponses },
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
      body: RepeatCallBody,
      response: { 201: LinkedCallBody, ...errorResponses },
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
      response: { 200: RepeatCallFiguresBody, ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return repeatCallFigures(app.db, actor.cityId, request.query.from, request.query.to);
    },
  });
}
