// Tickets and, apart from them, their callers' personal data. Ticket queries never join the callers:
// only readCaller does, and the service logs every use of it.
import type { Knex } from 'knex';
import { callerDigest } from '../search/caller-digest';

export interface Ticket {
  id: string;
  number: string;
  type: string;
  urgency: string;
  channel: string | null;
  summary: string | null;
  content: string;
  /** 诉求事项: a code of the pack's matter taxonomy. */
  matterCode: string | null;
  /** 事发区划: a code of the city's places. */
  placeCode: string | null;
  /** 事发地点: the address as the caller gave it. */
  address: string | null;
  unitId: string | null;
  unitCode: string | null;
  unitName: string | null;
  packVersion: number;
  packVersionId: number;
  registeredAt: Date;
  registeredBy: string;
  status: 'open' | 'closed' | 'cancelled';
  outcome: string | null;
  closedAt: Date | null;
  /** The centre accepted the unit's 履职尽责说明: its negative rating does not count (event `ratingExempted`). */
  negativeRatingExempt: boolean;
  /** Filed as not solvable for objective reasons (备案, event `unsolvableFiled`). */
  unsolvableFiled: boolean;
  processInstanceKey: string | null;
}

export interface Caller {
  name: string;
  phone: string;
}

/**
 * The next number of the day for a city, race-free: the counter row is locked by the upsert. Run it on
 * its own (not inside a longer transaction): the lock then lasts one statement, so a city's
 * registrations never queue behind each other's engine start.
 */
export async function nextSequence(db: Knex, cityId: string, day: string): Promise<number> {
  const result = await db.raw(
    `insert into ticket_counters (city_id, day, last) values (?, ?, 1)
     on conflict (city_id, day) do update set last = ticket_counters.last + 1
     returning last`,
    [cityId, day],
  );
  return result.rows[0].last;
}

export async function insertTicket(
  trx: Knex.Transaction,
  ticket: {
    id?: string;
    cityId: string;
    number: string;
    type: string;
    urgency: string;
    channel?: string | null;
    summary?: string | null;
    content: string;
    matterCode?: string | null;
    placeCode?: string | null;
    address?: string | null;
    unitId: string | null;
    packVersionId: number;
    registeredBy: string;
    prefill?: Record<string, unknown>;
    /** The ticket this one was split from (分别派单). */
    parentTicketId?: string | null;
    /** Engine time (the process's registeredAt); the database's clock only when no engine runs. */
    registeredAt?: Date;
  },
): Promise<string> {
  const [row] = await trx('tickets')
    .insert({
      ...(ticket.id ? { id: ticket.id } : {}),
      channel: ticket.channel ?? null,
      summary: ticket.summary ?? null,
      prefill: JSON.stringify(ticket.prefill ?? {}),
      parent_ticket_id: ticket.parentTicketId ?? null,
      city_id: ticket.cityId,
      number: ticket.number,
      type: ticket.type,
      urgency: ticket.urgency,
      content: ticket.content,
      matter_code: ticket.matterCode ?? null,
      place_code: ticket.placeCode ?? null,
      address: ticket.address ?? null,
      unit_id: ticket.unitId,
      pack_version_id: ticket.packVersionId,
      registered_by: ticket.registeredBy,
      ...(ticket.registeredAt ? { registered_at: ticket.registeredAt } : {}),
    })
    .returning('id');
  return row.id;
}

export async function insertCaller(trx: Knex.Transaction, ticketId: string, caller: Caller): Promise<void> {
  await trx('ticket_callers').insert({ ticket_id: ticketId, name: caller.name, phone: caller.phone });
  // beside the ticket, what search matches a phone on (never the number itself)
  await trx('tickets').where({ id: ticketId }).update({ caller_digest: await callerDigest(trx, caller.phone) });
}

/** Which tickets a query may see: the whole city, or only these units' tickets. */
export type TicketScope = { all: true } | { unitIds: string[] };

function ticketsIn(db: Knex, cityId: string, scope: TicketScope) {
  return db('tickets as t')
    .leftJoin('units as u', 'u.id', 't.unit_id')
    .join('pack_versions as p', 'p.id', 't.pack_version_id')
    .join('users as r', 'r.id', 't.registered_by')
    .where('t.city_id', cityId)
    .modify((q) => {
      // a unit sees the tickets dispatched to it, and those it has a task on (an assisting unit's part)
      if (!('all' in scope)) {
        q.where((w) =>
          w.whereIn('t.unit_id', scope.unitIds).orWhereExists(db('tasks as k').whereRaw('k.ticket_id = t.id').whereIn('k.unit_id', scope.unitIds).select(db.raw('1'))),
        );
      }
    })
    .select(
      't.id',
      't.number',
      't.type',
      't.urgency',
      't.channel',
      't.summary',
      't.content',
      't.matter_code',
      't.place_code',
      't.address',
      't.pack_version_id',
      't.status',
      't.outcome',
      't.closed_at',
      't.negative_rating_exempt',
      't.unsolvable_filed',
      't.process_instance_key',
      't.unit_id',
      'u.code as unit_code',
      'u.name as unit_name',
      'p.number as pack_version',
      't.registered_at',
      'r.username as registered_by',
    );
}

