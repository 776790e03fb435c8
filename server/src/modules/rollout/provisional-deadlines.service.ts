// After a pack is published: the open tickets' provisional deadlines counted again with its calendar
// (provisional-deadlines.ts), written back in one transaction — a new `deadlineSet` entry on each
// ticket's timeline (keyed on the pack version, so running it twice does nothing twice), the open
// tasks' due instants, an audit event — and then each live timer moved by the `deadlineChanged`
// message the processes wait for (BPMN-SUBSET.md "Timers"; engine-adapters' watch worker).
import type { Knex } from 'knex';
import { type CityPack, parsePack } from '@hotline/rules';
import { notFound } from '../../http/errors';
import { recordEvent } from '../audit/audit.repository';
import type { AuditActor } from '../auth/actor';
import * as packs from '../packs/packs.repository';
import { type DeadlineTimers, NO_TIMERS } from '../packs/process-deployment';
import { type RecomputedDeadline, type RecordedDeadline, type TicketDeadlines, recomputeTicket, recordedOf, rulesWithCalendar } from './provisional-deadlines';

/** The message the watch of every shipped process waits for (engine-adapters DEADLINE_CHANGED_MESSAGE). */
export const DEADLINE_CHANGED = 'deadlineChanged';

export interface RecomputeEntry {
  ticket: string;
  stage: string;
  as: string;
  previousDue: string;
  due: string;
  provisional: boolean;
  tasksUpdated: number;
  timerMoved: boolean;
}

export interface RecomputeResult {
  packVersion: number;
  /** Open tickets with a provisional deadline. */
  ticketsChecked: number;
  recomputed: RecomputeEntry[];
  /** Timeline entries that could not be read (not written by the deadline worker as expected). */
  skipped: number;
  timers: { moved: number; problem: string | null };
}

interface TicketRow {
  id: string;
  number: string;
  type: string;
  urgency: string;
  pack_version_id: number;
  registered_at: Date;
}

interface EventRow {
  ticket_id: string;
  at: Date;
  data: Record<string, unknown>;
  process_instance_key: string | null;
  element_id: string | null;
}

async function parsedVersion(db: Knex, versionId: number, label: string, cache: Map<number, CityPack>): Promise<CityPack> {
  let pack = cache.get(versionId);
  if (!pack) {
    pack = parsePack(await packs.readFiles(db, versionId), { label });
    cache.set(versionId, pack);
  }
  return pack;
}

/**
 * Counts again, with the calendar of pack version `number` (published), every deadline of the city's
 * open tickets that is provisional or counted from one that moves; writes and announces the results.
 * Without `timers` the database is updated and the result says the live timers were not moved.
 */
