// The security administrator's (安全管理员) alerts: the reveal watch's findings, listed and closed with a note.
import { Type } from 'typebox';
import type { App } from '../../http/app-types';
import { ownCity } from '../../http/access';
import { CityParams, Nullable, StrictObject, Timestamp, errorResponses } from '../../http/schemas';
import { type AlertView, closeAlert, listAlerts } from './alerts.service';

const Person = StrictObject({ username: Type.String(), name: Type.String() });
const AlertBody = StrictObject({
  id: Type.String(),
  kind: Type.String({ description: 'rateLimit, burst, beyondTasks' }),
  label: Type.String({ description: 'the kind in zh-CN' }),
  person: Person,
  details: Type.Record(Type.String(), Type.Unknown(), { description: 'summary (zh-CN), the counts and the limit, the ticket of the reveal that raised it' }),
  raisedAt: Timestamp,
  closedAt: Nullable(Timestamp),
  closedBy: Nullable(Person),
  closeNote: Nullable(Type.String()),
});
const AlertParams = StrictObject({ city: CityParams.properties.city, id: Type.String({ pattern: '^[1-9][0-9]{0,17}$' }) });

const alertJson = (a: AlertView) => ({ ...a, raisedAt: a.raisedAt.toISOString(), closedAt: a.closedAt?.toISOString() ?? null });

export async function securityRoutes(app: App): Promise<void> {
  app.get('/api/cities/:city/security/alerts', {
    config: { access: { roles: ['security'] } },
    schema: {
      summary: 'Security alerts of the city, newest first (bulk or over-the-limit reveals of callers)',
      tags: ['security'],
      params: CityParams,
      querystring: StrictObject({
        status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')], { description: 'absent: both' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
      }),
      response: { 200: StrictObject({ alerts: Type.Array(AlertBody) }), ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return { alerts: (await listAlerts(app.db, actor, request.query.status, request.query.limit ?? 200)).map(alertJson) };
    },
  });

  app.post('/api/cities/:city/security/alerts/:id/close', {
    config: { access: { roles: ['security'] } },
    schema: {
      summary: 'Close an alert with a note saying what was found (audited)',
      tags: ['security'],
      params: AlertParams,
      body: StrictObject({ note: Type.String({ title: '处理说明', minLength: 1, maxLength: 2000 }) }),
      response: { 200: AlertBody, ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return alertJson(await closeAlert(app.db, actor, request.params.id, request.body.note));
    },
  });
}
