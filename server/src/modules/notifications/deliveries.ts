// 提醒发送情况: the city's reminders that did not reach their people — given up (`failed`, with the
// reason) or waiting for another attempt after a failed one — for the centre (a role with the pack's
// `deliveries` page) or the city's administrator to see and send again. Who a row is for is resolved as
// the channel would resolve it now; a person's mobile number only ever shows masked. Sending one again
// puts the same row back in the queue: its id stays, so does every Idempotency-Key made from it, and the
// people who already have it (`sent_to`) are skipped — nobody is sent it twice.
import type { Knex } from 'knex';
import type { DeliveryRecipient, DeliveryState, UndeliveredReminder as UndeliveredRow } from '@hotline/api-types';
import { conflict, notFoundZh } from '../../http/errors';
import { recordEvent } from '../audit/audit.repository';
import { type Actor, auditActorOf } from '../auth/actor';
import { maskPhone } from '../tickets/masking';
import { recipientUsers } from './channels';
import type { Recipients } from './outbox';

const undelivered = (db: Knex, cityId: string) =>
  db('notification_outbox as o')
    .where('o.city_id', cityId)
    .where((w) => w.where('o.status', 'failed').orWhere((p) => p.whereIn('o.status', ['pending', 'sending']).where('o.attempts', '>', 0)));

async function recipientsOf(db: Knex, row: { city_id: string; recipients: Recipients; channel: string; sent_to: string[] }): Promise<DeliveryRecipient[]> {
  const ids = await recipientUsers(db, { cityId: row.city_id, recipients: row.recipients });
  if (ids.length === 0) return [];
  const people: Array<{ id: string; display_name: string; phone: string | null; unit: string | null }> = await db('users as u')
    .leftJoin('units as n', 'n.id', 'u.unit_id')
    .whereIn('u.id', ids)
    .select('u.id', 'u.display_name', 'u.phone', 'n.name as unit');
  return people
    .sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id))
    .map((p) => ({ name: p.display_name, unit: p.unit, phone: row.channel === 'sms' && p.phone ? maskPhone(p.phone) : null, sent: row.sent_to.includes(p.id) }));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a row of notification_outbox joined with its ticket's number
async function viewOf(db: Knex, r: any): Promise<UndeliveredRow> {
  return {
    id: r.id,
    state: r.status === 'failed' ? 'failed' : 'retrying',
    channel: r.channel,
    rule: r.rule,
    title: r.title,
    body: r.body,
    ticketNumber: r.ticket_number ?? null,
    attempts: r.attempts,
    lastError: r.last_error ?? null,
    createdAt: (r.created_at as Date).toISOString(),
    nextAttemptAt: r.status === 'failed' ? null : (r.next_attempt_at as Date).toISOString(),
    recipients: await recipientsOf(db, r),
  };
}

/** The city's undelivered reminders, newest first, a page at a time. */
export async function listUndelivered(db: Knex, actor: Actor, options: { state?: DeliveryState | undefined; page: number; pageSize: number }) {
  const rows = await undelivered(db, actor.cityId)
    .modify((q) => {
      if (options.state === 'failed') q.where('o.status', 'failed');
      if (options.state === 'retrying') q.whereNot('o.status', 'failed');
    })
    .leftJoin('tickets as t', 't.id', 'o.ticket_id')
    .orderBy([{ column: 'o.created_at', order: 'desc' }, { column: 'o.id', order: 'desc' }])
    .offset((options.page - 1) * options.pageSize)
    .limit(options.pageSize + 1)
    .select('o.*', 't.number as ticket_number');
  const items: UndeliveredRow[] = [];
  for (const r of rows.slice(0, options.pageSize)) items.push(await viewOf(db, r));
  return { items, page: options.page, pageSize: options.pageSize, hasMore: rows.length > options.pageSize };
}

/** Puts a failed reminder back in the queue (the same row: nothing already sent goes again); audited. */
export async function retryDelivery(db: Knex, actor: Actor, id: string): Promise<UndeliveredRow> {
  const retried = await db.transaction(async (trx) => {
    const row = await trx('notification_outbox').where({ id, city_id: actor.cityId }).forUpdate().first('id', 'status', 'channel', 'rule', 'attempts', 'last_error');
    if (!row) throw notFoundZh('没有这条提醒发送记录');
    if (row.status !== 'failed') {
      throw conflict('NOT_FAILED', row.status === 'delivered' ? '这条提醒已发送成功，无需重发' : '这条提醒正在等待自动重试，无需手动重发');
    }
    await trx('notification_outbox').where({ id }).update({ status: 'pending', next_attempt_at: trx.fn.now(), lease_until: null });
    await recordEvent(trx, {
      cityId: actor.cityId,
      actor: auditActorOf(actor),
      action: 'notification.retried',
      subjectType: 'notification',
      subjectId: id,
      details: { channel: row.channel, rule: row.rule, attempts: row.attempts, lastError: row.last_error },
    });
    return trx('notification_outbox as o').leftJoin('tickets as t', 't.id', 'o.ticket_id').where('o.id', id).first('o.*', 't.number as ticket_number');
  });
  return viewOf(db, retried);
}
