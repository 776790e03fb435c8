import { Type } from 'typebox';
import type { App } from '../../http/app-types';
import { ownCity } from '../../http/access';
import { ApiError } from '../../http/errors';
import { CityParams, Nullable, StrictObject, errorResponses } from '../../http/schemas';
import { SubjectQuery, TicketBody, ticketJson } from '../tickets/tickets.routes';
import { subjectFilter } from '../tickets/tickets.service';
import { boardTriggers, supervisionBoard } from './supervision.service';

export async function supervisionRoutes(app: App): Promise<void> {
  app.get('/api/cities/:city/supervision', {
    config: { access: { page: 'supervision' } },
    schema: {
      summary:
        'The supervision board 督办: overdue tickets, tickets whose caller is dissatisfied, or every supervision entry of open tickets (kind=supervised, of one trigger with `trigger`), with the reason',
      tags: ['tickets'],
      params: CityParams,
      querystring: StrictObject({
        kind: Type.Union([Type.Literal('overdue'), Type.Literal('dissatisfied'), Type.Literal('supervised')], { default: 'overdue' }),
        trigger: Type.Optional(Type.String({ pattern: '^[a-z][A-Za-z0-9]*$', description: 'kind=supervised only: the entries of this supervision trigger' })),
        page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
        pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
        ...SubjectQuery,
      }),
      response: {
        200: StrictObject({
          items: Type.Array(
            StrictObject({
              ticket: TicketBody,
              reason: StrictObject({
                kind: Type.String(),
                trigger: Type.String(),
                label: Type.String(),
                stage: Nullable(Type.String()),
                due: Nullable(Type.String()),
                at: Type.String(),
              }),
            }),
          ),
          total: Type.Integer(),
          page: Type.Integer(),
          pageSize: Type.Integer(),
        }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const { kind = 'overdue', trigger } = request.query;
      if (trigger !== undefined && kind !== 'supervised') throw new ApiError(400, 'BAD_QUERY', `trigger filters the supervised board only (kind=supervised), not kind=${kind}`);
      const subject = await subjectFilter(app.db, actor.cityId, { place: request.query.place, matter: request.query.matter });
      const board = await supervisionBoard(app.db, app.catalog, actor, kind, request.query.page ?? 1, request.query.pageSize ?? 50, trigger, subject);
      return { ...board, items: board.items.map((i) => ({ ticket: ticketJson(i.ticket), reason: i.reason })) };
    },
  });

  app.get('/api/cities/:city/supervision/triggers', {
    config: { access: { page: 'supervision' } },
    schema: {
      summary: "The supervision triggers the city's published packs declare (督办情形, 预警 …), with their labels, for the board's filter",
      tags: ['tickets'],
      params: CityParams,
      response: {
        200: StrictObject({ items: Type.Array(StrictObject({ key: Type.String(), label: Type.String(), source: Type.String() })) }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return { items: await boardTriggers(app.db, app.catalog, actor.cityId) };
    },
  });
}
