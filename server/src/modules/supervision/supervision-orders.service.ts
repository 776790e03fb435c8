// 督办单 (supervision orders). A supervisor issues one from the board for a ticket that is with a unit:
// what the unit must answer (the required response), the supervisor's opinion, and the deadline —
// the pack's `policies.supervisionOrder.responsePeriod` from now (engine time), or one the supervisor
// sets. The order's flow is the city's process (ticket.bpmn: the `supervisionOrder` message, the unit's
// answer, the centre's review that closes, escalates or re-issues it); this module stores the order,
// publishes the message, and follows the steps the process writes to the ticket's timeline.
//
// The message reaches the unit only at a step carrying its boundary event (order-steps.ts reads them
// from the process). An order issued while the ticket is elsewhere (an assisting unit's part, a return
// under review, an extension or completion review) waits, saying at which step, and is delivered when
// the task projection sees the ticket reach such a step; a ticket that ends first lapses it.
import type { Knex } from 'knex';
import type { Logger } from 'pino';

import type { WorkflowEngine } from '@hotline/engine-adapters';
import { type Period, type RuleVersion, addPeriod, citationText, formatInstant, parseInstant } from '@hotline/rules';
import type { Actor } from '../auth/actor';
import { conflict, refusedAtField, unavailable } from '../../http/errors';
import { findVisibleTicket } from '../tickets/tickets.service';
import { currentTicketRuleVersion } from '../tasks/task-actions';
import { notifySupervisionOrderIssued } from '../notifications';
import type { PackCatalog, PackEntry } from '../workflow/pack-catalog';
import type { Workflow } from '../workflow/workflow';
import { orderSteps } from './order-steps';

/** Enough of a logger to say that a delivery did not reach the engine. */
type Warner = Pick<Logger, 'warn'>;

/** The message the city processes catch (a non-interrupting boundary event around the unit's steps). */
export const SUPERVISION_ORDER_MESSAGE = 'supervisionOrder';