const toTicket = (r: Record<string, unknown>): Ticket => ({
  id: r.id as string,
  number: r.number as string,
  type: r.type as string,
  urgency: r.urgency as string,
  channel: (r.channel as string | null) ?? null,
  summary: (r.summary as string | null) ?? null,
  content: r.content as string,
  matterCode: (r.matter_code as string | null) ?? null,
  placeCode: (r.place_code as string | null) ?? null,
  address: (r.address as string | null) ?? null,
  unitId: (r.unit_id as string | null) ?? null,
  unitCode: (r.unit_code as string | null) ?? null,
  unitName: (r.unit_name as string | null) ?? null,
  packVersion: r.pack_version as number,
  packVersionId: r.pack_version_id as number,
  registeredAt: r.registered_at as Date,
  registeredBy: r.registered_by as string,
  status: r.status as Ticket['status'],
  outcome: (r.outcome as string | null) ?? null,
  closedAt: (r.closed_at as Date | null) ?? null,
  negativeRatingExempt: r.negative_rating_exempt === true,
  unsolvableFiled: r.unsolvable_filed === true,
  processInstanceKey: (r.process_instance_key as string | null) ?? null,
});

export async function findTicket(db: Knex, cityId: string, number: string, scope: TicketScope): Promise<Ticket | null> {
  const row = await ticketsIn(db, cityId, scope).andWhere('t.number', number).first();
  return row ? toTicket(row) : null;
}

/** A ticket by its row id, whatever the scope (the caller has checked access another way, e.g. through a task). */
export async function findTicketById(db: Knex, cityId: string, id: string): Promise<Ticket | null> {
  const row = await ticketsIn(db, cityId, { all: true }).andWhere('t.id', id).first();
  return row ? toTicket(row) : null;
}

export async function ticketsByIds(db: Knex, cityId: string, ids: readonly string[]): Promise<Map<string, Ticket>> {
  if (ids.length === 0) return new Map();
  const rows = await ticketsIn(db, cityId, { all: true }).whereIn('t.id', ids);
  return new Map(rows.map((r: Record<string, unknown>) => [r.id as string, toTicket(r)]));
}

export async function setProcess(trx: Knex.Transaction, ticketId: string, process: { engine: string; bpmnProcessId: string; version: number; processInstanceKey: string }): Promise<void> {
  await trx('tickets').where({ id: ticketId }).update({
    engine: process.engine,
    bpmn_process_id: process.bpmnProcessId,
    process_version: process.version,
    process_instance_key: process.processInstanceKey,
  });
}

/** What a ticket is about and where: `placeCodes` (a place and those under it), `matterPattern` (a LIKE prefix). */
export interface SubjectFilter {
  placeCodes?: readonly string[] | undefined;
  matterPattern?: string | undefined;
}

/** Restricts a query on `tickets as t` to a subject filter. */
export function bySubject(q: Knex.QueryBuilder, filter: SubjectFilter): void {
  // the city_id condition on `t` is the caller's; these use tickets_place / tickets_matter with it
  if (filter.placeCodes) q.whereIn('t.place_code', [...filter.placeCodes]);
  if (filter.matterPattern) q.where('t.matter_code', 'like', filter.matterPattern);
}

export async function listTickets(db: Knex, cityId: string, scope: TicketScope, limit: number, filter: SubjectFilter = {}): Promise<Ticket[]> {
  return (await ticketsIn(db, cityId, scope).modify(bySubject, filter).orderBy('t.registered_at', 'desc').limit(limit)).map(toTicket);
}

/** Of these tickets, those within these units (dispatched to one, or one has a task on it). */
export async function idsWithinUnits(db: Knex, cityId: string, ids: readonly string[], unitIds: readonly string[]): Promise<string[]> {
  return ticketsIn(db, cityId, { unitIds: [...unitIds] }).whereIn('t.id', ids).pluck('t.id');
}

/**
 * Of these tickets, those on which the person holds or held a task: claimed it, or completed it — or
 * registered the ticket (受理, the first task, done while the caller is on the line).
 */
export async function idsWorkedBy(db: Knex, ids: readonly string[], userId: string): Promise<string[]> {
  const [worked, registered] = await Promise.all([
    db('tasks').whereIn('ticket_id', ids).andWhere((w) => w.where('assignee_id', userId).orWhere('completed_by', userId)).distinct().pluck('ticket_id'),
    db('tickets').whereIn('id', ids).andWhere('registered_by', userId).pluck('id'),
  ]);
  return [...new Set([...worked, ...registered])];
}

export async function readCallers(db: Knex, ticketIds: readonly string[]): Promise<Map<string, Caller>> {
  const rows = await db('ticket_callers').whereIn('ticket_id', ticketIds).select('ticket_id', 'name', 'phone');
  return new Map(rows.map((r) => [r.ticket_id, { name: r.name, phone: r.phone }]));
}
