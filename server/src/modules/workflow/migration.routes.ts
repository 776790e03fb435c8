// Moving a city's open tickets onto a newer published pack version (policy staff): preview, then apply.
import { Type } from 'typebox';
import type { App } from '../../http/app-types';
import { ownCity } from '../../http/access';
import { unavailable } from '../../http/errors';
import { CityParams, StrictObject, errorResponses } from '../../http/schemas';
import { auditActorOf } from '../auth/actor';
import { TicketMigrations } from './migration.service';

const Params = StrictObject({ city: CityParams.properties.city, version: Type.Integer({ minimum: 1 }) });
const Body = StrictObject({
  recomputeDeadlines: Type.Boolean({ description: 'count the deadlines already set again under the new rule version in force today, and keep the ticket on it' }),
});
const Mapping = StrictObject({ sourceElementId: Type.String(), targetElementId: Type.String() });
const Ticket = StrictObject({
  ticket: Type.String(),
  fromPackVersion: Type.Integer(),
  tasks: Type.Array(StrictObject({ elementId: Type.String(), name: Type.String() })),
  mappings: Type.Array(Mapping),
  problems: Type.Array(StrictObject({ elementId: Type.String(), reason: Type.String() })),
  deadlines: Type.Array(StrictObject({ stage: Type.String(), as: Type.String(), previousDue: Type.String(), due: Type.String(), provisional: Type.Boolean() })),
});
const Preview = StrictObject({ packVersion: Type.Integer(), ruleVersion: Type.Union([Type.String(), Type.Null()]), tickets: Type.Array(Ticket) });
const Result = StrictObject({
  packVersion: Type.Integer(),
  migrated: Type.Array(Ticket),
  refused: Type.Array(StrictObject({ ticket: Type.String(), reasons: Type.Array(Type.String()) })),
});

export async function migrationRoutes(app: App): Promise<void> {
  const migrations = () => {
    if (!app.workflow) throw unavailable('NO_ENGINE', 'no workflow engine runs in this server');
    return new TicketMigrations(app.db, app.workflow.engine, app.workflow.catalog);
  };

  app.post('/api/cities/:city/packs/:version/migration/preview', {
    config: { access: { roles: ['policy', 'admin'] } },
    schema: {
      summary: 'Which open tickets on older pack versions would move to this one: their open tasks, the element mapping, refusals, and the deadlines that would change',
      tags: ['packs'],
      params: Params,
      body: Body,
      response: { 200: Preview, ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return migrations().preview(actor.cityId, request.params.version, request.body);
    },
  });

  app.post('/api/cities/:city/packs/:version/migration/apply', {
    config: { access: { roles: ['policy'] } },
    schema: {
      summary: 'Moves the open tickets on older pack versions to this one, each in its own transaction; a ticket that cannot move is reported with the reason and left as it was',
      tags: ['packs'],
      params: Params,
      body: Body,
      response: { 200: Result, ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return migrations().apply(actor.cityId, request.params.version, request.body, auditActorOf(actor));
    },
  });
}
