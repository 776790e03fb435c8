// 督办单 (supervision orders). A supervisor issues one from the board for a ticket that is with a unit:
// what the unit must answer (the required response), the supervisor's opinion, and the deadline —
// the pack's `policies.supervisionOrder.responsePeriod` from now (engine time), or one the supervisor
// sets. The order's flow is the city's process (ticket.bpmn: the `supervisionOrder` message, the unit's
// answer, the centre's review that closes, escalates or re-issues it); this module stores the order,
// publishes the message, and follows the steps the process writes to the ticket's timeline.
import type { Knex } from 'knex';
import { addPeriod, formatInstant, parseInstant } from '@hotline/rules';
import type { Actor } from '../auth/actor';
import { conflict, refusedAtField, unavailable } from '../../http/errors';
import { findVisibleTicket } from '../tickets/tickets.service';
import { currentTicketRuleVersion } from '../tasks/task-actions';
import { notifySupervisionOrderIssued } from '../notifications';
import type { PackCatalog } from '../workflow/pack-catalog';
import type { Workflow } from '../workflow/workflow';

/** The message the city processes catch (a non-interrupting boundary event around the unit's steps). */
export const SUPERVISION_ORDER_MESSAGE = 'supervisionOrder';

export type OrderStatus = 'issued' | 'answered' | 'escalated' | 'reissued' | 'closed';
/** Waiting for the unit's answer: overdue once its deadline has passed. */
export const AWAITING_UNIT: readonly OrderStatus[] = ['issued', 'escalated', 'reissued'];

export interface OrderRow {
  id: string;
  city_id: string;
  ticket_id: string;
  unit_id: string | null;
  status: OrderStatus;
  required_response: string;
  opinion: string;
  due_at: Date;
  due_source: string;
  issued_by: string;
  issued_at: Date;
  answered_at: Date | null;
  response: string | null;
  escalations: number;
  reissues: number;
  closed_at: Date | null;
}

export interface IssueInput {
  ticket: string;
  requiredResponse: string;
  opinion: string;
  /** ISO-8601 with offset; absent: the pack's response period from now. */
  dueAt?: string | undefined;
}

const TEXT = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Issues a 督办单 for a ticket the supervisor sees; refused in Chinese when the ticket cannot take one. */
export async function issueOrder(db: Knex, catalog: PackCatalog, workflow: Workflow | null, actor: Actor, input: IssueInput): Promise<OrderRow> {
  const ticket = await findVisibleTicket(db, actor, input.ticket);
  if (!workflow) throw unavailable('NO_ENGINE', '流程引擎未启用，不能下达督办单');
  if (ticket.status !== 'open') throw conflict('TICKET_NOT_OPEN', `工单 ${ticket.number} 已办结，不能下达督办单`);
  if (!ticket.unitId) throw conflict('NO_UNIT', `工单 ${ticket.number} 尚未派至承办单位，不能下达督办单`);
  const withUnit = await db('tasks').where({ ticket_id: ticket.id }).whereIn('status', ['open', 'claimed']).whereNotNull('unit_id').first('id');
  if (!withUnit) throw conflict('NOT_WITH_UNIT', `工单 ${ticket.number} 当前不在承办单位的签收、办理或重办环节，不能下达督办单`);

  const entry = await catalog.entry(ticket.packVersionId);
  const version = (await currentTicketRuleVersion(db, entry, ticket)) ?? entry.rules.versionOfTicket(ticket.registeredAt.getTime());
  const policy = version.policies.supervisionOrder;
  if (!policy) throw conflict('NO_ORDER_POLICY', `本市城市包（规则版本 ${version.id}）未规定督办单（policies.supervisionOrder），不能下达督办单`);
  const nowMs = await workflow.engine.clock.now();
  const { dueMs, source } = dueOf(input.dueAt, nowMs, () => {
    const period = policy.responsePeriod;
    return addPeriod(nowMs, period, {
      calendar: entry.rules.calendar,
      offsetMinutes: entry.rules.offsetMinutes,
      mode: period.mode ?? version.workingDayMode,
      officeHours: version.officeHours.periods,
      anchor: 'instant',
    }).dueMs;
  }, policy.source);
  const due = formatInstant(dueMs, entry.rules.offsetMinutes);

  const order = await db.transaction(async (trx) => {
    let row: OrderRow;
    try {
      [row] = await trx('supervision_orders')
        .insert({
          city_id: actor.cityId,
          ticket_id: ticket.id,
          unit_id: ticket.unitId,
          required_response: input.requiredResponse,
          opinion: input.opinion,
          due_at: due,
          due_source: source,
          issued_by: actor.userId,
          issued_at: new Date(nowMs),
          updated_at: new Date(nowMs),
        })
        .returning('*');
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw conflict('ORDER_OPEN', `工单 ${ticket.number} 已有未办结的督办单，请先审核办结或重新督办`);
      throw error;
    }
    // the unit is told in the same transaction: a reminder exists exactly when the order does
    await notifySupervisionOrderIssued(trx, catalog, {
      id: row!.id,
      cityId: row!.city_id,
      ticketId: ticket.id,
      unitId: ticket.unitId!,
      due,
      label: input.requiredResponse.length > 30 ? `${input.requiredResponse.slice(0, 30)}…` : input.requiredResponse,
    });
    return row!;
  });
  try {
    // Buffered until its deadline: a unit between two of its steps (a return under review) still gets it.
    await workflow.engine.publishMessage(
      SUPERVISION_ORDER_MESSAGE,
      ticket.id,
      { supervisionOrderId: order.id, supervisionOrderDue: due, supervisionOrderRequired: input.requiredResponse, supervisionOrderOpinion: input.opinion },
      { messageId: `supervisionOrder:${order.id}`, timeToLiveMs: Math.max(dueMs - nowMs, 3_600_000) },
    );
  } catch (error) {
    // the order was never issued: neither it nor its reminders not yet sent remain
    await db.transaction(async (trx) => {
      await trx('notification_outbox').where({ event_key: `supervisionOrder:${order.id}`, status: 'pending' }).delete();
      await trx('supervision_orders').where({ id: order.id }).delete();
    });
    throw unavailable('ENGINE_UNAVAILABLE', `督办单未能送达流程引擎，未下达：${error instanceof Error ? error.message : String(error)}`);
  }
  return order;
}

