// The notification centre (提醒, server/src/modules/notifications): one person's own reminders.
import { type Static, Type } from 'typebox';
import { Nullable, StrictObject } from './schemas';

export const NotificationBody = StrictObject({
  id: Type.String(),
  title: Type.String(),
  body: Type.String(),
  ticketNumber: Nullable(Type.String()),
  taskId: Nullable(Type.String({ description: 'the task it is about, to open it' })),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Nullable(Type.String({ format: 'date-time' })),
});
/** A reminder in the notification centre: one person's own; it opens its task. */
export type PortalNotification = Static<typeof NotificationBody>;

export const NotificationListBody = StrictObject({ items: Type.Array(NotificationBody), unread: Type.Integer() });
export type NotificationList = Static<typeof NotificationListBody>;
