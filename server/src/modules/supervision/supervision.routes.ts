import { Type } from 'typebox';
import type { App } from '../../http/app-types';
import { ownCity } from '../../http/access';
import { CityParams, StrictObject, errorResponses } from '../../http/schemas';
import { TicketBody, ticketJson } from '../tickets/tickets.routes';
import { supervisionBoard } from './supervision.service';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export async function supervisionRoutes(app: App): Promise<void> {
  app.get('/api/cities/:city/supervision', {
    config: { access: { page: 'supervision' } },
    schema: {
      summary: 'The supervision board 督办: overdue tickets, or tickets whose caller is dissatisfied, with the reason',
      tags: ['tickets'],
      params: CityParams,
      querystring: StrictObject({
        kind: Type.Union([Type.Literal('overdue'), Type.Literal('dissatisfied')], { default: 'overdue' }),
        page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
        pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
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
      const board = await supervisionBoard(app.db, app.catalog, actor, request.query.kind ?? 'overdue', request.query.page ?? 1, request.query.pageSize ?? 50);
      return { ...board, items: board.items.map((i) => ({ ticket: ticketJson(i.ticket), reason: i.reason })) };
    },
  });
}