export async function recomputeProvisionalDeadlines(db: Knex, cityId: string, number: number, actor: AuditActor, timers?: DeadlineTimers): Promise<RecomputeResult> {
  const version = await packs.findVersion(db, cityId, number);
  if (!version) throw notFound(`pack version ${cityId}/${number}`);
  const cache = new Map<number, CityPack>();
  const calendarPack = await parsedVersion(db, version.id, `${cityId}/${number}`, cache);

  const tickets: TicketRow[] = await db('tickets as t')
    .where({ 't.city_id': cityId, 't.status': 'open' })
    .whereExists((q) => q.select(db.raw('1')).from('ticket_events as e').whereRaw('e.ticket_id = t.id').andWhere('e.kind', 'deadlineSet').andWhereRaw("(e.data->>'provisional') = 'true'"))
    .select('t.id', 't.number', 't.type', 't.urgency', 't.pack_version_id', 't.registered_at');
  const events: EventRow[] =
    tickets.length === 0
      ? []
      : await db('ticket_events')
          .whereIn('ticket_id', tickets.map((t) => t.id))
          .andWhere('kind', 'deadlineSet')
          .orderBy('id')
          .select('ticket_id', 'at', 'data', 'process_instance_key', 'element_id');

  let skipped = 0;
  let checked = 0;
  const found: Array<{ ticket: TicketRow; result: RecomputedDeadline; event: EventRow }> = [];
  for (const ticket of tickets) {
    const own = events.filter((e) => e.ticket_id === ticket.id);
    const deadlines: RecordedDeadline[] = [];
    const rowOf = new Map<RecordedDeadline, EventRow>();
    for (const e of own) {
      const recorded = recordedOf(e);
      if (!recorded) {
        skipped++;
        continue;
      }
      deadlines.push(recorded);
      rowOf.set(recorded, e);
    }
    // an earlier recomputation may have settled them all already
    const current = new Map(deadlines.map((d) => [d.as, d]));
    if (![...current.values()].some((d) => d.provisional)) continue;
    checked++;
    const ticketPack = await parsedVersion(db, ticket.pack_version_id, `${cityId}/ticket ${ticket.number}`, cache);
    const input: TicketDeadlines = { ticketId: ticket.id, type: ticket.type, urgency: ticket.urgency, registeredAtMs: ticket.registered_at.getTime(), deadlines };
    for (const result of recomputeTicket(input, rulesWithCalendar(ticketPack, calendarPack))) {
      const source = [...rowOf.entries()].reverse().find(([r]) => r.as === result.as)?.[1];
      found.push({ ticket, result, event: source ?? own[own.length - 1]! });
    }
  }

  const entries: RecomputeEntry[] = [];
  const watchedStage = new Map<string, Set<string>>();
  await db.transaction(async (trx) => {
    for (const { ticket, result, event } of found) {
      await trx('ticket_events')
        .insert({
          key: `deadlineRecomputed:${version.id}:${ticket.id}:${result.as}`,
          ticket_id: ticket.id,
          city_id: cityId,
          kind: 'deadlineSet',
          at: new Date(result.recorded.fromMs),
          actor_user_id: actor.userId,
          summary: `${result.stage} 期限按第 ${number} 版城市包的工作日历重新计算：${result.previousDue}${result.previousProvisional ? '（暂定）' : ''} → ${result.due}${result.provisional ? '（暂定）' : ''}`,
          data: JSON.stringify({
            ...event.data,
            due: result.due,
            provisional: result.provisional,
            recomputed: { previousDue: result.previousDue, previousProvisional: result.previousProvisional, packVersion: number },
          }),
          process_instance_key: event.process_instance_key,
          element_id: event.element_id,
        })
        .onConflict('key')
        .ignore();
      const updated = await trx('tasks')
        .where({ ticket_id: ticket.id })
        .whereIn('status', ['open', 'claimed'])
        .andWhere('due_at', new Date(result.previousDue))
        .update({ due_at: new Date(result.due), due_provisional: result.provisional });
      const watching: Array<{ stage: unknown }> = await trx('tasks')
        .where({ ticket_id: ticket.id })
        .whereIn('status', ['open', 'claimed'])
        .select(trx.raw("variables->'watchStage' as stage"));
      watchedStage.set(ticket.id, new Set(watching.map((w) => w.stage).filter((s): s is string => typeof s === 'string')));
      entries.push({ ticket: ticket.number, stage: result.stage, as: result.as, previousDue: result.previousDue, due: result.due, provisional: result.provisional, tasksUpdated: updated, timerMoved: false });
    }
    if (entries.length > 0) {
      await recordEvent(trx, {
        cityId,
        actor,
        action: 'pack.deadlinesRecomputed',
        subjectType: 'packVersion',
        subjectId: `${cityId}/${number}`,
        details: { number, tickets: new Set(entries.map((e) => e.ticket)).size, deadlines: entries.map(({ timerMoved: _t, ...e }) => e) },
      });
    }
  });

  let moved = 0;
  let problem: string | null = null;
  if (entries.length > 0 && !timers) problem = NO_TIMERS;
  if (timers) {
    for (const [i, { ticket, result }] of found.entries()) {
      const variables: Record<string, unknown> = { [`${result.as}Due`]: result.due, [`${result.as}DueProvisional`]: result.provisional };
      // The watch re-arms on the recomputed due instant; warnings still ahead on it are not moved here.
      if (watchedStage.get(ticket.id)?.has(result.as)) Object.assign(variables, { watchStage: result.as, watchDue: result.due, watchNextAt: result.due, watchNextKind: 'due' });
      try {
        await timers.move({ ticketId: ticket.id, variables, messageId: `deadlineRecomputed-${version.id}-${ticket.id}-${result.as}` });
        entries[i]!.timerMoved = true;
        moved++;
      } catch (e) {
        problem = `the timer of ticket ${ticket.number} (${result.as}) was not moved: ${(e as Error).message}`;
      }
    }
  }
  return { packVersion: number, ticketsChecked: checked, recomputed: entries, skipped, timers: { moved, problem } };
}
