// The inbox: the tasks a person may act on, a task with its form, allowed actions and the ticket's
// timeline, claiming one, and completing one (validated against its form, then recorded, handed to
// the engine and finished: see workflow/task-completion.ts). Another city's or another unit's task is
// not there for the caller (404); a task they can see but not act on answers 403.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { ApiTaskAction } from '@hotline/api-types';
import stableStringify from 'safe-stable-stringify';
import { type HandoffContext, NOTE_SCHEMA, decisionWords, type TaskAction, completionVariables, splitUnits, validateSubmission, type ResolvedForm } from '@hotline/forms';
import { type RuleVersion, latestPassedDue, parseInstant } from '@hotline/rules';
import { ApiError, InputRejectedError, conflict, forbidden, notFound, outOfScope, unavailable } from '../../http/errors';
import { chinaToday } from '../../local-day';
import { checkCitations, recordUses } from '../knowledge/knowledge.service';
import type { Actor } from '../auth/actor';
import { type DispatchDecision, type DispatchProposal, checkDispatch, dispatchProposal, grassrootsGuard, isDispatchTask, recordDispatchDecision } from '../catalogue/dispatch-by-catalogue';
import { type SubjectQuery, type TicketView, findVisibleTicket, subjectFilter, ticketViewOf, unitsOfScope } from '../tickets/tickets.service';
import * as tickets from '../tickets/tickets.repository';
import { registerSplitTickets } from '../tickets/ticket-split';
import { settleOrderDue } from '../supervision/supervision-orders.service';
import { type TimelineItem, apiInstant, timelineOf } from '../tickets/ticket-timeline';
import { type FinishOutcome, lockTask, recordCompletion } from '../workflow/task-completion';
import type { Workflow } from '../workflow/workflow';
import { currentTicketRuleVersion, actionsOf as taskActionsOf, registrationInstant, taskKind, ticketRuleVersion } from './task-actions';
import { taskContext, ticketRecord } from './task-context';
import { taskForm, withRefusedUnits } from './task-forms';
import * as repo from './tasks.repository';
import type { SubjectSummary } from '../subjects/subject-kind';
import type { ActScope, TaskFilter, TaskRow } from './tasks.repository';

export interface TaskView {
  id: string;
  /** Null for a subject process's task (a knowledge entry's review, an assessment appeal): see `subject`. */
  ticket: { id: string; number: string; type: string; urgency: string; summary: string | null; unit: { code: string; name: string } | null } | null;
  subject?: { kind: string; id: string; title: string };
  form: string | null;
  name: string;
  candidateGroups: string[];
  unit: { code: string; name: string } | null;
  assignee: { username: string; name: string } | null;
  status: 'open' | 'claimed' | 'completed' | 'cancelled';
  dueAt: string | null;
  dueProvisional: boolean;
  createdAt: string;
  completedAt: string | null;
}

export interface TaskDetail {
  task: TaskView;
  /** Null for a subject process's task: `subject` is its card instead. */
  ticket: TicketView | null;
  subject?: SubjectCard;
  form: ResolvedForm | null;
  actions: ApiTaskAction[];
  timeline: TimelineItem[];
  /** What the person needs from earlier steps, as the task kind's form file declares it (null: nothing declared). */
  context: HandoffContext | null;
  /** On a dispatch task: what the catalogue (or a determination) proposes for the ticket's matter and place. */
  dispatchProposal?: DispatchProposal;
}

export const PAGE_SIZE_MAX = 200;

/** A task of a ticket (every task but a subject process's). */
export type TicketTaskRow = TaskRow & { ticket_id: string; ticket_number: string; ticket_type: string; urgency: string };

export function isTicketTask(row: TaskRow): row is TicketTaskRow {
  return row.ticket_id !== null;
}

/** What a subject task's page shows instead of the ticket card: the kind's own summary. */
export interface SubjectCard extends SubjectSummary {
  kind: string;
  id: string;
}

