// The delivery channels of the outbox, behind one port: the portal's notification centre (rows of
// `notifications`, one per person) and SMS through a gateway (sms-gateway.ts) to a unit's contact person.
// A channel says whether delivering one row twice reaches the person once (`idempotent`): the dispatcher
// re-delivers a row whose delivery may have happened (a crash between sending and marking) only then.
import type { Knex } from 'knex';
import type { RecipientTarget, Recipients } from './outbox';
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

/** The units a recipient's `unit` names, from the unit the event concerns: null means anywhere in the city. */
async function unitsOf(db: Knex, cityId: string, unitId: string | null, unit: RecipientTarget['unit']): Promise<string[] | null> {
  if (unit === 'city') return null;
  if (!unitId) return [];
  if (unit === 'event') return [unitId];
  const above: Array<{ id: string }> = (
    await db.raw(
      `with recursive up(id, parent_id, depth) as (
         select id, parent_id, 0 from units where id = ? and city_id = ?
         union all
         select u.id, u.parent_id, up.depth + 1 from units u join up on u.id = up.parent_id where u.city_id = ? and up.depth < 20
       )
       select id from up where depth > 0 order by depth`,
      [unitId, cityId, cityId],
    )
  ).rows;
  return unit === 'parent' ? above.slice(0, 1).map((u) => u.id) : above.map((u) => u.id);
}

/** People of the city holding one of `roles`, in these units (null: anywhere). */
async function withRoles(db: Knex, cityId: string, roles: readonly string[], units: string[] | null): Promise<string[]> {
  if (roles.length === 0 || (units !== null && units.length === 0)) return [];
  return db('users as u')
    .join('user_roles as r', 'r.user_id', 'u.id')
    .where('u.city_id', cityId)
    .whereIn('r.role', [...roles])
    .modify((q) => {
      if (units !== null) q.whereIn('u.unit_id', units);
    })
    .distinct('u.id')
    .pluck('u.id');
}

/** One recipient of the pack resolved to people (core words only: who, and in which unit). */
async function peopleOf(db: Knex, cityId: string, who: Extract<Recipients, { kind: 'pack' }>, target: RecipientTarget): Promise<string[]> {
  const units = await unitsOf(db, cityId, who.unitId, target.unit);
  if (target.people === 'candidates') return withRoles(db, cityId, who.candidateRoles, who.unitId === null ? null : units);
  if (target.people === 'roles') return withRoles(db, cityId, target.roles ?? [], units);
  if (target.people === 'holder') {
    if (!who.taskId) return [];
    const task = await db('tasks').where({ id: who.taskId, city_id: cityId }).whereIn('status', ['claimed', 'completed']).first('assignee_id');
    return task?.assignee_id ? [task.assignee_id] : [];
  }
  if (units === null) return [];
  return db('units').where('city_id', cityId).whereIn('id', units).whereNotNull('contact_user_id').pluck('contact_user_id');
}

/** The people of the city a row is for, each once, in the order the rule names them. */
export async function recipientUsers(db: Knex, row: Pick<OutboxRow, 'cityId' | 'recipients'>): Promise<string[]> {
  const who = row.recipients;
  if (who.kind === 'unitContact') return peopleOf(db, row.cityId, { kind: 'pack', to: [], unitId: who.unitId, taskId: null, candidateRoles: [] }, { key: 'unitContact', people: 'contact', unit: 'event' });
  if (who.kind === 'candidates') return peopleOf(db, row.cityId, { kind: 'pack', to: [], unitId: who.unitId, taskId: null, candidateRoles: who.roles }, { key: 'candidates', people: 'candidates', unit: 'event' });
  const found: string[] = [];
  for (const target of who.to) found.push(...(await peopleOf(db, row.cityId, who, target)));
  return [...new Set(found)];
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
 * SMS to the row's recipients (the pack's: a unit's contact person, its leader, the leader above …): their
 * mobile numbers are read here, at delivery, and never written to the outbox. Each person's message has
 * its own Idempotency-Key (the row's id and the person's), and a person who has it is noted in the row
 * (`sent_to`) at once: a retry after a partial failure, or after staff re-queued the row, sends only to
 * the others.
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
    const users = await recipientUsers(this.db, row);
    const phones: Array<{ id: string; phone: string }> =
      users.length === 0 ? [] : await this.db('users').whereIn('id', users).whereNotNull('phone').select('id', 'phone');
    if (phones.length === 0) return { ok: false, retry: false, error: '没有可接收短信的人员（未指定联系人、相应人员或其手机号），短信未发送' };
    const state = await this.db('notification_outbox').where({ id: row.id }).first('sent_to');
    const sent = new Set<string>((state?.sent_to as string[] | undefined) ?? []);
    const receipts: string[] = [];
    for (const person of phones.sort((a, b) => users.indexOf(a.id) - users.indexOf(b.id))) {
      if (sent.has(person.id)) continue;
      try {
        const result = await this.gateway.send({ to: person.phone, text: row.body, idempotencyKey: `${row.id}:${person.id}` });
        receipts.push(result.messageId);
      } catch (error) {
        if (error instanceof SmsGatewayError) return { ok: false, retry: error.retry, error: error.message };
        return { ok: false, retry: true, error: error instanceof Error ? error.message : String(error) };
      }
      await this.db('notification_outbox')
        .where({ id: row.id })
        .update({ sent_to: this.db.raw("sent_to || jsonb_build_array(?::text)", [person.id]) });
    }
    return { ok: true, receipt: receipts.join(',') };
  }
}
