// The portal's notification centre (提醒): the caller's own notifications, the unread count the header's
// bell shows (polled), marking read. Nobody sees another person's: one of theirs answers 404, audited.
import { Type } from 'typebox';
import type { App } from '../../http/app-types';
import { ownCity } from '../../http/access';
import { notFoundZh, outOfScope } from '../../http/errors';
import { CityParams, StrictObject, errorResponses } from '../../http/schemas';
import { DeliveryStateBody, NotificationBody, NotificationListBody, UndeliveredBody } from '@hotline/api-types';
import { listUndelivered, retryDelivery } from './deliveries';
import { belongsToSomeoneElse, listNotifications, markAllRead, markRead, unreadCount } from './notifications.repository';

/** The centre's people with the pack's 提醒发送情况 page, and the city's administrator. */
const DELIVERIES_ACCESS = { anyOf: [{ roles: ['admin'] as const }, { page: 'deliveries' as const }] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NotificationParams = StrictObject({ ...CityParams.properties, id: Type.String({ minLength: 1, maxLength: 100 }) });

export async function notificationRoutes(app: App): Promise<void> {
  app.get('/api/cities/:city/notifications', {
    config: { access: { signedIn: true } },
    schema: {
      summary: "The caller's own notifications (提醒), newest first, with the unread count",
      tags: ['notifications'],
      params: CityParams,
      querystring: StrictObject({
        unread: Type.Optional(Type.Boolean({ description: 'only the unread ones' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
      }),
      response: { 200: NotificationListBody, ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      const items = await listNotifications(app.db, actor.cityId, actor.userId, { unreadOnly: request.query.unread === true, limit: request.query.limit ?? 50 });
      return { items, unread: await unreadCount(app.db, actor.cityId, actor.userId) };
    },
  });

  app.get('/api/cities/:city/notifications/unread-count', {
    config: { access: { signedIn: true } },
    schema: {
      summary: "How many of the caller's notifications are unread (the header's bell polls it)",
      tags: ['notifications'],
      params: CityParams,
      response: { 200: StrictObject({ unread: Type.Integer() }), ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return { unread: await unreadCount(app.db, actor.cityId, actor.userId) };
    },
  });

  app.post('/api/cities/:city/notifications/:id/read', {
    config: { access: { signedIn: true } },
    schema: {
      summary: 'Marks one of the caller\'s notifications read (404 for anyone else\'s)',
      tags: ['notifications'],
      params: NotificationParams,
      response: { 200: NotificationBody, ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      if (!UUID.test(request.params.id)) throw notFoundZh('没有这条提醒');
      const done = await markRead(app.db, actor.cityId, actor.userId, request.params.id);
      if (done) return done;
      if (await belongsToSomeoneElse(app.db, actor.userId, request.params.id)) throw outOfScope('notification', `another person's notification ${request.params.id}`);
      throw notFoundZh('没有这条提醒');
    },
  });

  app.post('/api/cities/:city/notifications/read-all', {
    config: { access: { signedIn: true } },
    schema: {
      summary: "Marks all the caller's notifications read",
      tags: ['notifications'],
      params: CityParams,
      response: { 200: StrictObject({ unread: Type.Integer() }), ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      await markAllRead(app.db, actor.cityId, actor.userId);
      return { unread: 0 };
    },
  });

  app.get('/api/cities/:city/notification-deliveries', {
    config: { access: DELIVERIES_ACCESS },
    schema: {
      summary: '提醒发送情况: the reminders of the city not delivered — given up, or waiting to be retried — with the error, the attempts and the people (mobile numbers masked)',
      tags: ['notifications'],
      params: CityParams,
      querystring: StrictObject({
        state: Type.Optional(DeliveryStateBody),
        page: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 1 })),
        pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
      }),
      response: { 200: StrictObject({ items: Type.Array(UndeliveredBody), page: Type.Integer(), pageSize: Type.Integer(), hasMore: Type.Boolean() }), ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      return listUndelivered(app.db, actor, { state: request.query.state, page: request.query.page ?? 1, pageSize: request.query.pageSize ?? 20 });
    },
  });

  app.post('/api/cities/:city/notification-deliveries/:id/retry', {
    config: { access: DELIVERIES_ACCESS },
    schema: {
      summary: '重试: puts a failed reminder back in the queue — the same row, so the same Idempotency-Key, and nobody who has it already gets it again; audited',
      tags: ['notifications'],
      params: NotificationParams,
      response: { 200: UndeliveredBody, ...errorResponses },
    },
    handler: async (request) => {
      const actor = ownCity(request, request.params.city);
      if (!UUID.test(request.params.id)) throw notFoundZh('没有这条提醒发送记录');
      return retryDelivery(app.db, actor, request.params.id);
    },
  });
}