export function taskView(row: TaskRow): TaskView {
  return {
    id: row.id,
    ticket: isTicketTask(row)
      ? {
          id: row.ticket_number,
          number: row.ticket_number,
          type: row.ticket_type,
          urgency: row.urgency,
          summary: row.ticket_summary,
          unit: row.ticket_unit_code ? { code: row.ticket_unit_code, name: row.ticket_unit_name as string } : null,
        }
      : null,
    ...(row.subject_kind !== null && row.subject_id !== null ? { subject: { kind: row.subject_kind, id: row.subject_id, title: row.subject_title ?? '' } } : {}),
    form: row.form,
    name: row.name,
    candidateGroups: row.candidate_groups,
    unit: row.unit_code ? { code: row.unit_code, name: row.unit_name as string } : null,
    assignee: row.assignee_username ? { username: row.assignee_username, name: row.assignee_name as string } : null,
    status: row.status === 'completing' ? 'completed' : row.status,
    dueAt: apiInstant(row.due_at),
    dueProvisional: row.due_provisional,
    createdAt: apiInstant(row.created_at) as string,
    completedAt: apiInstant(row.completed_at ?? row.completing_at),
  };
}

/** The person's pack roles as the inbox needs them: centre roles, and unit roles with the units they reach. */
export async function actScope(db: Knex, actor: Actor): Promise<ActScope> {
  const scope: ActScope = { centreRoles: [], unitRoles: [] };
  for (const role of actor.grants.packRoles) {
    const unitIds = await unitsOfScope(db, actor, role.scope);
    if (unitIds === null) scope.centreRoles.push(role.key);
    else scope.unitRoles.push({ role: role.key, unitIds });
  }
  return scope;
}

/** Whether the scope may act on a task of this unit (null: the centre's) offered to these groups: the inbox's rule (repository `actable`). */
export function mayActOn(unit: string | null, groups: readonly string[], scope: ActScope): boolean {
  if (unit === null) return groups.some((g) => scope.centreRoles.includes(g));
  return scope.unitRoles.some((r) => groups.includes(r.role) && r.unitIds.includes(unit));
}

function mayAct(task: TaskRow, scope: ActScope): boolean {
  return mayActOn(task.unit_id, task.candidate_groups, scope);
}

/** Centre staff see every task of their city; unit staff their units' tasks. */
function mayView(task: TaskRow, actor: Actor, scope: ActScope): boolean {
  if (actor.grants.scope === 'centre') return true;
  const unit = task.unit_id;
  return unit !== null && scope.unitRoles.some((r) => r.unitIds.includes(unit));
}

export async function listTasks(
  db: Knex,
  workflow: Workflow | null,
  actor: Actor,
  query: Omit<TaskFilter, 'overdueAt' | 'status' | 'subject'> & SubjectQuery & { status?: TaskFilter['status']; overdue?: boolean; page: number; pageSize: number },
): Promise<{ items: TaskView[]; total: number; totalExact: boolean; page: number; pageSize: number }> {
  const scope = await actScope(db, actor);
  const now = workflow ? await workflow.now() : Date.now();
  const { rows, total, exact } = await repo.listTasks(
    db,
    actor.cityId,
    scope,
    {
      status: query.status ?? 'open',
      form: query.form,
      type: query.type,
      urgency: query.urgency,
      unit: query.unit,
      q: query.q,
      subject: await subjectFilter(db, actor.cityId, query),
      ...(query.overdue ? { overdueAt: new Date(latestPassedDue(now)) } : {}),
    },
    { offset: (query.page - 1) * query.pageSize, limit: query.pageSize },
  );
  return { items: rows.map(taskView), total, totalExact: exact, page: query.page, pageSize: query.pageSize };
}

