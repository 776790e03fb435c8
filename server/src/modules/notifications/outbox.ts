// The notification outbox (提醒): rows written in the transaction of the event that causes them, so a
// task that becomes visible, a warning 预警 recorded or a supervision order issued is never without its
// reminder, and a reminder never exists for an event that rolled back. Which events notify whom over
// which channels, and with what words, is the pack's (`notifications` of the ticket's rule version);
// nothing here names a task kind, a warning or a city. One row per event, rule and channel (a unique
// key): an event replayed (a re-delivered job, a repeated announcement) writes nothing twice.
// The dispatcher (dispatcher.ts) delivers the rows later, outside the transaction.
import type { Knex } from 'knex';
import {
  type CityPack,
  type NotificationEvent,
  type NotificationRecipientDefinition,
  type NotificationRule,
  type RecipientPeople,
  type RecipientUnit,
  type RuleVersion,
  notificationRecipientsOf,
  recipientKeys,
  rolesOf,
} from '@hotline/rules';
import { currentTicketRuleVersion } from '../tasks/task-actions';
import type { PackCatalog } from '../workflow/pack-catalog';

/** One recipient of a rule as the pack declares it (city.json `notificationRecipients`, or a core one). */
export interface RecipientTarget {
  key: string;
  people: RecipientPeople;
  roles?: string[];
  unit: RecipientUnit;
}

/**
 * Who a row is for, resolved to people when it is delivered (people change units; the row does not):
 * the rule's recipients with what the event knew — the unit it concerns, the task and the task's roles.
 * `candidates` and `unitContact` are rows written before recipients were the pack's.
 */
export type Recipients =
  | { kind: 'pack'; to: RecipientTarget[]; unitId: string | null; taskId: string | null; candidateRoles: string[] }
  | { kind: 'candidates'; roles: string[]; unitId: string | null }
  | { kind: 'unitContact'; unitId: string | null };

/** What the templates may say (NOTIFICATION_PLACEHOLDERS of the pack schema). */
export interface TemplateValues {
  ticket: string;
  task?: string | null;
  unit?: string | null;
  /** An instant in the city's offset (ISO-8601): written as 12月8日 17:30. */
  due?: string | null;
  label?: string | null;
}

interface EventBase {
  /** Unique per event: `task:<id>`, `warned:<ticket event key>`, `supervisionOrder:<id>`. */
  key: string;
  cityId: string;
  ticketId: string;
  packVersionId: number;
  /** The ticket's rule version (its id), as the ticket's other steps resolve it (ticketRuleVersion, the workers' ruleVersionOf). */
  ruleVersion: { id: string };
}

export type NotifiableEvent =
  | (EventBase & { on: 'taskAssigned'; task: { id: string; name: string; form: string | null; candidateGroups: string[]; unitId: string | null }; values: TemplateValues })
  | (EventBase & { on: 'warned'; warning: string; values: TemplateValues })
  | (EventBase & { on: 'supervised'; trigger: string; values: TemplateValues })
  | (EventBase & { on: OrderEvent; unitId: string; roles?: string[]; taskId?: string | null; values: TemplateValues });

/** A 督办单 reaching its unit, or escalated to the unit's leader: the roles given or the unit's. */
type OrderEvent = 'supervisionOrderIssued' | 'supervisionOrderEscalated';
type OrderNotifiable = Extract<NotifiableEvent, { on: OrderEvent }>;
const isOrderEvent = (event: NotifiableEvent): event is OrderNotifiable => event.on === 'supervisionOrderIssued' || event.on === 'supervisionOrderEscalated';