function dueOf(dueAt: string | undefined, nowMs: number, byPack: () => number, packSource: string): { dueMs: number; source: string } {
  if (dueAt === undefined) return { dueMs: byPack(), source: packSource };
  const parsed = parseInstant(dueAt);
  if (!parsed.ok) throw refusedAtField('BAD_DUE', 'dueAt', '反馈期限格式不正确，应为带时区的时间（如 2026-12-10T17:30:00+08:00）');
  if (parsed.ms <= nowMs) throw refusedAtField('DUE_PASSED', 'dueAt', '反馈期限必须晚于当前时间');
  return { dueMs: parsed.ms, source: '督办人指定' };
}

/**
 * How each step the process writes to the timeline moves the order (the `event` headers of the city
 * processes' supervision-order stamps: the platform's words, as `closed` or `dispatched` are).
 */
const STEPS: Record<string, (data: Record<string, unknown>, at: string) => Record<string, unknown>> = {
  supervisionOrderIssued: () => ({}),
  supervisionOrderAnswered: (data, at) => ({ status: 'answered', answered_at: at, response: TEXT(data.supervisionResponse) }),
  supervisionOrderEscalated: (data) => ({ status: 'escalated', escalations: 'inc', ...dueFrom(data) }),
  supervisionOrderReissued: (data) => ({ status: 'reissued', reissues: 'inc', ...dueFrom(data) }),
  supervisionOrderClosed: (_data, at) => ({ status: 'closed', closed_at: at }),
};

function dueFrom(data: Record<string, unknown>): Record<string, unknown> {
  const due = TEXT(data.supervisionOrderDue);
  return due !== null && parseInstant(due).ok ? { due_at: due } : {};
}

/** A ticket event of an order's step (written in the sink's transaction): the order row follows it. */
export async function followOrderStep(trx: Knex.Transaction, kind: string, data: Record<string, unknown>, at: string): Promise<void> {
  const id = TEXT(data.supervisionOrderId);
  const step = STEPS[kind];
  if (id === null || !step || !/^[0-9a-f-]{36}$/i.test(id)) return;
  const patch = step(data, at);
  const update: Record<string, unknown> = { updated_at: at };
  for (const [column, value] of Object.entries(patch)) update[column] = value === 'inc' ? trx.raw('?? + 1', [column]) : value;
  await trx('supervision_orders').where({ id }).update(update);
}

export interface OrderListItem extends OrderRow {
  overdue: boolean;
  unit_code: string | null;
  unit_name: string | null;
  issued_by_name: string | null;
}

export type OrderState = 'open' | 'overdue' | 'all';

