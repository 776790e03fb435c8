// The delivery channels of the outbox, behind one port: the portal's notification centre (rows of
// `notifications`, one per person) and SMS through a gateway (sms-gateway.ts) to a unit's contact person.
// A channel says whether delivering one row twice reaches the person once (`idempotent`): the dispatcher
// re-delivers a row whose delivery may have happened (a crash between sending and marking) only then.
import type { Knex } from 'knex';
import type { Recipients } from './outbox';
import { type SmsGateway, SmsGatewayError } from './sms-gateway';

export interface OutboxRow {
  id: string;
  cityId: string;
  channel: string;
  recipients: Recipients;
  ticketId: string | null;
  taskId: string | null;
  title: string;
  body: string;
  attempts: number;
}

export type Delivery = { ok: true; receipt?: string } | { ok: false; retry: boolean; error: string };

export interface NotificationChannel {
  /** The pack's channel key (`portal`, `sms`). */
  readonly key: string;
  readonly idempotent: boolean;
  deliver(row: OutboxRow): Promise<Delivery>;
}

/** The people of the city a row is for: the candidates' roles in the unit (anywhere for a centre step), or the unit's contact person. */
export async function recipientUsers(db: Knex, row: OutboxRow): Promise<string[]> {
  const who = row.recipients;
  if (who.kind === 'unitContact') {
    if (!who.unitId) return [];
    const unit = await db('units').where({ id: who.unitId, city_id: row.cityId }).first('contact_user_id');
    return unit?.contact_user_id ? [unit.contact_user_id] : [];
  }
  if (who.roles.length === 0) return [];
  return db('users as u')
    .join('user_roles as r', 'r.user_id', 'u.id')
    .where('u.city_id', row.cityId)
    .whereIn('r.role', who.roles)
    .modify((q) => {
      if (who.unitId) q.where('u.unit_id', who.unitId);
    })
    .distinct('u.id')
    .pluck('u.id');
}

/** The in-portal notification centre: one row per person; a repeated delivery inserts nothing twice. */
export class PortalChannel implements NotificationChannel {
  readonly key = 'portal';
  readonly idempotent = true;
  constructor(private readonly db: Knex) {}

  async deliver(row: OutboxRow): Promise<Delivery> {
    const users = await recipientUsers(this.db, row);
    if (users.length === 0) return { ok: false, retry: false, error: '没有可接收提醒的人员（该单位无相应角色的工作人员或未指定联系人）' };
    const ticket = row.ticketId ? await this.db('tickets').where({ id: row.ticketId }).first('number') : undefined;
    await this.db('notifications')
      .insert(users.map((userId) => ({ city_id: row.cityId, user_id: userId, outbox_id: row.id, title: row.title, body: row.body, ticket_number: ticket?.number ?? null, task_id: row.taskId })))
      .onConflict(['outbox_id', 'user_id'])
      .ignore();
    return { ok: true, receipt: `${users.length}` };
  }
}

/**
 * SMS to the unit's contact person (联系人) — for any recipients, SMS goes to the one person the unit
 * named for it: their mobile number is read here, at delivery, and never written to the outbox.
 */
export class SmsChannel implements NotificationChannel {
  readonly key = 'sms';
  constructor(
    private readonly db: Knex,
    private readonly gateway: SmsGateway,
  ) {}

  get idempotent(): boolean {
    return this.gateway.idempotent;
  }

  async deliver(row: OutboxRow): Promise<Delivery> {
    const unitId = row.recipients.unitId;
    const contact = unitId
      ? await this.db('units as n').join('users as u', 'u.id', 'n.contact_user_id').where({ 'n.id': unitId, 'n.city_id': row.cityId }).first('u.phone')
      : undefined;
    if (!contact?.phone) return { ok: false, retry: false, error: '该单位未指定联系人或联系人没有手机号，短信未发送' };
    try {
      const sent = await this.gateway.send({ to: contact.phone, text: row.body, idempotencyKey: row.id });
      return { ok: true, receipt: sent.messageId };
    } catch (error) {
      if (error instanceof SmsGatewayError) return { ok: false, retry: error.retry, error: error.message };
      return { ok: false, retry: true, error: error instanceof Error ? error.message : String(error) };
    }
  }
}
