// The notification centre's rows: always one person's own (the caller's user id), within their city.
import type { Knex } from 'knex';
import type { PortalNotification } from '@hotline/api-types';

export type { PortalNotification };

const toJson = (r: Record<string, unknown>): PortalNotification => ({
  id: r.id as string,
  title: r.title as string,
  body: r.body as string,
  ticketNumber: (r.ticket_number as string | null) ?? null,
  taskId: (r.task_id as string | null) ?? null,
  createdAt: (r.created_at as Date).toISOString(),
  readAt: r.read_at ? (r.read_at as Date).toISOString() : null,
});

const own = (db: Knex, cityId: string, userId: string) => db('notifications').where({ city_id: cityId, user_id: userId });

export async function listNotifications(db: Knex, cityId: string, userId: string, options: { unreadOnly: boolean; limit: number }): Promise<PortalNotification[]> {
  const rows = await own(db, cityId, userId)
    .modify((q) => {
      if (options.unreadOnly) q.whereNull('read_at');
    })
    .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }])
    .limit(options.limit)
    .select('id', 'title', 'body', 'ticket_number', 'task_id', 'created_at', 'read_at');
  return rows.map(toJson);
}

export async function unreadCount(db: Knex, cityId: string, userId: string): Promise<number> {
  const row = await own(db, cityId, userId).whereNull('read_at').count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** Marks one of the person's notifications read; null when it is not theirs (or does not exist). */
export async function markRead(db: Knex, cityId: string, userId: string, id: string): Promise<PortalNotification | null> {
  const [row] = await own(db, cityId, userId)
    .where({ id })
    .update({ read_at: db.raw('coalesce(read_at, now())') })
    .returning(['id', 'title', 'body', 'ticket_number', 'task_id', 'created_at', 'read_at']);
  return row ? toJson(row) : null;
}

export async function markAllRead(db: Knex, cityId: string, userId: string): Promise<number> {
  return own(db, cityId, userId).whereNull('read_at').update({ read_at: db.fn.now() });
}

/** Whether a notification of this id exists for someone else (an attempt at another's: audited). */
export async function belongsToSomeoneElse(db: Knex, userId: string, id: string): Promise<boolean> {
  return (await db('notifications').where({ id }).whereNot({ user_id: userId }).first('id')) !== undefined;
}