async function visibleTask(db: Knex, actor: Actor, id: string): Promise<{ task: TaskRow; scope: ActScope }> {
  const task = await repo.findTask(db, actor.cityId, id);
  const scope = await actScope(db, actor);
  if (!task) throw notFound(`task ${id}`);
  if (!mayView(task, actor, scope)) throw outOfScope(`task ${id}`, `task ${id} is outside the caller's units`);
  return { task, scope };
}

function requireWorkflow(workflow: Workflow | null): Workflow {
  if (!workflow) throw unavailable('NO_ENGINE', 'no workflow engine runs in this server');
  return workflow;
}

async function ticketOf(db: Knex, actor: Actor, task: TicketTaskRow): Promise<{ view: TicketView; row: tickets.Ticket }> {
  const row = await tickets.findTicketById(db, actor.cityId, task.ticket_id);
  if (!row) throw notFound(`ticket of task ${task.id}`);
  return { view: await ticketViewOf(db, actor, row), row };
}

/** The rules' view of a task: its actions now (engine time), for the ticket's pack version and rule version. */
async function actionsOf(workflow: Workflow, task: TaskRow, ticket: tickets.Ticket | null) {
  const entry = await workflow.catalog.entry(ticket ? ticket.packVersionId : Number(task.subject_pack_version_id));
  const now = await workflow.now();
  // a subject's task has no registration: the rule version in force when it was started
  const registeredAt = ticket ? registrationInstant(task.variables, ticket.registeredAt) : startInstant(task);
  const version = ticketRuleVersion(entry, registeredAt, task.variables);
  const actions = taskActionsOf(entry, { form: task.form, ticket: taskTicket(task), version, variables: task.variables, headers: task.custom_headers, now });
  return { entry, version, actions, now };
}

/** The ticket's type and urgency a form and its guards read; none for a subject's task. */
function taskTicket(task: TaskRow): { type: string; urgency: string } {
  return { type: task.ticket_type ?? '', urgency: task.urgency ?? '' };
}

/** When a subject's process started (its `startedAt` variable), else when the task was announced. */
function startInstant(task: TaskRow): number {
  const stamped = typeof task.variables.startedAt === 'string' ? parseInstant(task.variables.startedAt) : null;
  return stamped?.ok ? stamped.ms : task.created_at.getTime();
}

/** A subject's card by its registered kind; a kind no module registered shows its title only. */
async function subjectCard(db: Knex, workflow: Workflow, task: TaskRow): Promise<SubjectCard> {
  const kind = task.subject_kind as string;
  const id = task.subject_id as string;
  const summary = await workflow.subjects.get(kind)?.summary(db, id);
  return { kind, id, ...(summary ?? { title: task.subject_title ?? id, fields: [] }) };
}


export async function taskDetail(db: Knex, workflow: Workflow | null, actor: Actor, id: string): Promise<TaskDetail> {
  const { task } = await visibleTask(db, actor, id);
  if (!isTicketTask(task)) return subjectTaskDetail(db, requireWorkflow(workflow), task);
  const { view, row } = await ticketOf(db, actor, task);
  const flow = requireWorkflow(workflow);
  const { entry, version, actions, now } = await actionsOf(flow, task, row);
  const form = await taskForm(db, entry, task.form, { ...taskTicket(task), ruleVersion: version.id }, task.variables);
  const timeline = await timelineOf(db, task.ticket_id);
  return {
    task: taskView(task),
    ticket: view,
    form: form.ok ? await withGuard(db, flow.catalog, task, version, form.form) : null,
    actions: actions.map(({ key, label, allowed, reason, primary }) => ({ key, label, allowed, ...(reason === undefined ? {} : { reason }), primary })),
    timeline,
    context: await taskContext(db, entry, task.form, { ticket: view, version, timeline, variables: task.variables }),
    ...(isDispatchTask(task.form) ? { dispatchProposal: await dispatchProposal(db, flow.catalog, actor.cityId, task.ticket_id, task.variables, chinaToday(now)) } : {}),
  };
}

