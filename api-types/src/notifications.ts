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

/** 提醒发送情况: given up (`failed`) or waiting for another attempt after a failed one (`retrying`). */
export const DELIVERY_STATES = ['failed', 'retrying'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
export const DeliveryStateBody = Type.Union([Type.Literal(DELIVERY_STATES[0]), Type.Literal(DELIVERY_STATES[1])], { description: 'failed: given up; retrying: waiting for its next attempt' });

export const DeliveryRecipientBody = StrictObject({
  name: Type.String(),
  unit: Nullable(Type.String()),
  phone: Nullable(Type.String({ description: 'masked (138****5678); null when the person has no mobile number or the row is not an SMS' })),
  sent: Type.Boolean({ description: 'whether this person already has it (an SMS row sent to some of its people)' }),
});
export type DeliveryRecipient = Static<typeof DeliveryRecipientBody>;

export const UndeliveredBody = StrictObject({
  id: Type.String(),
  state: DeliveryStateBody,
  channel: Type.String({ description: "the pack's channel: portal, sms" }),
  rule: Type.String({ description: "the pack's notification rule" }),
  title: Type.String(),
  body: Type.String(),
  ticketNumber: Nullable(Type.String()),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String({ description: 'why the last attempt failed, zh-CN' })),
  createdAt: Type.String({ format: 'date-time' }),
  nextAttemptAt: Nullable(Type.String({ format: 'date-time', description: 'when the next attempt is due; null once given up' })),
  recipients: Type.Array(DeliveryRecipientBody),
});
/** A reminder that did not reach its people, as 提醒发送情况 lists it (recipients resolved now). */
export type UndeliveredReminder = Static<typeof UndeliveredBody>;
