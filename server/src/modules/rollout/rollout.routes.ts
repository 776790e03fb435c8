// Rolling a city out: a new city copied from the caller's own, the checklist of what a pack and an
// organisation still lack, and counting provisional deadlines again (done after every publication;
// this route repeats it, e.g. after the engine was unreachable).
import { Type } from 'typebox';
import type { App } from '../../http/app-types';
import { actorOf, ownCity } from '../../http/access';
import { notFound } from '../../http/errors';
import { CityParams, StrictObject, errorResponses } from '../../http/schemas';
import { chinaToday } from '../../local-day';
import { auditActorOf } from '../auth/actor';
import * as packs from '../packs/packs.repository';
import { PackVersionBody, RecomputeBody, view } from '../packs/packs.routes';
import type { PackWorkflow } from '../packs/process-deployment';
import { rolloutChecklist } from './checklist.service';
import { createCityFrom } from './new-city.service';
import { recomputeProvisionalDeadlines } from './provisional-deadlines.service';

const Item = StrictObject({
  key: Type.String(),
  group: Type.Union([Type.Literal('calendar'), Type.Literal('organisation'), Type.Literal('assumptions'), Type.Literal('copy'), Type.Literal('processes')]),
  status: Type.Union([Type.Literal('missing'), Type.Literal('todo'), Type.Literal('ok')]),
  title: Type.String(),
  detail: Type.Optional(Type.String()),
  file: Type.Optional(Type.String()),
  path: Type.Optional(Type.String()),
});

export interface RolloutRoutesOptions {
  workflow?: PackWorkflow | undefined;
}

export async function rolloutRoutes(app: App, options: RolloutRoutesOptions = {}): Promise<void> {
  app.post('/api/cities', {
    config: { access: { roles: ['admin'] } },
    schema: {
      summary:
        "A new city from the caller's own (as `hotline city new <id> --from <city>`): its first draft is a copy of this city's pack, processes renamed, every rule version marked as copied; with a hotline centre and one account (admin, policy) to carry on with",
      tags: ['rollout'],
      body: StrictObject({
        id: Type.String({ description: 'the new city id: lower-case letters, digits, dashes' }),
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        fromVersion: Type.Optional(Type.Integer({ minimum: 1, description: "the version of the caller's city to copy; default the one in force" })),
        centreName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        admin: StrictObject({
          username: Type.String({ minLength: 3, maxLength: 64 }),
          name: Type.String({ minLength: 1, maxLength: 64 }),
          password: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'absent: one is made up and returned once' })),
        }),
      }),
      response: {
        201: StrictObject({
          city: StrictObject({ id: Type.String(), name: Type.String() }),
          version: PackVersionBody,
          copiedFrom: StrictObject({ cityId: Type.String(), number: Type.Integer() }),
          admin: StrictObject({ username: Type.String(), password: Type.Union([Type.String(), Type.Null()], { description: 'the made-up password, shown this once' }) }),
        }),
        ...errorResponses,
      },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const result = await createCityFrom(app.db, actor.cityId, request.body, auditActorOf(actor));
      return reply.status(201).send({ ...result, version: view(result.version) });
    },
  });

  app.get('/api/cities/:city/rollout-checklist', {
    config: { access: { roles: ['policy', 'admin'] } },
    schema: {
      summary: 'What the city still lacks to go live: calendars for this year and the next, assumptions to confirm (file and JSON path), the copied-pack note, units and users per role',
      tags: ['rollout'],
      params: CityParams,
      querystring: StrictObject({ version: Type.Optional(Type.Integer({ minimum: 1, description: 'default: the newest draft, else the newest version' })) }),
      response: {
        200: StrictObject({
          version: PackVersionBody,
          today: Type.String(),
          items: Type.Array(Item),
          summary: StrictObject({ missing: Type.Integer(), todo: Type.Integer(), ok: Type.Integer() }),
        }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const checklist = await rolloutChecklist(app.db, actor.cityId, request.query.version);
      return { ...checklist, version: view(checklist.version) };
    },
  });

  app.post('/api/cities/:city/deadlines/recompute', {
    config: { access: { roles: ['policy', 'admin'] } },
    schema: {
      summary: "Count open tickets' provisional deadlines again with a published version's calendar (default: the one in force) and move their live timers",
      tags: ['rollout'],
      params: CityParams,
      body: Type.Optional(StrictObject({ version: Type.Optional(Type.Integer({ minimum: 1 })) })),
      response: { 200: RecomputeBody, ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      let number = request.body?.version;
      if (number === undefined) {
        const inForce = await packs.findVersionInForce(app.db, actor.cityId, chinaToday());
        if (!inForce) throw notFound(`a published pack of ${actor.cityId} in force`);
        number = inForce.number;
      } else {
        const version = await packs.findVersion(app.db, actor.cityId, number);
        if (!version || version.status !== 'published') throw notFound(`published pack version ${actor.cityId}/${number}`);
      }
      return recomputeProvisionalDeadlines(app.db, actor.cityId, number, auditActorOf(actor), options.workflow?.timers);
    },
  });
}
