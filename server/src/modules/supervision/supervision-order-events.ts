// What else happens, in the same transaction, when a 督办单 is issued: the seam where the unit is told.
// The notification outbox (issue 12 part 6) enqueues its `supervisionOrderIssued` reminders here —
// `enqueueNotifications(trx, catalog, { on: 'supervisionOrderIssued', key: `supervisionOrder:${order.id}`, … })`
// — so a reminder exists exactly when the order does. Until that module is merged, the event is only
// logged by the caller's route; the timeline entry comes from the process (supervisionOrderIssued).
import type { Knex } from 'knex';
import type { Ticket } from '../tickets/tickets.repository';
import type { OrderRow } from './supervision-orders.service';

export interface OrderIssued {
  order: OrderRow;
  ticket: Ticket;
  /** The deadline in the city's offset (ISO-8601). */
  due: string;
  ruleVersion: string;
  packVersionId: number;
}

type Listener = (trx: Knex.Transaction, issued: OrderIssued) => Promise<void>;
const listeners: Listener[] = [];

/** Registers what must happen with every order issued (in its transaction): the notifications module's reminder. */
export function onOrderIssued(listener: Listener): () => void {
  listeners.push(listener);
  return () => {
    const at = listeners.indexOf(listener);
    if (at >= 0) listeners.splice(at, 1);
  };
}

export async function announceOrderIssued(trx: Knex.Transaction, issued: OrderIssued): Promise<void> {
  for (const listener of listeners) await listener(trx, issued);
}
