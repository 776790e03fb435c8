import { Type } from 'typebox';
import type { App } from '../../http/app-types';
import { ownCity } from '../../http/access';
import { CityParams, StrictObject, Timestamp, errorResponses } from '../../http/schemas';
import { AUDIT_ACTIONS, listEvents } from './audit.repository';

const ActionSchema = Type.Enum(AUDIT_ACTIONS);

export async function auditRoutes(app: App): Promise<void> {
  app.get('/api/cities/:city/audit-events', {
    // implementers, and the centre's supervision (督办) that answers for how staff use callers' data
    config: { access: { anyOf: [{ roles: ['admin'] }, { page: 'supervision' }] } },
    schema: {
      summary: "The city's audit trail, newest first (who did what, when; reveals of personal data with their reason)",
      tags: ['audit'],
      params: CityParams,
      querystring: StrictObject({
        action: Type.Optional(ActionSchema),
        subjectType: Type.Optional(Type.String()),
        subjectId: Type.Optional(Type.String()),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
      }),
      response: {
        200: Type.Array(
          StrictObject({
            id: Type.Integer(),
            occurredAt: Timestamp,
            cityId: Type.Union([Type.String(), Type.Null()]),
            actorUserId: Type.Union([Type.String(), Type.Null()]),
            actor: Type.String(),
            action: ActionSchema,
            subjectType: Type.String(),
            subjectId: Type.String(),
            details: Type.Record(Type.String(), Type.Unknown()),
          }),
        ),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const { limit = 100, ...filter } = request.query;
      return listEvents(app.db, actor.cityId, { ...filter, limit });
    },
  });
}
