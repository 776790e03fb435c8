// Tickets and, apart from them, their callers' personal data. Ticket queries never join the callers:
// only readCaller does, and the service logs every use of it.
import type { Knex } from 'knex';

export interface Ticket {
  id: string;
  number: string;
  type: string;
  urgency: string;
  content: string;
  unitId: string | null;
  unitCode: string | null;
  unitName: string | null;
  packVersion: number;
  registeredAt: Date;
  registeredBy: string;
}

export interface Caller {
  name: string;
  phone: string;
}

/** The next number of the day for a city, race-free: the counter row is locked by the upsert. */
export async function nextSequence(trx: Knex.Transaction, cityId: string, day: string): Promise<number> {
  const result = await trx.raw(
    `insert into ticket_counters (city_id, day, last) values (?, ?, 1)
     on conflict (city_id, day) do update set last = ticket_counters.last + 1
     returning last`,
    [cityId, day],
  );
  return result.rows[0].last;
}

export async function insertTicket(
  trx: Knex.Transaction,
  ticket: { cityId: string; number: string; type: string; urgency: string; content: string; unitId: string | null; packVersionId: number; registeredBy: string },
): Promise<string> {
  const [row] = await trx('tickets')
    .insert({
      city_id: ticket.cityId,
      number: ticket.number,
      type: ticket.type,
      urgency: ticket.urgency,
      content: ticket.content,
      unit_id: ticket.unitId,
      pack_version_id: ticket.packVersionId,
      registered_by: ticket.registeredBy,
    })
    .returning('id');
  return row.id;
}

export async function insertCaller(trx: Knex.Transaction, ticketId: string, caller: Caller): Promise<void> {
  await trx('ticket_callers').insert({ ticket_id: ticketId, name: caller.name, phone: caller.phone });
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
      if (!('all' in scope)) q.whereIn('t.unit_id', scope.unitIds);
    })
    .select(
      't.id',
      't.number',
      't.type',
      't.urgency',
      't.content',
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
  content: r.content as string,
  unitId: (r.unit_id as string | null) ?? null,
  unitCode: (r.unit_code as string | null) ?? null,
  unitName: (r.unit_name as string | null) ?? null,
  packVersion: r.pack_version as number,
  registeredAt: r.registered_at as Date,
  registeredBy: r.registered_by as string,
});

export async function findTicket(db: Knex, cityId: string, number: string, scope: TicketScope): Promise<Ticket | null> {
  const row = await ticketsIn(db, cityId, scope).andWhere('t.number', number).first();
  return row ? toTicket(row) : null;
}

export async function listTickets(db: Knex, cityId: string, scope: TicketScope, limit: number): Promise<Ticket[]> {
  return (await ticketsIn(db, cityId, scope).orderBy('t.registered_at', 'desc').limit(limit)).map(toTicket);
}

export async function readCallers(db: Knex, ticketIds: readonly string[]): Promise<Map<string, Caller>> {
  const rows = await db('ticket_callers').whereIn('ticket_id', ticketIds).select('ticket_id', 'name', 'phone');
  return new Map(rows.map((r) => [r.ticket_id, { name: r.name, phone: r.phone }]));
}