/** `2026-12-08T17:30:00+08:00` → `12月8日 17:30`; a period ending at midnight → `12月10日 24:00`, as the timeline says it. */
export function localDueText(instant: string | null | undefined): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(instant ?? '');
  if (!m) return '';
  const midnight = m[2] === '00' && m[3] === '00';
  const day = midnight ? new Date(Date.parse(`${m[1]}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10) : m[1]!;
  return `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日 ${midnight ? '24:00' : `${m[2]}:${m[3]}`}`;
}

/** Fills `{ticket}`, `{task}`, `{unit}`, `{due}`, `{label}`; the pack schema allows no others. */
export function fillTemplate(template: string, values: TemplateValues): string {
  const text: Record<string, string> = {
    ticket: values.ticket,
    task: values.task ?? '',
    unit: values.unit ?? '',
    due: localDueText(values.due),
    label: values.label ?? '',
  };
  return template.replace(/\{([a-z]+)\}/g, (whole, name: string) => text[name] ?? whole);
}

/** The rules of a version that this event meets. */
export function matchingRules(version: RuleVersion, event: { on: NotificationEvent; form?: string | null; warning?: string; trigger?: string }): NotificationRule[] {
  const picks = (list: string[] | undefined, value: string | null | undefined) => list === undefined || (value !== undefined && value !== null && list.includes(value));
  return (version.notifications ?? []).filter((rule) => rule.on === event.on && picks(rule.forms, event.form) && picks(rule.warnings, event.warning) && picks(rule.triggers, event.trigger));
}

/** A rule's recipients as the pack declares them (a key the pack lacks names nobody: validation refuses it). */
export function recipientTargets(declared: readonly NotificationRecipientDefinition[], rule: NotificationRule): RecipientTarget[] {
  return recipientKeys(rule).flatMap((key) => {
    const d = declared.find((r) => r.key === key);
    return d ? [{ key: d.key, people: d.people, ...(d.roles ? { roles: d.roles } : {}), unit: d.unit }] : [];
  });
}

/**
 * Writes the event's outbox rows in `trx` (the event's own transaction). Returns how many rows are new.
 * `unitName` and the roles of an event without a task come from the pack and the database inside `trx`.
 */
export async function enqueueNotifications(trx: Knex.Transaction, catalog: PackCatalog, event: NotifiableEvent): Promise<number> {
  const entry = await catalog.entry(event.packVersionId);
  let version: RuleVersion;
  try {
    version = entry.rules.versionById(event.ruleVersion.id);
  } catch {
    return 0; // the version is not in the ticket's pack: it has no rules to notify by
  }
  const rules = matchingRules(version, {
    on: event.on,
    ...(event.on === 'taskAssigned' ? { form: event.task.form } : {}),
    ...(event.on === 'warned' ? { warning: event.warning } : {}),
    ...(event.on === 'supervised' ? { trigger: event.trigger } : {}),
  });
  if (rules.length === 0) return 0;

  const who = await recipientsOf(trx, entry.pack, event);
  const declared = notificationRecipientsOf(entry.pack.city);
  const unitId = who.unitId;
  const unitName = unitId ? ((await trx('units').where({ id: unitId }).first('name'))?.name ?? null) : null;
  const values: TemplateValues = { ...event.values, unit: event.values.unit ?? unitName, task: event.values.task ?? (event.on === 'taskAssigned' ? event.task.name : null) };
  const taskId = event.on === 'taskAssigned' ? event.task.id : isOrderEvent(event) ? (event.taskId ?? null) : who.taskId;
  const rows = rules.flatMap((rule) =>
    rule.channels.map((channel) => ({
      city_id: event.cityId,
      event_key: event.key,
      rule: rule.key,
      channel,
      recipients: JSON.stringify({ kind: 'pack', to: recipientTargets(declared, rule), unitId, taskId, candidateRoles: who.roles } satisfies Recipients),
      ticket_id: event.ticketId,
      task_id: taskId,
      title: fillTemplate(rule.title, values),
      body: fillTemplate(rule.message, values),
    })),
  );
  const inserted = await trx('notification_outbox').insert(rows).onConflict(['event_key', 'rule', 'channel']).ignore().returning('id');
  return inserted.length;
}

/**
 * The people an event concerns: a task's own roles and unit; for a warning or a supervision entry, the
 * open tasks of the ticket (the step being watched) or else the ticket's unit and the pack's unit roles;
 * for a supervision order, its unit with the roles given or the pack's unit roles.
 */
async function recipientsOf(
  trx: Knex.Transaction,
  pack: CityPack,
  event: NotifiableEvent,
): Promise<{ roles: string[]; unitId: string | null; taskId: string | null }> {
  const unitRoles = () => rolesOf(pack.city).filter((r) => r.scope !== 'centre').map((r) => r.key);
  if (event.on === 'taskAssigned') return { roles: event.task.candidateGroups, unitId: event.task.unitId, taskId: event.task.id };
  if (isOrderEvent(event)) return { roles: event.roles ?? unitRoles(), unitId: event.unitId, taskId: event.taskId ?? null };
  const open = await trx('tasks').where({ ticket_id: event.ticketId }).whereIn('status', ['open', 'claimed']).orderBy('created_at', 'desc').select('id', 'candidate_groups', 'unit_id');
  const ticket = await trx('tickets').where({ id: event.ticketId }).first('unit_id');
  const withUnit = open.find((t) => t.unit_id !== null) ?? open[0];
  if (withUnit) return { roles: withUnit.candidate_groups, unitId: withUnit.unit_id ?? ticket?.unit_id ?? null, taskId: withUnit.id };
  // no unit yet: the unit roles of nobody (not those of every unit in the city)
  return ticket?.unit_id ? { roles: unitRoles(), unitId: ticket.unit_id, taskId: null } : { roles: [], unitId: null, taskId: null };
}

/** A supervision order (督办单) as its issuer knows it. */
export interface IssuedSupervisionOrder {
  /** The order's id: one set of reminders per order (an escalation: the id and the escalation's count). */
  id: string;
  /** Which reminders: the order reaching the unit (default), or its escalation to the unit's leader. */
  on?: OrderEvent;
  cityId: string;
  ticketId: string;
  /** The unit that must answer it. */
  unitId: string;
  /** Its deadline (ISO-8601 in the city's offset), or null. */
  due: string | null;
  /** What it says in a few words (the trigger's label, or the order's subject) — the templates' `{label}`. */
  label: string;
  /** The task the unit answers it in, if it has one (the notification opens it). */
  taskId?: string | null;
  /** The roles of the unit told in the portal; absent: every unit role of the pack. */
  roles?: string[];
}

/**
 * Call in the transaction that issues a supervision order: writes the reminders the ticket's rule
 * version declares on `supervisionOrderIssued` (e.g. the unit's staff in the portal, its contact person
 * by SMS). Returns how many outbox rows are new (0 when the pack declares none; calling it again for
 * the same order writes nothing).
 */
export async function notifySupervisionOrderIssued(trx: Knex.Transaction, catalog: PackCatalog, order: IssuedSupervisionOrder): Promise<number> {
  const ticket = await trx('tickets').where({ id: order.ticketId, city_id: order.cityId }).first('number', 'pack_version_id', 'registered_at');
  if (!ticket) throw new Error(`supervision order ${order.id}: ticket ${order.ticketId} is not a ticket of ${order.cityId}`);
  const version = await currentTicketRuleVersion(trx, await catalog.entry(ticket.pack_version_id), { id: order.ticketId, registeredAt: new Date(ticket.registered_at) });
  if (!version) return 0;
  return enqueueNotifications(trx, catalog, {
    on: order.on ?? 'supervisionOrderIssued',
    key: order.on === 'supervisionOrderEscalated' ? `supervisionOrderEscalated:${order.id}` : `supervisionOrder:${order.id}`,
    cityId: order.cityId,
    ticketId: order.ticketId,
    packVersionId: ticket.pack_version_id,
    ruleVersion: { id: version.id },
    unitId: order.unitId,
    ...(order.roles ? { roles: order.roles } : {}),
    taskId: order.taskId ?? null,
    values: { ticket: ticket.number, due: order.due, label: order.label },
  });
}