/** A subject process's task: its form and actions from the pack version it started under, the subject's card instead of the ticket. */
async function subjectTaskDetail(db: Knex, flow: Workflow, task: TaskRow): Promise<TaskDetail> {
  const { entry, version, actions } = await actionsOf(flow, task, null);
  const form = await taskForm(db, entry, task.form, { ...taskTicket(task), ruleVersion: version.id }, task.variables);
  return {
    task: taskView(task),
    ticket: null,
    subject: await subjectCard(db, flow, task),
    form: form.ok ? form.form : null,
    actions: actions.map(({ key, label, allowed, reason, primary }) => ({ key, label, allowed, ...(reason === undefined ? {} : { reason }), primary })),
    timeline: [],
    context: null,
  };
}

/** A dispatch form whose ticket's matter is a functional department's: the grassroots units marked refused in its pickers. */
async function withGuard(db: Knex, catalog: Parameters<typeof grassrootsGuard>[1], task: TaskRow, version: RuleVersion, form: ResolvedForm): Promise<ResolvedForm> {
  if (!isDispatchTask(task.form)) return form;
  const guard = await grassrootsGuard(db, catalog, task, version);
  return guard ? withRefusedUnits(form, guard.units, guard.refusal) : form;
}

/** A ticket's whole record (督办), every completed step in the pack's words; a ticket out of the person's scope is not there (404). */
export async function ticketRecordOf(db: Knex, workflow: Workflow | null, actor: Actor, number: string): Promise<HandoffContext> {
  const ticket = await findVisibleTicket(db, actor, number);
  const entry = await requireWorkflow(workflow).catalog.entry(ticket.packVersionId);
  const version = (await currentTicketRuleVersion(db, entry, ticket)) ?? ticketRuleVersion(entry, ticket.registeredAt.getTime(), {});
  return ticketRecord(db, entry, { ticket: { type: ticket.type, urgency: ticket.urgency }, version, timeline: await timelineOf(db, ticket.id) });
}

export async function claimTask(db: Knex, actor: Actor, id: string): Promise<TaskView> {
  const { task, scope } = await visibleTask(db, actor, id);
  if (!mayAct(task, scope)) throw forbidden(`task ${id} is for ${task.candidate_groups.join(', ')}${task.unit_code ? ` of ${task.unit_code}` : ''}`);
  if (!(await repo.claim(db, id, actor.userId))) throw stateConflict((await repo.findTask(db, actor.cityId, id)) ?? task, actor);
  return taskView((await repo.findTask(db, actor.cityId, id)) as TaskRow);
}

function stateConflict(task: TaskRow, actor: Actor): ApiError {
  if (task.status === 'completed' || task.status === 'completing') return conflict('TASK_COMPLETED', `task ${task.id} is completed already`);
  if (task.status === 'cancelled') return conflict('TASK_CANCELLED', `task ${task.id} was cancelled`);
  if (task.status === 'claimed' && task.assignee_id !== actor.userId) return conflict('TASK_CLAIMED', `task ${task.id} is claimed by ${task.assignee_username ?? 'someone else'}`);
  return conflict('TASK_CHANGED', `task ${task.id} changed meanwhile; load it again`);
}

export interface CompletionInput {
  data?: Record<string, unknown> | undefined;
  requestId: string;
  action?: string | undefined;
}

/** sha-256 of the request as canonical JSON (keys sorted) without its requestId: what a replay must repeat. */
export function completionRequestHash(input: CompletionInput): string {
  const { requestId: _id, ...rest } = input;
  return createHash('sha256').update(stableStringify(rest) ?? '').digest('hex');
}

/**
 * Whether a completion recorded under this request id answers this request: only the same person sending
 * the same thing gets the first result; anyone else (or other data) would learn it or believe their own
 * data was taken.
 */
