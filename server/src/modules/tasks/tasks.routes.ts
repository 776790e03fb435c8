import { Type } from 'typebox';
import type { App } from '../../http/app-types';
import { ownCity } from '../../http/access';
import { CityParams, Nullable, StrictObject, errorResponses } from '../../http/schemas';
import { DispatchProposalBody, HandoffContextBody, SubjectCardBody, TaskActionBody, TaskBody } from '@hotline/api-types';
import { SubjectQuery, TicketBody, TimelineItemBody, ticketJson } from '../tickets/tickets.routes';
import { PAGE_SIZE_MAX, claimTask, completeTask, listTasks, taskDetail, ticketRecordOf } from './tasks.service';

const Json = Type.Record(Type.String(), Type.Unknown());

export { TaskBody };
const TaskParams = StrictObject({ city: CityParams.properties.city, id: Type.String({ maxLength: 64 }) });

export async function taskRoutes(app: App): Promise<void> {
  app.get('/api/cities/:city/tasks', {
    config: { access: { packRole: true } },
    schema: {
      summary: 'The inbox: tasks the caller may act on, by urgency then due time (the overdue first)',
      tags: ['tasks'],
      params: CityParams,
      querystring: StrictObject({
        status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('claimed'), Type.Literal('completed'), Type.Literal('cancelled')], { default: 'open' })),
        form: Type.Optional(Type.String()),
        type: Type.Optional(Type.String()),
        urgency: Type.Optional(Type.String()),
        unit: Type.Optional(Type.String({ description: 'a unit code' })),
        overdue: Type.Optional(Type.Boolean()),
        q: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'a ticket number, or its start' })),
        ...SubjectQuery,
        page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
        pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_SIZE_MAX, default: 50 })),
      }),
      response: {
        200: StrictObject({
          items: Type.Array(TaskBody),
          total: Type.Integer({ description: 'exact when totalExact; else a lower bound (the count stops 1,000 tasks past the page)' }),
          totalExact: Type.Boolean(),
          page: Type.Integer(),
          pageSize: Type.Integer(),
        }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const { page, pageSize, ...filter } = request.query;
      return listTasks(app.db, app.workflow, actor, { ...filter, page: page ?? 1, pageSize: pageSize ?? 50 });
    },
  });

  app.get('/api/cities/:city/tasks/:id', {
    config: { access: { packRole: true } },
    schema: {
      summary: 'A task with its resolved form, the actions the rules allow now (with reasons) and the timeline',
      tags: ['tasks'],
      params: TaskParams,
      response: {
        200: StrictObject({
          task: TaskBody,
          ticket: Nullable(TicketBody),
          subject: Type.Optional(SubjectCardBody),
          form: Nullable(StrictObject({ schema: Json, uiSchema: Json })),
          actions: Type.Array(TaskActionBody),
          timeline: Type.Array(TimelineItemBody),
          context: Nullable(HandoffContextBody),
          dispatchProposal: Type.Optional(DispatchProposalBody),
        }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const detail = await taskDetail(app.db, app.workflow, actor, request.params.id);
      return { ...detail, ticket: detail.ticket ? ticketJson(detail.ticket) : null };
    },
  });

  app.get('/api/cities/:city/tickets/:number/record', {
    config: { access: { packRole: true } },
    schema: {
      summary: "The ticket's whole record (督办): every completed step with its fields, labelled in the pack's words",
      tags: ['tickets'],
      params: StrictObject({ city: CityParams.properties.city, number: Type.String({ pattern: '^\\d{13}(-\\d{1,3})?$' }) }),
      response: { 200: HandoffContextBody, ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return ticketRecordOf(app.db, app.workflow, actor, request.params.number);
    },
  });

  app.post('/api/cities/:city/tasks/:id/claim', {
    config: { access: { packRole: true } },
    schema: { summary: 'Claims a task (409 when someone else holds it)', tags: ['tasks'], params: TaskParams, response: { 200: TaskBody, ...errorResponses } },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return claimTask(app.db, actor, request.params.id);
    },
  });

  app.post('/api/cities/:city/tasks/:id/complete', {
    config: { access: { packRole: true } },
    schema: {
      summary: "Completes a task: the form's data is checked (422 with field errors), the engine's task completed and the ticket event written; idempotent on requestId",
      tags: ['tasks'],
      params: TaskParams,
      body: StrictObject({
        data: Type.Optional(Json),
        requestId: Type.String({ minLength: 1, maxLength: 100, description: 'chosen by the client; a retry with the same id returns the first result' }),
        action: Type.Optional(Type.String({ description: "one of the task's actions (default: the form's own, e.g. accept); others take only { note }" })),
      }),
      response: { 200: StrictObject({ task: TaskBody, ticket: Nullable(TicketBody) }), ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const done = await completeTask(app.db, app.workflow, actor, request.params.id, request.body);
      return { task: done.task, ticket: done.ticket ? ticketJson(done.ticket) : null };
    },
  });
}
