// Security alerts and the reveal counts the watch judges by (read from the audit trail, where every
// reveal is written in the same transaction that reads the caller).
import type { Knex } from 'knex';
import type { RecentReveals } from './reveal-watch';

export interface SecurityAlert {
  id: string;
  kind: string;
  person: { username: string; name: string };
  details: Record<string, unknown>;
  raisedAt: Date;
  closedAt: Date | null;
  closedBy: { username: string; name: string } | null;
  closeNote: string | null;
}

/** One person's reveals of the last day, counted by window (`now()` is the transaction's start). */
export async function recentReveals(trx: Knex.Transaction, userId: string, burstMinutes: number): Promise<RecentReveals> {
  const row = await trx('audit_events')
    .where({ action: 'ticket.callerRevealed', actor_user_id: userId })
    .andWhere('occurred_at', '>', trx.raw("now() - interval '1 day'"))
    .first(
      trx.raw("count(*) filter (where occurred_at > now() - interval '1 hour') as last_hour"),
      trx.raw('count(*) as last_day'),
      trx.raw('count(*) filter (where occurred_at > now() - make_interval(mins => ?)) as in_burst', [burstMinutes]),
      trx.raw("count(*) filter (where occurred_at > now() - interval '1 hour' and details->>'heldTask' = 'false') as beyond_tasks"),
    );
  return { lastHour: Number(row.last_hour), lastDay: Number(row.last_day), inBurstWindow: Number(row.in_burst), beyondTasksLastHour: Number(row.beyond_tasks) };
}

/** One person's reveals are judged one at a time (two at once could both pass the last free place). */
export async function lockPersonReveals(trx: Knex.Transaction, userId: string): Promise<void> {
  await trx.raw("select pg_advisory_xact_lock(hashtext('reveal:' || ?))", [userId]);
}

export async function hasOpenAlert(trx: Knex.Transaction, cityId: string, userId: string, kind: string): Promise<boolean> {
  return (await trx('security_alerts').where({ city_id: cityId, user_id: userId, kind }).whereNull('closed_at').first('id')) !== undefined;
}

export async function insertAlert(trx: Knex.Transaction, alert: { cityId: string; userId: string; kind: string; details: Record<string, unknown> }): Promise<string> {
  const [row] = await trx('security_alerts')
    .insert({ city_id: alert.cityId, user_id: alert.userId, kind: alert.kind, details: JSON.stringify(alert.details) })
    .returning('id');
  return String(row.id);
}

/** A city's alerts with the person and whoever closed them. */
const alertsOf = (db: Knex, cityId: string) =>
  db('security_alerts as a')
    .join('users as p', 'p.id', 'a.user_id')
    .leftJoin('users as c', 'c.id', 'a.closed_by')
    .where('a.city_id', cityId)
    .select('a.*', 'p.username as person_username', 'p.display_name as person_name', 'c.username as closer_username', 'c.display_name as closer_name');

export async function listAlerts(db: Knex, cityId: string, status: 'open' | 'closed' | undefined, limit: number): Promise<SecurityAlert[]> {
  const rows = await alertsOf(db, cityId)
    .modify((q) => {
      if (status === 'open') q.whereNull('a.closed_at');
      if (status === 'closed') q.whereNotNull('a.closed_at');
    })
    .orderBy('a.raised_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit);
  return rows.map(toAlert);
}

export async function findAlert(db: Knex, cityId: string, id: string): Promise<SecurityAlert | null> {
  const [row] = await alertsOf(db, cityId).where('a.id', id);
  return row ? toAlert(row) : null;
}

/** Closes an open alert; false when it was closed already (by someone else meanwhile). */
export async function closeAlert(trx: Knex.Transaction, cityId: string, id: string, closedBy: string, note: string): Promise<boolean> {
  const n = await trx('security_alerts').where({ city_id: cityId, id }).whereNull('closed_at').update({ closed_at: trx.fn.now(), closed_by: closedBy, close_note: note });
  return n === 1;
}

function toAlert(r: Record<string, unknown>): SecurityAlert {
  return {
    id: String(r.id),
    kind: r.kind as string,
    person: { username: r.person_username as string, name: r.person_name as string },
    details: r.details as Record<string, unknown>,
    raisedAt: r.raised_at as Date,
    closedAt: (r.closed_at as Date | null) ?? null,
    closedBy: r.closer_username ? { username: r.closer_username as string, name: r.closer_name as string } : null,
    closeNote: (r.close_note as string | null) ?? null,
  };
}