/** The city's orders, newest first; `open`: not closed, `overdue`: waiting for the unit past its deadline. */
export async function listOrders(db: Knex, workflow: Workflow | null, cityId: string, state: OrderState, page: number, pageSize: number): Promise<{ items: OrderListItem[]; total: number }> {
  const now = new Date(workflow ? await workflow.engine.clock.now() : Date.now());
  const base = db('supervision_orders as o')
    .where('o.city_id', cityId)
    .modify((q) => {
      if (state === 'open') q.whereNot('o.status', 'closed');
      if (state === 'overdue') q.whereIn('o.status', AWAITING_UNIT).where('o.due_at', '<', now);
    });
  const [rows, counted] = await Promise.all([
    base
      .clone()
      .leftJoin('units as u', 'u.id', 'o.unit_id')
      .leftJoin('users as p', 'p.id', 'o.issued_by')
      .orderBy([{ column: 'o.issued_at', order: 'desc' }, { column: 'o.id' }])
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .select<Array<OrderRow & { unit_code: string | null; unit_name: string | null; issued_by_name: string | null }>>('o.*', 'u.code as unit_code', 'u.name as unit_name', 'p.display_name as issued_by_name'),
    base.clone().count({ n: '*' }).first(),
  ]);
  const items = rows.map((r) => ({ ...r, overdue: AWAITING_UNIT.includes(r.status) && r.due_at.getTime() < now.getTime() }));
  return { items, total: Number(counted?.n ?? 0) };
}

export interface BulletinEntry {
  unit: { code: string; name: string };
  /** Orders issued in the period. */
  orders: number;
  /** Orders of the period the unit had not answered by their deadline (answered late, or still waiting past it). */
  overdueOrders: number;
  /** Tickets of the unit recorded overdue (the deadline watch) in the period. */
  overdueTickets: number;
  /** Tickets that got `repeatedFrom` orders or more in the period. */
  repeatedTickets: number;
  tickets: string[];
}

/**
 * The 通报 list (Tianjin 2015 §24: units that still do not act after supervision are named): for a
 * period of local days, the units with overdue orders, overdue tickets or repeatedly supervised tickets.
 */
export async function bulletin(
  db: Knex,
  catalog: PackCatalog,
  workflow: Workflow | null,
  cityId: string,
  fromMs: number,
  toMs: number,
): Promise<{ repeatedFrom: number; source: string; items: BulletinEntry[] }> {
  const packVersion = await db('pack_versions').where({ city_id: cityId, status: 'published' }).orderBy('number', 'desc').first('id');
  const entry = packVersion ? await catalog.entry(packVersion.id) : null;
  let policy: { repeatedFrom: number; source: string } | undefined;
  try {
    policy = entry?.rules.versionAt(Math.min(toMs - 1, Date.now())).policies.supervisionOrder;
  } catch {
    policy = undefined; // no rule version covers the period's end
  }
  const repeatedFrom = policy?.repeatedFrom ?? 2;
  const now = new Date(workflow ? await workflow.engine.clock.now() : Date.now());
  const from = new Date(fromMs);
  const to = new Date(toMs);
  const rows: Array<{ unit_id: string; code: string; name: string; orders: string; overdue_orders: string; overdue_tickets: string; repeated_tickets: string; tickets: string[] }> = (
    await db.raw(
      `with orders as (
         select o.unit_id, o.ticket_id,
                -- waiting for the unit past the deadline, or answered after it
                (o.status in ('issued', 'escalated', 'reissued') and o.due_at < ?) or (o.status in ('answered', 'closed') and o.answered_at > o.due_at) as late
         from supervision_orders o where o.city_id = ? and o.issued_at >= ? and o.issued_at < ? and o.unit_id is not null),
       per_ticket as (select unit_id, ticket_id, count(*) as n, bool_or(late) as late from orders group by unit_id, ticket_id),
       overdue as (
         select distinct t.unit_id, s.ticket_id from supervisions s join tickets t on t.id = s.ticket_id
         where s.city_id = ? and s.trigger = 'overdue' and s.at >= ? and s.at < ? and t.unit_id is not null),
       listed as (
         select unit_id, ticket_id from per_ticket where late or n >= ?
         union select unit_id, ticket_id from overdue)
       select u.id as unit_id, u.code, u.name,
              coalesce((select sum(n) from per_ticket p where p.unit_id = u.id), 0) as orders,
              (select count(*) from orders o where o.unit_id = u.id and o.late) as overdue_orders,
              (select count(*) from overdue d where d.unit_id = u.id) as overdue_tickets,
              (select count(*) from per_ticket p where p.unit_id = u.id and p.n >= ?) as repeated_tickets,
              array(select t.number from listed l join tickets t on t.id = l.ticket_id where l.unit_id = u.id order by t.number) as tickets
       from units u where u.id in (select unit_id from listed)
       order by overdue_orders desc, repeated_tickets desc, overdue_tickets desc, u.code`,
      [now, cityId, from, to, cityId, from, to, repeatedFrom, repeatedFrom],
    )
  ).rows;
  return {
    repeatedFrom,
    source: policy?.source ?? '',
    items: rows.map((r) => ({
      unit: { code: r.code, name: r.name },
      orders: Number(r.orders),
      overdueOrders: Number(r.overdue_orders),
      overdueTickets: Number(r.overdue_tickets),
      repeatedTickets: Number(r.repeated_tickets),
      tickets: r.tickets,
    })),
  };
}
