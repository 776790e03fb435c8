// User tasks the engine announces become rows of `tasks` (the inbox): who may act (the candidate
// groups: the pack's roles the task is offered to; for a unit role's task also the unit the ticket is
// dispatched to, from the process variables), when it is due (the variable its `due` header names),
// its form and its ticket. The insert is keyed on the task key: an announcement repeated (a lapsed
// lease, a restart) finds its row and changes nothing.
//
// The transaction that stores a task is the one that makes it visible: the pack's reminders of it
// (`notifications`, on `taskAssigned`) go into the outbox in it.
//
// A form the registrar already filled in with the registration (`tickets.prefill`, e.g. the classification,
// or the register form itself) completes the new task at once, in the transaction that stores it.
//
// On the embedded engine the listener runs inside the step that opens the task (`inStep`): the task is
// stored in the transaction that completed the one before it. What cannot be decided there (a ticket whose
// registration is not committed yet, an orphan instance to cancel, a prefilled completion, which is the
// engine's next step) throws, and the engine announces the task again after its commit.
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { stepTransaction, type UserTaskCreated, type WorkflowEngine } from '@hotline/engine-adapters';
import { decisionWords } from '@hotline/forms';
import { formatInstant, parseInstant, rolesOf } from '@hotline/rules';
import { enqueueNotifications } from '../notifications/outbox';
import { registrationInstant, ticketRuleVersion } from '../tasks/task-actions';
import { type EngineTicket, findEngineTicket, unitIdOf } from './engine-tickets.repository';
import type { PackCatalog, PackEntry } from './pack-catalog';
import { type RecordedCompletion, type TaskCompletions, lockTask, recordCompletion } from './task-completion';
import { deliverWaitingOrder } from '../supervision/supervision-orders.service';
import { findSubjectProcess } from '../subjects/subject-processes';
import { checkCitations, recordUses } from '../knowledge/knowledge.service';
import { isUuid } from '../../database/ids';

/** `hotline:accept` → `accept`. */
export function formOf(formKey: string | undefined): string | null {
  if (formKey === undefined) return null;
  return /^hotline:([A-Za-z][A-Za-z0-9]*)$/.exec(formKey)?.[1] ?? formKey;
}

/** How long a subject task may wait for its start's transaction before its instance counts as rolled back. */
const ORPHAN_AFTER_MS = 5 * 60_000;
/** How often, and how long apart, a subject task announced before its start committed is looked up again. */
const START_COMMIT_TRIES = 10;
const START_COMMIT_WAIT_MS = 200;

export class TaskProjection {
  /** Subject tasks announced before their start was committed (or whose start rolled back): first seen, epoch ms. */
  private readonly unknownSince = new Map<string, number>();

  constructor(
    private readonly db: Knex,
    private readonly engine: WorkflowEngine,
    private readonly catalog: PackCatalog,
    private readonly completions: TaskCompletions,
    private readonly log: Logger,
  ) {}

  readonly listener = async (task: UserTaskCreated): Promise<void> => {
    const inStep = stepTransaction();
    const db = inStep ?? this.db;
    if (task.variables.subjectProcessId !== undefined) return this.storeSubjectTask(task, db);
    // Told of a task again (every open task after a restart, a lapsed lease on Zeebe): its row answers in
    // one statement. A step only ever tells of the tasks it opened.
    if (!inStep) {
      const known = await db('tasks as t').join('tickets as k', 'k.id', 't.ticket_id').where({ 't.engine': this.engine.kind, 't.task_key': task.key }).first('t.status', 't.ticket_id', 'k.pack_version_id');
      if (known) return this.deliverIfOpen(db, task, known.status, { id: known.ticket_id, packVersionId: known.pack_version_id });
    }
    const ticket = await findEngineTicket(db, task.variables.ticketId);
    if (inStep && (!ticket || ticket.prefill[formOf(task.formKey) ?? ''])) throw new Error(`user task ${task.key}: announced after the step`);
    if (!ticket) {
      const about = { taskKey: task.key, processInstanceKey: task.processInstanceKey, ticketId: task.variables.ticketId };
      if (this.engine.kind === 'embedded') {
        // The engine's database is ours: an instance without a ticket is one whose registration rolled
        // back after the engine started it. Nothing will ever handle it.
        this.log.warn(about, 'user task of an instance without a ticket: the instance is cancelled');
        await this.engine.cancelInstance(task.processInstanceKey).catch(() => undefined);
        return;
      }
      // On a shared broker it may be another platform's task: hand it back (the adapter announces it
      // again later, possibly to its owner) rather than keep it leased.
      this.log.warn(about, 'user task of an unknown ticket handed back');
      throw new Error(`user task ${task.key}: ticket ${String(task.variables.ticketId)} is not registered here`);
    }
    const stored = await this.store(db, task, ticket);
    if (stored.completing) this.completions.later(stored.completing.id, stored.completing);
    const status = stored.inserted ? 'open' : (await db('tasks').where({ engine: this.engine.kind, task_key: task.key }).first('status'))?.status;
    await this.deliverIfOpen(db, task, status, ticket);
  };

