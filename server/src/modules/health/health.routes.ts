import { Type } from 'typebox';
import { migrationStatus } from '@hotline/migrations';
import type { App } from '../../http/app-types';
import { StrictObject } from '../../http/schemas';

const Health = StrictObject({
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

export async function healthRoutes(app: App, options: { databaseDescription: string }): Promise<void> {
  app.get('/api/health', {
    config: { access: { public: 'load balancers and operators probe it; it shows no data' } },
    schema: { summary: 'Is the server working: its database and its workflow engine', tags: ['health'], response: { 200: Health, 503: Health } },
    handler: async (_request, reply) => {
      const engine = app.workflow ? await app.workflow.health() : { status: 'not-configured' as const };
      const engineUp = engine.status !== 'down';
      try {
        const { rows } = await app.db.raw('show server_version');
        const { pending } = await migrationStatus(app.db);
        const database = { status: 'ok' as const, description: options.databaseDescription, serverVersion: rows[0].server_version as string, pendingMigrations: pending };
        const ok = pending.length === 0 && engineUp;
        if (!engineUp) return reply.status(503).send({ status: 'degraded' as const, database, engine });
        return { status: ok ? ('ok' as const) : ('degraded' as const), database, engine };
      } catch (e) {
        const database = { status: 'unavailable' as const, description: options.databaseDescription, error: (e as Error).message };
        return reply.status(503).send({ status: 'degraded' as const, database, engine });
      }
    },
  });
}
