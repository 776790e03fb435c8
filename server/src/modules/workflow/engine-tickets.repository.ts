// The ticket a job or a user task belongs to (its `ticketId` process variable). Registration starts the
// process inside the transaction that stores the ticket, so the engine may announce the first task or
// run the first job before that transaction commits: a lookup that misses waits for the registration's
// lock (taken by lockNewTicket) and looks again. A ticket still missing then does not exist: an instance
// whose registration rolled back, or one started by someone else on a shared broker.
//
// Inside the embedded engine's step (a job handler or task listener run in it) the lookup never waits:
// the registration may be waiting on that very step (it starts the instance inside its transaction).
// It throws instead, and the engine hands the job or announces the task after the step.
import type { Knex } from 'knex';
import { stepTransaction } from '@hotline/engine-adapters';

export interface EngineTicket {
  id: string;
  cityId: string;
  number: string;
  type: string;
  urgency: string;
  packVersionId: number;
  unitId: string | null;
  registeredBy: string;
  /** The row's registration instant (the process's `registeredAt` variable is the engine's). */
  registeredAt: Date;
  status: string;
  prefill: Record<string, PrefilledCompletion>;
}

/** A completion the registrar gave with the registration, applied when the engine asks for that form. */
export interface PrefilledCompletion {
  action: string;
  data: Record<string, unknown>;
  variables: Record<string, unknown>;
  actorUserId: string;
  requestId: string;
  /** Write no timeline entry (the registration's own step: the `registered` stamp says it). */
  silent?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const lockKey = (ticketId: string) => `hotline-ticket:${ticketId}`;

/** Taken by the registration's transaction, so engine callbacks for the new ticket wait for its commit. */
export async function lockNewTicket(trx: Knex.Transaction, ticketId: string): Promise<void> {
  await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [lockKey(ticketId)]);
}

export async function findEngineTicket(db: Knex, ticketId: unknown): Promise<EngineTicket | null> {
  if (typeof ticketId !== 'string' || !UUID.test(ticketId)) return null;
  const found = await readTicket(db, ticketId);
  if (found) return found;
  if (stepTransaction()) {
    const { rows } = await db.raw('select pg_try_advisory_xact_lock(hashtextextended(?, 0)) as free', [lockKey(ticketId)]);
    if (!rows[0]?.free) throw new Error(`ticket ${ticketId}: its registration is not committed yet`);
  } else {
    await db.transaction(async (trx) => {
      await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [lockKey(ticketId)]);
    });
  }
  return readTicket(db, ticketId);
}

async function readTicket(db: Knex, ticketId: string): Promise<EngineTicket | null> {
  const row = await db('tickets')
    .where('id', ticketId)
    .first('id', 'city_id', 'number', 'type', 'urgency', 'pack_version_id', 'unit_id', 'registered_by', 'registered_at', 'status', 'prefill');
  if (!row) return null;
  return {
    id: row.id,
    cityId: row.city_id,
    number: row.number,
    type: row.type,
    urgency: row.urgency,
    packVersionId: row.pack_version_id,
    unitId: row.unit_id,
    registeredBy: row.registered_by,
    registeredAt: new Date(row.registered_at),
    status: row.status,
    prefill: row.prefill ?? {},
  };
}

export async function unitIdOf(db: Knex, cityId: string, code: unknown): Promise<{ id: string; name: string } | null> {
  if (typeof code !== 'string' || code === '') return null;
  const row = await db('units').where({ city_id: cityId, code }).first('id', 'name');
  return row ? { id: row.id, name: row.name } : null;
}
