import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Knex } from 'knex';
import type { AuthConfig } from '../config';
import type { PackCatalog } from '../modules/workflow/pack-catalog';
import type { Workflow } from '../modules/workflow/workflow';
import type { TaskEventHub } from '../modules/events/task-event-hub';

/** The app as route modules see it: typed by the TypeBox schemas of each route. */
export type App = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

declare module 'fastify' {
  interface FastifyInstance {
    db: Knex;
    authConfig: AuthConfig;
    /** The ticket lifecycle on the workflow engine; null in an app built without one (some tests). */
    workflow: Workflow | null;
    /** Published pack versions, read once (the workflow's own when it runs). */
    catalog: PackCatalog;
    /** Live updates: this replica's event streams and its LISTEN connection. */
    taskEvents: TaskEventHub;
  }
}