  /**
   * A 督办单 waiting for the ticket to reach a step that takes one. An announcement repeated (a restart's,
   * read before someone completed the task) is no reason to deliver one: the ticket may have left the step.
   */
  private async deliverIfOpen(db: Knex, task: UserTaskCreated, status: string | undefined, ticket: { id: string; packVersionId: number }): Promise<void> {
    if (status !== 'open' && status !== 'claimed') return;
    await deliverWaitingOrder(db, this.catalog, this.engine, this.log, { ticketId: ticket.id, elementId: task.elementId, packVersionId: ticket.packVersionId });
  }

  /**
   * A task of a subject process (a knowledge entry's review, an assessment appeal): it carries the subject
   * instead of a ticket. A unit role's task belongs to the unit of the process variable `unitId` (else the
   * unit the process was started for); a centre role's to nobody's unit.
   */
  private async storeSubjectTask(task: UserTaskCreated, db: Knex): Promise<void> {
    // The engine may announce the task before the start's transaction commits (a few statements later):
    // look again for a moment before handing it back (Zeebe would announce it again only in 30 s).
    let process = await findSubjectProcess(db, task.variables.subjectProcessId);
    if (!process && stepTransaction()) throw new Error(`user task ${task.key}: announced after the step`);
    for (let tries = 0; !process && tries < START_COMMIT_TRIES; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, START_COMMIT_WAIT_MS));
      process = await findSubjectProcess(db, task.variables.subjectProcessId);
    }
    if (!process) {
      // Not (yet) committed: the start's transaction may still be open, or it rolled back. The adapter
      // announces the task again later. On the embedded engine (our database) an instance whose start
      // was never committed after ORPHAN_AFTER_MS is one nothing will ever handle: it is cancelled.
      const since = this.unknownSince.get(task.key) ?? Date.now();
      this.unknownSince.set(task.key, since);
      if (this.engine.kind === 'embedded' && Date.now() - since > ORPHAN_AFTER_MS) {
        this.unknownSince.delete(task.key);
        this.log.warn({ taskKey: task.key, processInstanceKey: task.processInstanceKey }, 'user task of a subject process whose start rolled back: the instance is cancelled');
        await this.engine.cancelInstance(task.processInstanceKey).catch(() => undefined);
        return;
      }
      this.log.warn({ taskKey: task.key, processInstanceKey: task.processInstanceKey, subjectProcessId: task.variables.subjectProcessId }, 'user task of an unknown subject process handed back');
      throw new Error(`user task ${task.key}: subject process ${String(task.variables.subjectProcessId)} is not recorded here`);
    }
    this.unknownSince.delete(task.key);
    const entry = await this.catalog.entry(Number(process.pack_version_id));
    const unitTask = rolesOf(entry.pack.city).some((r) => r.scope !== 'centre' && task.candidateGroups.includes(r.key));
    let unit: string | null = null;
    if (unitTask) {
      const named = typeof task.variables.unitId === 'string' ? task.variables.unitId : null;
      const found = named && isUuid(named) ? await db('units').where({ city_id: process.city_id, id: named }).first('id') : null;
      unit = found?.id ?? process.unit_id;
    }
    const due = dueOf(task);
    await db('tasks')
      .insert({
        engine: this.engine.kind,
        task_key: task.key,
        city_id: process.city_id,
        ticket_id: null,
        subject_kind: process.kind,
        subject_id: process.subject_id,
        subject_process_id: process.id,
        process_instance_key: task.processInstanceKey,
        element_id: task.elementId,
        name: entry.taskName(task.elementId) ?? task.elementId,
        form: formOf(task.formKey),
        candidate_groups: task.candidateGroups,
        unit_id: unit,
        urgency_rank: entry.pack.city.urgencyClasses.length,
        due_at: due?.at ?? null,
        due_provisional: due?.provisional ?? false,
        custom_headers: task.customHeaders,
        variables: task.variables,
        status: 'open',
      })
      .onConflict(['engine', 'task_key'])
      .ignore();
  }

  /** Stores the task (unless stored already); `completing`: as recorded when a prefilled completion was recorded for it. */
  private async store(db: Knex, task: UserTaskCreated, ticket: EngineTicket): Promise<{ inserted: boolean; completing: RecordedCompletion | null }> {
    const entry = await this.catalog.entry(ticket.packVersionId);
    const form = formOf(task.formKey);
    // a task for a unit role of the pack (scope unit or unitTree) belongs to the unit the ticket is with
    const unitTask = rolesOf(entry.pack.city).some((r) => r.scope !== 'centre' && task.candidateGroups.includes(r.key));
    const unit = unitTask ? await this.unitOf(db, task, ticket) : null;
    const due = dueOf(task);
    const row = {
      engine: this.engine.kind,
      task_key: task.key,
      city_id: ticket.cityId,
      ticket_id: ticket.id,
      process_instance_key: task.processInstanceKey,
      element_id: task.elementId,
      name: entry.taskName(task.elementId) ?? task.elementId,
      form,
      candidate_groups: task.candidateGroups,
      unit_id: unit,
      ticket_number: ticket.number,
      ticket_type: typeof task.variables.type === 'string' ? task.variables.type : ticket.type,
      urgency: typeof task.variables.urgency === 'string' ? task.variables.urgency : ticket.urgency,
      urgency_rank: entry.urgencyRank(typeof task.variables.urgency === 'string' ? task.variables.urgency : ticket.urgency),
      due_at: due?.at ?? null,
      due_provisional: due?.provisional ?? false,
      custom_headers: task.customHeaders,
      variables: task.variables,
      status: 'open',
    };
    return db.transaction(async (trx) => {
      const [inserted] = await trx('tasks').insert(row).onConflict(['engine', 'task_key']).ignore().returning(['id']);
      if (!inserted) return { inserted: false, completing: null };
      const completed = form === null ? null : await this.completePrefilled(trx, inserted.id, form, ticket, entry);
      // The task becomes visible with this commit: its reminders are written with it (the pack says whose).
      if (completed === null) {
        let version: string | null = null;
        try {
          version = ticketRuleVersion(entry, registrationInstant(task.variables, ticket.registeredAt), task.variables).id;
        } catch {
          version = null; // no version of the pack covers the ticket: no rules to remind by
        }
        if (version !== null) await enqueueNotifications(trx, this.catalog, {
          on: 'taskAssigned',
          key: `task:${inserted.id}`,
          cityId: ticket.cityId,
          ticketId: ticket.id,
          packVersionId: ticket.packVersionId,
          ruleVersion: { id: version },
          task: { id: inserted.id, name: row.name, form, candidateGroups: task.candidateGroups, unitId: unit },
          values: { ticket: ticket.number, task: row.name, due: due?.at ?? null },
        });
      }
      return { inserted: true, completing: completed };
    });
  }

  /** A form the registrar filled in with the registration completes the new task at once; returns it as recorded then. */
  private async completePrefilled(trx: Knex.Transaction, taskId: string, form: string, ticket: EngineTicket, entry: PackEntry): Promise<RecordedCompletion | null> {
    const prefill = ticket.prefill[form];
    if (!prefill) return null;
    // Used once: the ticket's row lock orders this with any other task of the same form.
    const current = await trx('tickets').where({ id: ticket.id }).forUpdate().first('prefill');
    const still = current?.prefill?.[form];
    if (!still || still.requestId !== prefill.requestId) return null;
    const rest = { ...current.prefill };
    delete rest[form];
    await trx('tickets').where({ id: ticket.id }).update({ prefill: JSON.stringify(rest) });
    const locked = await lockTask(trx, taskId);
    if (!locked) return null;
    const actor = await trx('users').where({ id: prefill.actorUserId }).first('id', 'display_name');
    // one reading of the engine's clock (an HTTP call on Zeebe) for the completion and the citations
    const nowMs = await this.engine.clock.now();
    const recorded = await recordCompletion(trx, locked, {
      taskId,
      requestId: prefill.requestId,
      action: { key: prefill.action, label: prefill.action, primary: true },
      data: prefill.data,
      variables: prefill.variables,
      words: decisionWords({
        form: entry.forms[form],
        schema: entry.forms[form]?.schema,
        action: { key: prefill.action, label: entry.forms[form]?.actions?.find((a) => a.key === prefill.action)?.label ?? prefill.action, primary: true },
        data: prefill.data,
        variables: prefill.variables,
      }),
      actor: actor ? { userId: actor.id, name: actor.display_name } : null,
      at: formatInstant(nowMs, entry.rules.offsetMinutes),
      ...(prefill.silent ? { silent: true } : {}),
    });
    // an answer given at registration citing a knowledge entry: on the ticket as a task's answer is
    const cited = await checkCitations(trx, ticket.cityId, prefill.data, nowMs).catch(() => []);
    if (actor) await recordUses(trx, { ticketId: ticket.id, cityId: ticket.cityId, taskId, userId: actor.id, at: new Date(nowMs) }, cited);
    return recorded;
  }

  /** The unit that acts on a unit's task: the variable the `unit` header names, the assisting unit of a 会办 part, or `unit`. */
  private async unitOf(db: Knex, task: UserTaskCreated, ticket: EngineTicket): Promise<string | null> {
    const variable = task.customHeaders.unitVariable ?? (task.customHeaders.role === 'assist' ? 'assistingUnit' : 'unit');
    const unit = await unitIdOf(db, ticket.cityId, task.variables[variable]);
    return unit?.id ?? ticket.unitId;
  }
}

/** The due instant: the variable the task's `due` header names (`acceptDue`), and whether it is provisional. */
function dueOf(task: UserTaskCreated): { at: string; provisional: boolean } | null {
  const variable = task.customHeaders.due;
  if (!variable) return null;
  const value = task.variables[variable];
  if (typeof value !== 'string' || !parseInstant(value).ok) return null;
  return { at: value, provisional: task.variables[`${variable}Provisional`] === true };
}
