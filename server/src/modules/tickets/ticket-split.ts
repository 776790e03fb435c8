// Split dispatch (分别派单, Tianjin 2024 §15; Turpan 2021 §12): a call with several demands for
// different units becomes one ticket per unit. The dispatched ticket keeps the first unit (its process
// goes on as a single-unit dispatch); for each other unit the dispatcher's completion registers a child
// ticket here, in the completion's transaction: the same content, type, urgency, channel and caller (the
// caller row copied), a link to its parent and a number derived from the parent's (`<parent>-2`). Its
// own process starts like a registration whose classification (dispatch) and dispatch (to that unit) are
// prefilled, so it goes straight to the unit's accept task with its own deadlines.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { recordEvent } from '../audit/audit.repository';
import { type Actor, auditActorOf } from '../auth/actor';
import { primaryCompletion } from '../tasks/task-actions';
import { lockNewTicket, type PrefilledCompletion } from '../workflow/engine-tickets.repository';
import type { Workflow } from '../workflow/workflow';
import { startableProcess } from './tickets.service';
import * as tickets from './tickets.repository';

export interface SplitRequest {
  parent: tickets.Ticket;
  /** All the units of the submission, in order: the first is the parent's. */
  units: string[];
  /** The dispatch form's data (mode split). */
  data: Record<string, unknown>;
  /** The parent's process variables at the dispatch task (registeredAt keeps the rule version). */
  variables: Record<string, unknown>;
  /** Instant of the completion (ISO, engine time). */
  at: string;
  requestId: string;
}

/** Registers a child ticket for each unit but the first and starts its process; returns their numbers. */
export async function registerSplitTickets(trx: Knex.Transaction, workflow: Workflow, actor: Actor, split: SplitRequest): Promise<string[]> {
  const { parent, units, data, at } = split;
  const row = await trx('tickets').where({ id: parent.id }).first('registered_by');
  const registrarId = row.registered_by as string;
  const caller = (await tickets.readCallers(trx, [parent.id])).get(parent.id);
  const entry = await workflow.catalog.entry(parent.packVersionId);
  const process = await startableProcess(workflow, entry, trx);
  const registeredAt = typeof split.variables.registeredAt === 'string' ? split.variables.registeredAt : at;
  const version = entry.rules.versionAt(registeredAt);
  const completion = (form: string, data: Record<string, unknown>) =>
    primaryCompletion(entry, { form, ticket: { type: parent.type, urgency: parent.urgency }, version, variables: {}, headers: {}, now: Date.parse(at) }, data);
  const children: string[] = [];
  for (const [index, unitCode] of units.entries()) {
    if (index === 0) continue;
    const unit = await trx('units').where({ city_id: actor.cityId, code: unitCode }).first('id');
    const ticketId = randomUUID();
    const number = `${parent.number}-${index + 1}`;
    const classify = { outcome: 'dispatch' };
    const dispatch: Record<string, unknown> = { mode: 'single', unit: unitCode };
    for (const key of ['designated', 'instructions']) if (data[key] !== undefined) dispatch[key] = data[key];
    const prefill: Record<string, PrefilledCompletion> = {
      register: {
        action: 'complete',
        data: { ticketType: parent.type, urgency: parent.urgency, ...(parent.channel ? { channel: parent.channel } : {}), summary: parent.summary, content: parent.content },
        variables: { type: parent.type, urgency: parent.urgency, channel: parent.channel },
        actorUserId: registrarId,
        requestId: `register:${ticketId}`,
        silent: true,
      },
      classify: { action: 'complete', data: classify, variables: completion('classify', classify), actorUserId: registrarId, requestId: `classify:${ticketId}`, silent: true },
      dispatch: { action: 'complete', data: dispatch, variables: completion('dispatch', dispatch), actorUserId: actor.userId, requestId: `dispatch:${ticketId}` },
    };
    await lockNewTicket(trx, ticketId);
    await tickets.insertTicket(trx, {
      id: ticketId,
      cityId: actor.cityId,
      number,
      type: parent.type,
      urgency: parent.urgency,
      channel: parent.channel,
      summary: parent.summary,
      content: parent.content,
      unitId: unit?.id ?? null,
      packVersionId: parent.packVersionId,
      registeredBy: registrarId,
      prefill,
      parentTicketId: parent.id,
      registeredAt: parent.registeredAt,
    });
    if (caller) await tickets.insertCaller(trx, ticketId, caller);
    await recordEvent(trx, {
      cityId: actor.cityId,
      actor: auditActorOf(actor),
      action: 'ticket.registered',
      subjectType: 'ticket',
      subjectId: number,
      details: { type: parent.type, urgency: parent.urgency, unit: unitCode, packVersion: entry.number, splitFrom: parent.number },
    });
    await trx('ticket_events').insert({
      key: `split:${ticketId}`,
      ticket_id: ticketId,
      city_id: actor.cityId,
      kind: 'splitFrom',
      at,
      actor_user_id: actor.userId,
      unit_id: unit?.id ?? null,
      summary: `由工单 ${parent.number} 拆分（分别派单）`,
      data: { parent: parent.number, unit: unitCode },
    });
    const started = await workflow.engine.createInstance(
      process.bpmnProcessId,
      {
        ticketId,
        ticketNumber: number,
        city: actor.cityId,
        packVersion: entry.number,
        type: parent.type,
        urgency: parent.urgency,
        channel: parent.channel,
        summary: parent.summary,
        registeredAt,
        unit: unitCode,
        parentTicketNumber: parent.number,
      },
      { version: process.version },
    );
    await tickets.setProcess(trx, ticketId, { engine: workflow.engine.kind, bpmnProcessId: process.bpmnProcessId, version: started.version, processInstanceKey: started.processInstanceKey });
    children.push(number);
  }
  await recordEvent(trx, {
    cityId: actor.cityId,
    actor: auditActorOf(actor),
    action: 'ticket.split',
    subjectType: 'ticket',
    subjectId: parent.number,
    details: { units, tickets: [parent.number, ...children] },
  });
  await trx('ticket_events').insert({
    key: `split:${parent.id}:${split.requestId}`,
    ticket_id: parent.id,
    city_id: actor.cityId,
    kind: 'split',
    at,
    actor_user_id: actor.userId,
    summary: `拆分为 ${units.length} 张工单（分别派单）：${[parent.number, ...children].join('、')}`,
    data: { units, tickets: [parent.number, ...children] },
  });
  return children;
}
