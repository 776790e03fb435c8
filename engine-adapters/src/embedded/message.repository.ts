// Published messages and their correlation, with Zeebe's rules: a message is buffered until its
// time-to-live ends (on the adapter's clock), a messageId is refused again while the first one is
// buffered, and a message correlates at most once per BPMN process id.
import type { Knex } from 'knex';

import type { Variables } from '../port';
import { allocateKeys } from './keys';
import { TABLES } from './instance.repository';
import type { SubscriptionRow } from './instance.repository';

const TABLE = 'engine_message';

export interface PublishedMessage {
  name: string;
  correlationKey: string;
  variables: Variables;
  messageId?: string;
  expiresAt: Date;
}

/**
 * Serializes everything about one (name, correlation key): publishing, and opening a subscription
 * that may take a buffered message. Without it each could miss the other's uncommitted row.
 */
export async function lockCorrelation(trx: Knex.Transaction, name: string, correlationKey: string): Promise<void> {
  await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`engine-message:${JSON.stringify([name, correlationKey])}`]);
}

/** Stores a message; undefined when its messageId is already buffered (a duplicate). */
export async function insertMessage(trx: Knex.Transaction, message: PublishedMessage, now: Date): Promise<string | undefined> {
  await trx(TABLE).where('expires_at', '<=', now).delete();
  const [key] = await allocateKeys(trx, 1);
  const inserted = await trx(TABLE)
    .insert({
      key,
      name: message.name,
      correlation_key: message.correlationKey,
      variables: JSON.stringify(message.variables),
      message_id: message.messageId ?? null,
      expires_at: message.expiresAt,
    })
    .onConflict(['name', 'correlation_key', 'message_id'])
    .ignore()
    .returning('key');
  return inserted.length ? key : undefined;
}

/** The open subscriptions a new message correlates to: the oldest one per BPMN process id. */
export async function correlationTargets(trx: Knex.Transaction, name: string, correlationKey: string): Promise<SubscriptionRow[]> {
  const subscriptions: SubscriptionRow[] = await trx(`${TABLES.subscription} as s`)
    .join(`${TABLES.instance} as i`, 'i.key', 's.instance_key')
    .where({ 'i.status': 'active', 's.message_name': name, 's.correlation_key': correlationKey })
    .orderBy('s.key')
    .select('s.*');
  const byProcess = new Map<string, SubscriptionRow>();
  for (const s of subscriptions) if (!byProcess.has(s.bpmn_process_id)) byProcess.set(s.bpmn_process_id, s);
  return [...byProcess.values()];
}

/** A buffered message a newly opened subscription takes, marked as correlated to its process. */
export async function takeBufferedMessage(
  trx: Knex.Transaction,
  subscription: { message_name: string; correlation_key: string },
  bpmnProcessId: string,
  now: Date,
): Promise<Variables | undefined> {
  const message: { key: string; variables: Variables } | undefined = await trx(TABLE)
    .where({ name: subscription.message_name, correlation_key: subscription.correlation_key })
    .andWhere('expires_at', '>', now)
    .whereNot(trx.raw('? = ANY(correlated_process_ids)', [bpmnProcessId]))
    .orderBy('key')
    .forUpdate()
    .first('key', 'variables');
  if (!message) return undefined;
  await markCorrelated(trx, message.key, bpmnProcessId, true);
  return message.variables;
}

/** The processes a buffered message went to already; undefined once it expired or is gone. */
export async function correlatedProcesses(trx: Knex.Transaction, messageKey: string, now: Date): Promise<string[] | undefined> {
  const row: { correlated_process_ids: string[] } | undefined = await trx(TABLE).where({ key: messageKey }).andWhere('expires_at', '>', now).first('correlated_process_ids');
  return row?.correlated_process_ids;
}

export async function markCorrelated(trx: Knex.Transaction, messageKey: string, bpmnProcessId: string, correlated: boolean): Promise<void> {
  await trx(TABLE)
    .where({ key: messageKey })
    .update({
      correlated_process_ids: correlated
        ? trx.raw('array_append(correlated_process_ids, ?)', [bpmnProcessId])
        : trx.raw('array_remove(correlated_process_ids, ?)', [bpmnProcessId]),
    });
}
