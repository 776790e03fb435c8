// A ticket's timeline: its events (the job workers' stamps and deadlines, supervisions, the people who
// completed its tasks), oldest first. Events written in one instant keep the order they were written in.
import type { Knex } from 'knex';
import { formatInstant } from '@hotline/rules';

export interface TimelineItem {
  id: string;
  at: string;
  kind: string;
  actor: { username: string; name: string } | null;
  unit: { code: string; name: string } | null;
  summary: string;
  data: Record<string, unknown>;
}

/** Instants leave the API in China's +08:00 (TASKS-API.md). */
export const CHINA_OFFSET_MINUTES = 8 * 60;
export const apiInstant = (date: Date | null): string | null => (date === null ? null : formatInstant(date.getTime(), CHINA_OFFSET_MINUTES));

/** Where an open ticket stands: its open steps (tasks), oldest first, with the unit each is with. */
export async function openStepsOf(db: Knex, ticketId: string): Promise<Array<{ form: string | null; name: string; unit: { code: string; name: string } | null }>> {
  const rows = await db('tasks as k')
    .leftJoin('units as u', 'u.id', 'k.unit_id')
    .where('k.ticket_id', ticketId)
    .whereIn('k.status', ['open', 'claimed', 'completing'])
    .orderBy('k.created_at')
    .select('k.form', 'k.name', 'u.code', 'u.name as unit_name');
  return rows.map((r) => ({ form: r.form ?? null, name: r.name, unit: r.code ? { code: r.code, name: r.unit_name } : null }));
}

export async function timelineOf(db: Knex, ticketId: string): Promise<TimelineItem[]> {
  const rows = await db('ticket_events as e')
    .leftJoin('users as p', 'p.id', 'e.actor_user_id')
    .leftJoin('units as u', 'u.id', 'e.unit_id')
    .where('e.ticket_id', ticketId)
    .orderBy([{ column: 'e.at' }, { column: 'e.id' }])
    .select('e.id', 'e.at', 'e.kind', 'e.summary', 'e.data', 'p.username', 'p.display_name', 'u.code', 'u.name');
  return rows.map((r) => ({
    id: String(r.id),
    at: apiInstant(r.at) as string,
    kind: r.kind,
    actor: r.username ? { username: r.username, name: r.display_name } : null,
    unit: r.code ? { code: r.code, name: r.name } : null,
    summary: r.summary,
    data: r.data ?? {},
  }));
}
