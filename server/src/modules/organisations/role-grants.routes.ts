// Role-grant requests (授权申请, 三员分立): the system administrator asks, a security administrator who
// neither asked nor would hold the role approves or rejects. The audit administrator only reads the trail.
import { Type } from 'typebox';
import type { App } from '../../http/app-types';
import { ownCity } from '../../http/access';
import { CityParams, Nullable, StrictObject, Timestamp, errorResponses } from '../../http/schemas';
import { auditActorOf } from '../auth/actor';
import { GRANT_STATUSES } from './role-grants.repository';
import { decideGrant, listGrantRequests, requestRole } from './role-grants.service';

const RoleKey = Type.String({ pattern: '^[a-z][A-Za-z0-9]*$' });
const GrantStatus = Type.Enum(GRANT_STATUSES);
const GrantRequestBody = StrictObject({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleKey,
  roleLabel: Type.String(),
  requestedByName: Type.String(),
  requestedAt: Timestamp,
  status: GrantStatus,
  decidedByName: Nullable(Type.String()),
  decidedAt: Nullable(Timestamp),
  note: Nullable(Type.String()),
});
const GrantParams = StrictObject({ city: CityParams.properties.city, id: Type.Integer({ minimum: 1 }) });
const Decision = StrictObject({ note: Type.Optional(Type.String({ maxLength: 500, title: '审批意见' })) });

export async function roleGrantRoutes(app: App): Promise<void> {
  app.get('/api/cities/:city/role-grants', {
    config: { access: { roles: ['admin', 'security'] } },
    schema: {
      summary: "The city's role-grant requests, newest first (pending by default), and the roles one may ask for",
      tags: ['organisation'],
      params: CityParams,
      querystring: StrictObject({ status: Type.Optional(Type.Union([GrantStatus, Type.Literal('all')], { default: 'pending' })) }),
      response: {
        200: StrictObject({
          requests: Type.Array(GrantRequestBody),
          roles: Type.Array(StrictObject({ key: RoleKey, label: Type.String(), needsApproval: Type.Boolean() })),
        }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const status = request.query.status ?? 'pending';
      return listGrantRequests(app.db, actor.cityId, status === 'all' ? undefined : status);
    },
  });

  app.post('/api/cities/:city/role-grants', {
    config: { access: { roles: ['admin'] } },
    schema: {
      summary: 'Give a person one more role: at once if it sees no personal data, else as a request for a security administrator; never to oneself (403)',
      tags: ['organisation'],
      params: CityParams,
      body: StrictObject({ username: Type.String({ minLength: 1, title: '用户名' }), role: { ...RoleKey, title: '角色' } }),
      response: { 200: StrictObject({ roles: Type.Array(RoleKey), pendingRoles: Type.Array(RoleKey) }), ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const { roles, pendingRoles } = await requestRole(app.db, actor.cityId, request.body.username, request.body.role, auditActorOf(actor));
      return { roles, pendingRoles };
    },
  });

  for (const [verb, decision] of [
    ['approve', 'approved'],
    ['reject', 'rejected'],
  ] as const) {
    app.post(`/api/cities/:city/role-grants/:id/${verb}`, {
      config: { access: { roles: ['security'] } },
      schema: {
        summary: `${verb === 'approve' ? 'Approve' : 'Reject'} a pending request (a security administrator who neither asked for it nor would hold the role)`,
        tags: ['organisation'],
        params: GrantParams,
        body: Type.Optional(Decision),
        response: { 200: GrantRequestBody, ...errorResponses },
      },
      handler: async (request) => {
        const actor = ownCity(request, request.params.city);
        return decideGrant(app.db, actor.cityId, request.params.id, decision, { userId: actor.userId, name: actor.username }, request.body?.note?.trim() || null);
      },
    });
  }
}