function checkReplay(recorded: Pick<TaskRow, 'completed_by' | 'completion_request_hash'>, actor: Actor, hash: string): void {
  if (recorded.completed_by !== actor.userId || recorded.completion_request_hash !== hash) {
    throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', '该请求编号（requestId）已用于另一次提交：请使用新的请求编号', [
      { where: '/requestId', message: 'was used for another request (by someone else, or with other data)', messageZh: '该请求编号已用于另一次提交' },
    ]);
  }
}

export async function completeTask(db: Knex, workflow: Workflow | null, actor: Actor, id: string, input: CompletionInput): Promise<{ task: TaskView; ticket: TicketView | null }> {
  const flow = requireWorkflow(workflow);
  const { task, scope } = await visibleTask(db, actor, id);
  const result = async () => {
    const fresh = (await repo.findTask(db, actor.cityId, id)) as TaskRow;
    return { task: taskView(fresh), ticket: isTicketTask(fresh) ? (await ticketOf(db, actor, fresh)).view : null };
  };
  const requestHash = completionRequestHash(input);
  // A retry of a completion already recorded: the same answer, nothing done twice.
  if (task.completion_request_id === input.requestId) {
    checkReplay(task, actor, requestHash);
    return settle(() => flow.completions.finish(id), result);
  }
  if (task.status === 'completing' || task.status === 'completed' || task.status === 'cancelled') throw stateConflict(task, actor);
  if (!mayAct(task, scope)) throw forbidden(`task ${id} is for ${task.candidate_groups.join(', ')}${task.unit_code ? ` of ${task.unit_code}` : ''}`);
  if (task.status === 'claimed' && task.assignee_id !== actor.userId) throw stateConflict(task, actor);

  const ticket = isTicketTask(task) ? (await ticketOf(db, actor, task)).row : null;
  const { entry, version, actions, now } = await actionsOf(flow, task, ticket);
  const action = pickAction(actions, input.action);
  const data = input.data ?? {};
  const kind = taskKind(entry, task.form);
  const split = splitUnits(kind, action, data);
  if (split && !version.policies.multiUnit.modes.includes('split')) {
    throw new InputRejectedError('SPLIT_NOT_ALLOWED', 'the dispatch', [
      { where: '/mode', message: `分别派单 (one ticket per unit) is not a multi-unit mode of ${entry.cityId} pack version ${entry.number}: dispatch to one unit, or a lead unit with assisting units` },
    ]);
  }
  let schema: Record<string, unknown> = NOTE_SCHEMA as unknown as Record<string, unknown>;
  if (action.primary) {
    const form = await taskForm(db, entry, task.form, { ...taskTicket(task), ruleVersion: version.id }, task.variables);
    if (!form.ok) throw conflict('FORM_NOT_AVAILABLE', form.reason);
    schema = form.form.schema;
  }
  const checked = validateSubmission(schema as never, data);
  if (!checked.ok) {
    throw new ApiError(422, 'FORM_INVALID', `the form has ${checked.errors.length} problem(s): ${checked.errors.map((e) => `${e.path || '/'} ${e.message}`).join('; ')}`, undefined, {
      errors: checked.errors,
    });
  }
  // a new deadline for a 督办单 (an escalation, a re-issue): the pack's period, or one later than now
  const variables = settleOrderDue(entry, version, { variables: completionVariables(kind, action, data, task.variables), before: task.variables, data, schema, nowMs: now });
  const dispatch = action.primary && isDispatchTask(task.form) && isTicketTask(task) ? await checkDispatch(db, flow.catalog, task, version, dispatchChoice(variables, split, data), chinaToday(now)) : null;
  // an answer citing knowledge entries (〔KB-… 第n版〕): each must be offered today; recorded on the ticket
  const cited = action.primary && isTicketTask(task) ? await checkCitations(db, actor.cityId, data, now) : [];

  const record = async (trx: Knex.Transaction) => {
    const locked = await lockTask(trx, id);
    if (!locked) throw notFound(`task ${id}`);
    if (locked.completion_request_id === input.requestId) {
      checkReplay(locked, actor, requestHash);
      return undefined; // a concurrent retry recorded it
    }
    if (locked.status === 'completing' || locked.status === 'completed' || locked.status === 'cancelled' || (locked.status === 'claimed' && locked.assignee_id !== actor.userId)) {
      throw stateConflict({ ...task, ...(locked as Partial<TaskRow>), assignee_username: locked.assignee_id === task.assignee_id ? task.assignee_username : null }, actor);
    }
    const row = await recordCompletion(trx, locked, {
      taskId: id,
      requestId: input.requestId,
      requestHash,
      action,
      data,
      variables,
      actor: { userId: actor.userId, name: actor.displayName },
      at: apiInstant(new Date(now)) as string,
      words: decisionWords({ form: kind, schema: action.primary ? (schema as never) : undefined, action, data, variables }),
    });
    if (dispatch && isTicketTask(task)) await recordDispatchDecision(trx, task, dispatch, actor.userId, apiInstant(new Date(now)) as string);
    if (isTicketTask(task)) await recordUses(trx, { ticketId: task.ticket_id, cityId: actor.cityId, taskId: id, userId: actor.userId, at: new Date(now) }, cited);
    if (split && ticket) {
      await registerSplitTickets(trx, flow, actor, {
        parent: ticket,
        units: split,
        data,
        variables: task.variables,
        at: apiInstant(new Date(now)) as string,
        requestId: input.requestId,
      });
    }
    return row;
  };
  return settle(() => flow.completions.complete(task, input.requestId, record), result);
}

