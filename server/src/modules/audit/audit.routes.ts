import { Type } from 'typebox';
import type { App } from '../../http/app-types';
import { ownCity } from '../../http/access';
import { CityParams, StrictObject, Timestamp, errorResponses } from '../../http/schemas';
import { hasPlatformRole } from '../auth/actor';
import { AUDIT_ACTIONS, type AuditAction, listEvents } from './audit.repository';

const ActionSchema = Type.Enum(AUDIT_ACTIONS);

/** What the supervision (督办) page's holders read of the trail: how staff used callers' data, nothing else. */
const SUPERVISION_ACTIONS: readonly AuditAction[] = ['ticket.callerRevealed'];

export async function auditRoutes(app: App): Promise<void> {
  app.get('/api/cities/:city/audit-events', {
    // 三员: the audit and security administrators read the whole trail; the system administrator (admin)
    // does not. The centre's supervision (督办), which answers for how staff use callers' data, reads the reveals.
    config: { access: { anyOf: [{ roles: ['auditor', 'security'] }, { page: 'supervision' }] } },
    schema: {
      summary: "The city's audit trail, newest first (who did what, when; reveals of personal data with their reason; refused accesses)",
      tags: ['audit'],
      params: CityParams,
      querystring: StrictObject({
        action: Type.Optional(ActionSchema),
        actor: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'the username of who acted (or cli, system)' })),
        subjectType: Type.Optional(Type.String()),
        subjectId: Type.Optional(Type.String()),
        from: Type.Optional({ ...Timestamp, description: 'events at or after this instant' }),
        to: Type.Optional({ ...Timestamp, description: 'events before this instant' }),
        offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
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
      const { limit = 100, offset = 0, from, to, ...filter } = request.query;
      const wholeTrail = hasPlatformRole(actor, ['auditor', 'security']);
      return listEvents(app.db, actor.cityId, {
        ...filter,
        ...(from ? { from: new Date(from) } : {}),
        ...(to ? { to: new Date(to) } : {}),
        ...(wholeTrail ? { unattributedSignIns: true } : { actions: SUPERVISION_ACTIONS }),
        offset,
        limit,
      });
    },
  });
}
