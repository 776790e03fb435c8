// 提醒发送情况 calls, through the app's client (the session, the CSRF header and the error handling are
// the app's). The shapes are the API's (api-types UndeliveredBody).
import type { DeliveryState, UndeliveredReminder } from '@hotline/api-types';
import type { ApiClient } from '../../api/client';

export type { DeliveryState, UndeliveredReminder };

export const undeliveredReminders = (api: ApiClient, city: string, state: DeliveryState | undefined, page: number, pageSize: number, signal?: AbortSignal) =>
  api.call<{ items: UndeliveredReminder[]; page: number; pageSize: number; hasMore: boolean }>(
    'GET',
    `/api/cities/${city}/notification-deliveries?${new URLSearchParams({ ...(state ? { state } : {}), page: String(page), pageSize: String(pageSize) })}`,
    undefined,
    signal,
  );

export const retryDelivery = (api: ApiClient, city: string, id: string) =>
  api.call<UndeliveredReminder>('POST', `/api/cities/${city}/notification-deliveries/${encodeURIComponent(id)}/retry`);