/** waiting: issued while the ticket was at a step without the message's boundary; lapsed: its ticket ended first. */
export type OrderStatus = 'waiting' | 'issued' | 'answered' | 'escalated' | 'reissued' | 'closed' | 'lapsed';
/** Waiting for the unit's answer: overdue once its deadline has passed. */
export const AWAITING_UNIT: readonly OrderStatus[] = ['issued', 'escalated', 'reissued'];
/** No longer open: the ticket may take another order. */
export const ENDED: readonly OrderStatus[] = ['closed', 'lapsed'];
/** The due source of a deadline the supervisor set (not the pack's period). */
const SET_BY_SUPERVISOR = '督办人指定';

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
  /** `waiting`: the steps the ticket was at when the order was issued (their names), or null between steps. */
  waiting_at: string | null;
  delivered_at: Date | null;
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
export async function issueOrder(db: Knex, catalog: PackCatalog, workflow: Workflow | null, actor: Actor, input: IssueInput, log?: Warner): Promise<OrderRow> {
  const ticket = await findVisibleTicket(db, actor, input.ticket);
  if (!workflow) throw unavailable('NO_ENGINE', '流程引擎未启用，不能下达督办单');
  if (ticket.status !== 'open') throw conflict('TICKET_NOT_OPEN', `工单 ${ticket.number} 已办结，不能下达督办单`);
  if (!ticket.unitId) throw conflict('NO_UNIT', `工单 ${ticket.number} 尚未派至承办单位，不能下达督办单`);

  const entry = await catalog.entry(ticket.packVersionId);
  const version = (await currentTicketRuleVersion(db, entry, ticket)) ?? entry.rules.versionOfTicket(ticket.registeredAt.getTime());
  const policy = version.policies.supervisionOrder;
  if (!policy) throw conflict('NO_ORDER_POLICY', `本市城市包（规则版本 ${version.id}）未规定督办单（policies.supervisionOrder），不能下达督办单`);
  const steps = orderSteps(entry, SUPERVISION_ORDER_MESSAGE);
  if (steps.carrying.size === 0) throw conflict('NO_ORDER_STEP', `本市工单流程没有接收督办单的环节（supervisionOrder 消息边界事件），不能下达督办单`);
  // the open tasks of the ticket: one carrying the boundary takes the order now, else it waits
  const open: Array<{ element_id: string; name: string }> = await db('tasks').where({ ticket_id: ticket.id }).whereIn('status', ['open', 'claimed']).orderBy('created_at').select('element_id', 'name');
  const deliverNow = open.some((t) => steps.carrying.has(t.element_id));
  const waitingAt = deliverNow ? null : [...new Set(open.map((t) => t.name))].join('、') || null;

  const nowMs = await workflow.engine.clock.now();
  const { dueMs, source } = dueOf(input.dueAt, nowMs, () => periodFrom(entry, version, policy.responsePeriod, nowMs), policy.source);
  const due = formatInstant(dueMs, entry.rules.offsetMinutes);

  const order = await db.transaction(async (trx) => {
    let row: OrderRow;
    try {
      [row] = await trx('supervision_orders')
        .insert({
          city_id: actor.cityId,
          ticket_id: ticket.id,
          unit_id: ticket.unitId,
          status: deliverNow ? 'issued' : 'waiting',
          waiting_at: waitingAt,
          delivered_at: deliverNow ? new Date(nowMs) : null,
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
    // the unit is told in the transaction that hands it the order: a reminder exists exactly when the order reaches it
    if (deliverNow) await notifyDelivered(trx, catalog, row!, ticket.unitId!, due);
    return row!;
  });
  if (!deliverNow) {
    // a step with the boundary may have opened while the order was written: deliver it now, then
    const reached: Array<{ element_id: string }> = await db('tasks').where({ ticket_id: ticket.id }).whereIn('status', ['open', 'claimed']).select('element_id');
    const carrying = reached.find((t) => steps.carrying.has(t.element_id));
    if (carrying && log) {
      await deliverWaitingOrder(db, catalog, workflow.engine, log, { ticketId: ticket.id, elementId: carrying.element_id, packVersionId: ticket.packVersionId });
      return (await db('supervision_orders').where({ id: order.id }).first()) as OrderRow;
    }
    return order;
  }
  try {
    await publishOrder(workflow.engine, order, due, dueMs - nowMs);
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

/** When a period of the pack ends, counted from an instant (engine time). */
function periodFrom(entry: PackEntry, version: RuleVersion, period: Period, fromMs: number): number {
  return addPeriod(fromMs, period, {
    calendar: entry.rules.calendar,
    offsetMinutes: entry.rules.offsetMinutes,
    mode: period.mode ?? version.workingDayMode,
    officeHours: version.officeHours.periods,
    anchor: 'instant',
  }).dueMs;
}

function notifyDelivered(trx: Knex.Transaction, catalog: PackCatalog, order: OrderRow, unitId: string, due: string): Promise<number> {
  const label = order.required_response.length > 30 ? `${order.required_response.slice(0, 30)}…` : order.required_response;
  return notifySupervisionOrderIssued(trx, catalog, { id: order.id, cityId: order.city_id, ticketId: order.ticket_id, unitId, due, label });
}

function publishOrder(engine: WorkflowEngine, order: OrderRow, due: string, untilDueMs: number): Promise<void> {
  // the ticket is at a step with the boundary: the message is correlated at once (buffered a while for a step just ending)
  return engine.publishMessage(
    SUPERVISION_ORDER_MESSAGE,
    order.ticket_id,
    { supervisionOrderId: order.id, supervisionOrderDue: due, supervisionOrderRequired: order.required_response, supervisionOrderOpinion: order.opinion },
    { messageId: `supervisionOrder:${order.id}`, timeToLiveMs: Math.max(untilDueMs, 3_600_000) },
  );
}

/**
 * The ticket reached a user task: when the task carries the order's boundary, its waiting order (if any)
 * is delivered — its deadline counted from now when the pack gave it, the unit told, the message
 * published. A delivery the engine did not take leaves the order waiting for the next step.
 */
export async function deliverWaitingOrder(db: Knex, catalog: PackCatalog, engine: WorkflowEngine, log: Warner, task: { ticketId: string; elementId: string; packVersionId: number }): Promise<void> {
  const entry = await catalog.entry(task.packVersionId);
  if (!orderSteps(entry, SUPERVISION_ORDER_MESSAGE).carrying.has(task.elementId)) return;
  const nowMs = await engine.clock.now();
  const delivered = await db.transaction(async (trx) => {
    const order: OrderRow | undefined = await trx('supervision_orders').where({ ticket_id: task.ticketId, status: 'waiting' }).forUpdate().skipLocked().first();
    if (!order) return null;
    const ticket = await trx('tickets').where({ id: task.ticketId }).first('unit_id', 'registered_at');
    // the version the ticket runs under now (a migration's override included), as when it was issued
    const registeredAt = new Date(ticket.registered_at);
    const version = (await currentTicketRuleVersion(trx, entry, { id: task.ticketId, registeredAt })) ?? entry.rules.versionOfTicket(registeredAt.getTime());
    const policy = version.policies.supervisionOrder;
    // the pack's period runs from the delivery; a deadline the supervisor set stays
    const dueMs = order.due_source === SET_BY_SUPERVISOR || !policy ? order.due_at.getTime() : periodFrom(entry, version, policy.responsePeriod, nowMs);
    const due = formatInstant(dueMs, entry.rules.offsetMinutes);
    const unitId: string = ticket.unit_id ?? order.unit_id;
    await trx('supervision_orders')
      .where({ id: order.id })
      .update({ status: 'issued', unit_id: unitId, due_at: due, delivered_at: new Date(nowMs), updated_at: new Date(nowMs) });
    await notifyDelivered(trx, catalog, order, unitId, due);
    return { order, due, untilDueMs: dueMs - nowMs };
  });
  if (!delivered) return;
  try {
    await publishOrder(engine, delivered.order, delivered.due, delivered.untilDueMs);
  } catch (error) {
    log.warn({ err: error, supervisionOrder: delivered.order.id }, 'supervision order not delivered to the engine; it waits for the next step');
    await db.transaction(async (trx) => {
      await trx('notification_outbox').where({ event_key: `supervisionOrder:${delivered.order.id}`, status: 'pending' }).delete();
      await trx('supervision_orders').where({ id: delivered.order.id, status: 'issued' }).update({ status: 'waiting', delivered_at: null });
    });
  }
}

function dueOf(dueAt: string | undefined, nowMs: number, byPack: () => number, packSource: string): { dueMs: number; source: string } {
  if (dueAt === undefined) return { dueMs: byPack(), source: packSource };
  const parsed = parseInstant(dueAt);
  if (!parsed.ok) throw refusedAtField('BAD_DUE', 'dueAt', '反馈期限格式不正确，应为带时区的时间（如 2026-12-10T17:30:00+08:00）');
  if (parsed.ms <= nowMs) throw refusedAtField('DUE_PASSED', 'dueAt', '反馈期限必须晚于当前时间');
  return { dueMs: parsed.ms, source: SET_BY_SUPERVISOR };
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

/**
 * A ticket event (written in the sink's transaction): the order row follows its steps; a ticket that
 * ends lapses an order still waiting for a step to reach; an escalation tells the people who answer it
 * (the candidate groups of the step the escalation leads to, in the process) by the pack's
 * `supervisionOrderEscalated` reminders, a re-issue the unit by its `supervisionOrderIssued` ones.
 */
export async function followOrderStep(
  trx: Knex.Transaction,
  catalog: PackCatalog,
  ticket: { id: string; cityId: string; packVersionId: number; closing: boolean },
  event: { kind: string; data: Record<string, unknown>; at: string; elementId: string | null },
): Promise<void> {
  if (ticket.closing) {
    await trx('supervision_orders').where({ ticket_id: ticket.id, status: 'waiting' }).update({ status: 'lapsed', closed_at: event.at, updated_at: event.at });
  }
  const id = TEXT(event.data.supervisionOrderId);
  const step = STEPS[event.kind];
  if (id === null || !step || !/^[0-9a-f-]{36}$/i.test(id)) return;
  const patch = step(event.data, event.at);
  const update: Record<string, unknown> = { updated_at: event.at };
  for (const [column, value] of Object.entries(patch)) update[column] = value === 'inc' ? trx.raw('?? + 1', [column]) : value;
  const [order] = await trx('supervision_orders').where({ id }).update(update).returning('*');
  if (!order || (patch.status !== 'escalated' && patch.status !== 'reissued') || !order.unit_id) return;
  const escalated = patch.status === 'escalated';
  const entry = await catalog.entry(ticket.packVersionId);
  const roles = event.elementId ? orderSteps(entry, SUPERVISION_ORDER_MESSAGE).rolesAfter(event.elementId) : [];
  const label = TEXT(event.data.supervisionOpinion) ?? (order as OrderRow).required_response;
  await notifySupervisionOrderIssued(trx, catalog, {
    // a re-issue reaches the unit as the order did (its own reminders, not the answer task's generic one)
    on: escalated ? 'supervisionOrderEscalated' : 'supervisionOrderIssued',
    id: escalated ? `${id}:${(order as OrderRow).escalations}` : `${id}:reissue:${(order as OrderRow).reissues}`,
    cityId: ticket.cityId,
    ticketId: ticket.id,
    unitId: order.unit_id,
    due: formatInstant(new Date(order.due_at).getTime(), entry.rules.offsetMinutes),
    label: label.length > 30 ? `${label.slice(0, 30)}…` : label,
    ...(roles.length > 0 ? { roles } : {}),
  });
}

export interface OrderListItem extends OrderRow {
  overdue: boolean;
  unit_code: string | null;
  unit_name: string | null;
  issued_by_name: string | null;
}

export type OrderState = 'open' | 'overdue' | 'all';

/** The city's orders, newest first; `open`: not closed nor lapsed, `overdue`: waiting for the unit past its deadline. */
export async function listOrders(db: Knex, workflow: Workflow | null, cityId: string, state: OrderState, page: number, pageSize: number): Promise<{ items: OrderListItem[]; total: number }> {
  const now = new Date(workflow ? await workflow.engine.clock.now() : Date.now());
  const base = db('supervision_orders as o')
    .where('o.city_id', cityId)
    .modify((q) => {
      if (state === 'open') q.whereNotIn('o.status', ENDED);
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
): Promise<{ repeatedFrom: number; source: string; sourceText: string; items: BulletinEntry[] }> {
  const packVersion = await db('pack_versions').where({ city_id: cityId, status: 'published' }).orderBy('number', 'desc').first('id');
  const entry = packVersion ? await catalog.entry(packVersion.id) : null;
  let version: RuleVersion | undefined;
  try {
    version = entry?.rules.versionAt(Math.min(toMs - 1, Date.now()));
  } catch {
    version = undefined; // no rule version covers the period's end
  }
  const policy = version?.policies.supervisionOrder;
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
         from supervision_orders o where o.city_id = ? and o.issued_at >= ? and o.issued_at < ? and o.unit_id is not null and o.status <> 'lapsed'),
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
    // as staff cite it: 《天津市…实施细则》第二十四条
    sourceText: policy && version ? citationText(policy.source, version.documents) : '',
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

/**
 * A task completion that changes an order's deadline (the process variable `supervisionOrderDue` the
 * message brought; the review form maps its new-deadline field onto it): `null` asks for the pack's
 * period from now — `policies.supervisionOrder.escalationPeriod`, else `responsePeriod` (an escalation
 * left without a deadline gets a new one, not the old, often past, one) —; an instant must be later than
 * now. Refused (nothing written) naming the form field that gave it. Returns the variables to complete with.
 */
export function settleOrderDue(
  entry: PackEntry,
  version: RuleVersion,
  completion: { variables: Record<string, unknown>; before: Record<string, unknown>; data: Record<string, unknown>; schema: Record<string, unknown>; nowMs: number },
): Record<string, unknown> {
  const { variables, before, data, schema, nowMs } = completion;
  if (!('supervisionOrderDue' in variables) || variables.supervisionOrderDue === before.supervisionOrderDue) return variables;
  const value = variables.supervisionOrderDue;
  if (value === null || value === undefined) {
    const policy = version.policies.supervisionOrder;
    if (!policy) throw conflict('NO_ORDER_POLICY', `本市城市包（规则版本 ${version.id}）未规定督办单（policies.supervisionOrder），无法计算新的反馈期限`);
    const dueMs = periodFrom(entry, version, policy.escalationPeriod ?? policy.responsePeriod, nowMs);
    return { ...variables, supervisionOrderDue: formatInstant(dueMs, entry.rules.offsetMinutes) };
  }
  const field = Object.keys(data).find((k) => data[k] === value);
  if (field === undefined) return variables; // carried over from the process, not a date given now
  const title = ((schema.properties as Record<string, { title?: string }> | undefined)?.[field]?.title ?? '反馈期限').trim();
  const parsed = typeof value === 'string' ? parseInstant(value) : { ok: false as const };
  if (!parsed.ok) throw refusedAtField('BAD_DUE', `/${field}`, `${title}格式不正确，应为带时区的时间（如 2026-12-10T17:30:00+08:00）`);
  if (parsed.ms <= nowMs) {
    throw refusedAtField('DUE_PASSED', `/${field}`, `${title}必须晚于当前时间（${formatInstant(nowMs, entry.rules.offsetMinutes).slice(0, 16).replace('T', ' ')}）`);
  }
  return variables;
}
