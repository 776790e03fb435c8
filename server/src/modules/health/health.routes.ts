// Is the server working. Anyone (a load balancer, a monitor) learns only up or down, by status code too;
// what the database is, where it lives, its version, pending migrations and the engine's detail are for
// the system administrator (系统管理员) signed in: they help an attacker choose an exploit.
import { type Static, Type } from 'typebox';
import { migrationStatus } from '@hotline/migrations';
import type { App } from '../../http/app-types';
import { StrictObject, errorResponses } from '../../http/schemas';

const Health = StrictObject({ status: Type.Union([Type.Literal('up'), Type.Literal('down')]) });

const HealthDetails = StrictObject({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  database: StrictObject({
    status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
    description: Type.String(),
    serverVersion: Type.Optional(Type.String()),
    pendingMigrations: Type.Optional(Type.Array(Type.String())),
    error: Type.Optional(Type.String()),
  }),
  engine: Type.Union([
    StrictObject({
      kind: Type.Union([Type.Literal('embedded'), Type.Literal('zeebe')]),
      status: Type.Union([Type.Literal('up'), Type.Literal('down')]),
      detail: Type.Optional(Type.String()),
    }),
    // an app built without an engine (some tests): nothing to report
    StrictObject({ status: Type.Literal('not-configured') }),
  ]),
});

type Details = Static<typeof HealthDetails>;

export async function healthRoutes(app: App, options: { databaseDescription: string }): Promise<void> {
  /** The full report, and whether the server can serve (database reachable, engine not down). */
  const probe = async (): Promise<{ up: boolean; details: Details }> => {
    const engine = app.workflow ? await app.workflow.health() : { status: 'not-configured' as const };
    const engineUp = engine.status !== 'down';
    try {
      const { rows } = await app.db.raw('show server_version');
      const { pending } = await migrationStatus(app.db);
      const database = { status: 'ok' as const, description: options.databaseDescription, serverVersion: rows[0].server_version as string, pendingMigrations: pending };
      return { up: engineUp, details: { status: pending.length === 0 && engineUp ? 'ok' : 'degraded', database, engine } };
    } catch (e) {
      const database = { status: 'unavailable' as const, description: options.databaseDescription, error: (e as Error).message };
      return { up: false, details: { status: 'degraded', database, engine } };
    }
  };

  app.get('/api/health', {
    config: { access: { public: 'load balancers and operators probe it; it says only up or down' } },
    schema: { summary: 'Is the server working: up (200) or down (503), nothing more', tags: ['health'], response: { 200: Health, 503: Health } },
    handler: async (_request, reply) => {
      const { up } = await probe();
      return reply.status(up ? 200 : 503).send({ status: up ? 'up' : 'down' });
    },
  });

  app.get('/api/health/details', {
    config: { access: { roles: ['admin'] } },
    schema: {
      summary: 'The database (where, version, pending migrations) and the workflow engine; 503 when the server cannot serve',
      tags: ['health'],
      response: { 200: HealthDetails, 503: HealthDetails, '4XX': errorResponses['4XX'] },
    },
    handler: async (_request, reply) => {
      const { up, details } = await probe();
      return reply.status(up ? 200 : 503).send(details);
    },
  });
}
