// GET /api/events: live updates of the caller's tasks as server-sent events (README "Live updates").
// Signed in like every /api route: the browser's EventSource sends the session cookie (same site,
// SameSite=Strict), a script sends its bearer token; no token ever goes in the address. A GET changes
// nothing, so no CSRF header is asked for. Who receives what: task-event-hub.ts.
import sse from '@fastify/sse';
import { Type } from 'typebox';
import { READY_EVENT, RESYNC_EVENT, TASK_EVENT, TaskEventBody } from '@hotline/api-types';
import type { App } from '../../http/app-types';
import { actorOf } from '../../http/access';
import { errorResponses } from '../../http/schemas';
import { actScope } from '../tasks/tasks.service';
import { MAX_STREAMS_PER_USER, type TaskEventHub } from './task-event-hub';

/** A comment line this often keeps proxies and load balancers from closing a quiet stream. */
export const HEARTBEAT_MS = 15_000;
/** How long a browser waits before reconnecting a dropped stream. */
const RETRY_MS = 3_000;
/**
 * A stream ends after this long and the browser opens it again, signing in anew: a session that ended
 * (signed out, idle, revoked) stops receiving within this time. The reopened stream says `ready` again,
 * and the portal reloads what it shows then (nothing is lost in the gap).
 */
export const MAX_STREAM_AGE_MS = 5 * 60_000;

export async function eventRoutes(app: App, options: { hub: TaskEventHub; heartbeatMs?: number }): Promise<void> {
  await app.register(sse, { heartbeatInterval: options.heartbeatMs ?? HEARTBEAT_MS });
  const { hub } = options;

  app.get('/api/events', {
    sse: 'only',
    config: { access: { packRole: true } },
    schema: {
      summary: "Live updates of the caller's tasks (server-sent events)",
      description:
        `A text/event-stream. Event "${READY_EVENT}" once the subscription is live; event "${TASK_EVENT}" (data: TaskEvent as JSON) for each change ` +
        `of a task the caller may act on (the inbox's rules), committed on any server replica; event "${RESYNC_EVENT}" when changes may have been ` +
        `missed (reload). A comment line every ${HEARTBEAT_MS / 1000} s; the stream ends after ${MAX_STREAM_AGE_MS / 60_000} minutes (reconnect: it signs in anew). At most ${MAX_STREAMS_PER_USER} streams per person and replica (429 beyond).`,
      tags: ['tasks'],
      response: {
        200: { description: 'the event stream', content: { 'text/event-stream': { schema: Type.Object({ task: TaskEventBody }) } } },
        ...errorResponses,
      },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const scope = await actScope(app.db, actor);
      const stream = reply.sse;
      const send = (event: string, data: unknown) => {
        if (stream.isConnected) stream.send({ event, data }).catch(() => stream.close());
      };
      const unsubscribe = await hub.subscribe({
        userId: actor.userId,
        cityId: actor.cityId,
        scope,
        sink: { task: (event) => send(TASK_EVENT, event), resync: () => send(RESYNC_EVENT, {}), close: () => stream.close() },
      });
      if (!stream.isConnected) return unsubscribe(); // gone while the subscription was being made
      stream.keepAlive();
      const expiry = setTimeout(() => stream.close(), MAX_STREAM_AGE_MS);
      expiry.unref();
      stream.onClose(() => {
        clearTimeout(expiry);
        unsubscribe();
      });
      await stream.send({ event: READY_EVENT, data: {}, retry: RETRY_MS });
    },
  });
}
