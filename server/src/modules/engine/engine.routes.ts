// The workflow engine's clock, for tests and demos: moving it makes due timers fire. Admins only, and
// only where the engine lets it move (ENGINE_CLOCK_CONTROLLED=true for the embedded engine, a broker
// started with ZEEBE_CLOCK_CONTROLLED=true and ZEEBE_CLOCK_URL for Zeebe); anywhere else 409.
import { Type } from 'typebox';
import { EngineError } from '@hotline/engine-adapters';
import { parseInstant } from '@hotline/rules';
import type { App } from '../../http/app-types';
import { ApiError, conflict, unavailable } from '../../http/errors';
import { StrictObject, errorResponses } from '../../http/schemas';
import { apiInstant } from '../tickets/ticket-timeline';

const Clock = StrictObject({ engine: Type.String(), now: Type.String() });

export async function engineRoutes(app: App): Promise<void> {
  const workflow = () => {
    if (!app.workflow) throw unavailable('NO_ENGINE', 'no workflow engine runs in this server');
    return app.workflow;
  };
  const reading = async () => ({ engine: workflow().engine.kind, now: apiInstant(new Date(await workflow().now())) as string });

  app.get('/api/engine/clock', {
    config: { access: { roles: ['admin'] } },
    schema: { summary: "The workflow engine's time", tags: ['engine'], response: { 200: Clock, ...errorResponses } },
    handler: reading,
  });

  app.post('/api/engine/clock', {
    config: { access: { roles: ['admin'] } },
    schema: {
      summary: "Moves the engine's clock forward (tests, demos); due timers fire",
      tags: ['engine'],
      body: StrictObject({
        advanceMs: Type.Optional(Type.Integer({ minimum: 0 })),
        to: Type.Optional(Type.String({ description: 'an instant with offset; only forward' })),
      }),
      response: { 200: Clock, ...errorResponses },
    },
    handler: async (request) => {
      const { engine } = workflow();
      try {
        if (request.body.to !== undefined) {
          const to = parseInstant(request.body.to);
          if (!to.ok) throw new ApiError(400, 'BAD_INSTANT', `"${request.body.to}" is not an instant: ${to.reason}`);
          await engine.clock.pin(to.ms);
        } else {
          await engine.clock.advance(request.body.advanceMs ?? 0);
        }
      } catch (error) {
        if (error instanceof EngineError && (error.code === 'CLOCK_NOT_CONTROLLED' || error.code === 'INVALID_ARGUMENT')) throw conflict(error.code, error.message);
        throw error;
      }
      return reading();
    },
  });
}