/** The units a dispatch sends the ticket to: the process variables `unit` and `assistingUnits`, or a split's units. */
function dispatchChoice(variables: Record<string, unknown>, split: string[] | null | undefined, data: Record<string, unknown>): DispatchDecision['choice'] {
  const reason = typeof data.overrideReason === 'string' && data.overrideReason.trim() !== '' ? data.overrideReason.trim() : null;
  if (split && split.length > 0) return { leadUnit: split[0] as string, assistingUnits: split.slice(1), overrideReason: reason, unitField: '/units' };
  const assisting = Array.isArray(variables.assistingUnits) ? variables.assistingUnits.filter((u): u is string => typeof u === 'string') : [];
  const unitField = typeof data.leadUnit === 'string' ? '/leadUnit' : '/unit';
  return { leadUnit: typeof variables.unit === 'string' ? variables.unit : '', assistingUnits: assisting, overrideReason: reason, unitField };
}

function pickAction(actions: TaskAction[], key: string | undefined): TaskAction {
  const action = key === undefined ? actions.find((a) => a.primary) : actions.find((a) => a.key === key);
  if (!action) {
    throw new InputRejectedError('ACTION_UNKNOWN', 'the completion', [{ where: '/action', message: `"${key}" is not an action of this task: ${actions.map((a) => a.key).join(', ')}` }]);
  }
  if (!action.allowed) throw new ApiError(422, 'ACTION_NOT_ALLOWED', `${action.label}: ${action.reason ?? 'not allowed now'}`, [{ where: '/action', message: action.reason ?? 'not allowed now' }]);
  return action;
}

/** The engine's answer to a completion, in the API's words. */
async function settle<T>(completion: () => Promise<FinishOutcome>, result: () => Promise<T>): Promise<T> {
  let outcome;
  try {
    outcome = await completion();
  } catch (error) {
    if (error instanceof ApiError) throw error; // the recording refused it: a conflict, a bad request
    throw unavailable(
      'ENGINE_UNAVAILABLE',
      `the workflow engine did not take the completion yet (${error instanceof Error ? error.message : String(error)}); a recorded completion is retried, and a retry with the same requestId answers when it is done`,
    );
  }
  if (outcome.outcome === 'refused') throw conflict('ENGINE_REFUSED', `the process did not accept the completion: ${outcome.reason}`);
  return result();
}
