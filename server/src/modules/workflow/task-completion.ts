// Completing a user task so that the engine and PostgreSQL cannot disagree for good:
//
//   1. record  — one transaction: the task row (locked) becomes `completing` with the submitted data,
//                the process variables and the request id, and the ticket event is written. From here
//                the completion is durable: whatever happens next, it will be finished.
//   2. engine  — completeUserTask(key, variables). 'already-completed' counts as done (a retry, or a
//                crash after the engine heard it the first time).
//   3. finish  — the row becomes `completed`.
//
// A crash between 1 and 3 leaves a `completing` row: start() and a periodic sweep finish it (the engine
// call is idempotent). An engine that is unreachable leaves it `completing` too (the caller gets 503 and
// may retry with the same request id). Only an engine that refuses the completion outright (the instance
// stopped by an incident) undoes step 1: the row goes back to open and the timeline says why.
//
// An engine whose state is in this database (embedded: `completeUserTaskIn`) does all three in one
// transaction, with the steps the completion runs into: the row is `completed` at once, and the next task
// is stored in the same commit. Nothing is ever half-done then; a refusal leaves nothing to undo.
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { EngineError, inTransaction, type Variables, type WorkflowEngine } from '@hotline/engine-adapters';
import { summarise } from './timeline';
import { recordEvent } from '../audit/audit.repository';

export interface CompletionRecord {
  taskId: string;
  requestId: string;
  /** sha-256 of what the caller sent besides the request id (see tasks.service); none for the server's own. */
  requestHash?: string;
  action: { key: string; label: string; primary: boolean };
  data: Record<string, unknown>;
  variables: Variables;
  /** Who completed it; null for the server itself. */
  actor: { userId: string; name: string } | null;
  /** Engine time of the completion, ISO-8601. */
  at: string;
  /** No timeline entry (the registration's own step). */
  silent?: boolean;
  /** What the step decided, in words (@hotline/forms decisionWords): the timeline says it. */
  words?: { verb: string; decided: string };
}

interface TaskRow {
  id: string;
  engine: string;
  task_key: string;
  /** Null for a subject process's task (it carries subject_kind and subject_id instead). */
  ticket_id: string | null;
  subject_kind?: string | null;
  subject_id?: string | null;
  city_id: string;
  name: string;
  form: string | null;
  element_id: string;
  process_instance_key: string;
  status: string;
  assignee_id: string | null;
  completion_request_id: string | null;
  completion_request_hash: string | null;
  completed_by: string | null;
  completion_variables: Variables | null;
}

/** What names a task (and its ticket) in the engine and on the timeline. */
type TaskIdentity = Pick<TaskRow, 'id' | 'engine' | 'task_key' | 'ticket_id' | 'city_id' | 'name' | 'element_id' | 'process_instance_key'>;

/** Step 1, inside the caller's transaction (the row must be locked by it). Returns the row as it is now, for finish(). */
export async function recordCompletion(trx: Knex.Transaction, task: TaskRow, record: CompletionRecord): Promise<RecordedCompletion> {
  const recorded: RecordedCompletion = { ...task, status: 'completing', completion_request_id: record.requestId, completion_variables: record.variables };
  await recordRow(trx, task, record);
  return recorded;
}

async function recordRow(trx: Knex.Transaction, task: TaskRow, record: CompletionRecord): Promise<void> {
  await trx('tasks').where({ id: task.id }).update({
    status: 'completing',
    completion_request_id: record.requestId,
    completion_request_hash: record.requestHash ?? null,
    completion_action: record.action.key,
    completion_data: JSON.stringify(record.data),
    completion_variables: JSON.stringify(record.variables),
    completed_by: record.actor?.userId ?? null,
    completing_at: trx.fn.now(),
  });
  if (task.ticket_id === null) return recordSubjectCompletion(trx, task, record);
  if (typeof record.variables.unit === 'string') {
    const unit = await trx('units').where({ city_id: task.city_id, code: record.variables.unit }).first('id');
    if (unit) await trx('tickets').where({ id: task.ticket_id }).update({ unit_id: unit.id });
  }
  if (record.silent) return;
  const data = {
    task: task.element_id,
    taskName: task.name,
    form: task.form,
    action: record.action.key,
    ...(record.action.primary ? {} : { actionLabel: record.action.label }),
    ...(record.words ? { verb: record.words.verb, decided: record.words.decided } : {}),
    data: record.data,
  };
  await trx('ticket_events')
    .insert({
      key: `task:${task.engine}:${task.task_key}:${record.requestId}`,
      ticket_id: task.ticket_id,
      city_id: task.city_id,
      kind: 'taskCompleted',
      at: record.at,
      actor_user_id: record.actor?.userId ?? null,
      summary: summarise('taskCompleted', data, { actorName: record.actor?.name ?? null }),
      data,
      process_instance_key: task.process_instance_key,
      element_id: task.element_id,
    })
    .onConflict('key')
    .ignore();
}

/** A subject task's completion has no ticket timeline: the audit trail records who decided what. */
async function recordSubjectCompletion(trx: Knex.Transaction, task: TaskRow, record: CompletionRecord): Promise<void> {
  if (record.silent) return;
  // the audit trail names people by their username (record.actor.name is the display name the timeline shows)
  const user = record.actor ? ((await trx('users').where({ id: record.actor.userId }).first('username')) as { username: string } | undefined) : undefined;
  await recordEvent(trx, {
    cityId: task.city_id,
    actor: record.actor ? { userId: record.actor.userId, name: user?.username ?? record.actor.name } : { userId: null, name: 'system' },
    action: 'subject.taskCompleted',
    subjectType: task.subject_kind ?? 'subject',
    subjectId: task.subject_id ?? task.id,
    details: {
      task: task.element_id,
      taskName: task.name,
      form: task.form,
      action: record.action.key,
      ...(record.words ? { verb: record.words.verb, decided: record.words.decided } : {}),
    },
  });
}

/** A task row as recordCompletion left it: what finish() needs without reading it back. */
export type RecordedCompletion = TaskRow & { status: 'completing' };

/** Locks a task row for a completion; undefined when there is none. */
export async function lockTask(trx: Knex.Transaction, taskId: string): Promise<TaskRow | undefined> {
  return trx('tasks').where({ id: taskId }).forUpdate().first();
}

export type FinishOutcome = { outcome: 'completed' } | { outcome: 'refused'; reason: string };

export class TaskCompletions {
  private readonly running = new Set<Promise<unknown>>();
  private sweep?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly db: Knex,
    private readonly engine: WorkflowEngine,
    private readonly log: Logger,
  ) {}

  /**
   * Records a completion (`record` locks the task row, checks it and calls recordCompletion; it gives
   * undefined when a concurrent retry of the same request recorded it first) and has the engine take it.
   */
  async complete(task: TaskIdentity, requestId: string, record: (trx: Knex.Transaction) => Promise<RecordedCompletion | undefined>): Promise<FinishOutcome> {
    const joined = this.engine.completeUserTaskIn?.bind(this.engine);
    if (joined) {
      let done: { recorded: RecordedCompletion | undefined; called: boolean; outcome: string };
      try {
        done = await inTransaction(this.db, async (trx) => {
          let recorded: RecordedCompletion | undefined;
          let called = false;
          const outcome = await joined(trx, task.task_key, async () => {
            called = true;
            try {
              recorded = await record(trx);
            } catch (error) {
              throw new RecordRefused(error);
            }
            return recorded ? (recorded.completion_variables ?? {}) : null;
          });
          if (recorded && outcome === 'completed') await trx('tasks').where({ id: task.id }).update({ status: 'completed', completed_at: trx.fn.now() });
          return { recorded, called, outcome };
        });
      } catch (error) {
        if (error instanceof RecordRefused) throw error.cause; // a conflict, a split that failed: not the engine's
        if (!(error instanceof EngineError && error.code === 'INVALID_ARGUMENT')) throw error;
        const nowMs = await this.engine.clock.now();
        await this.db.transaction((trx) => recordRefusal(trx, task, requestId, error.message, nowMs));
        this.log.warn({ taskId: task.id, reason: error.message }, 'the engine refused a task completion; the task stays open');
        return { outcome: 'refused', reason: error.message };
      }
      if (done.recorded && done.outcome === 'completed') return { outcome: 'completed' };
      // a concurrent retry of the same request recorded it (record gave nothing): the row says the rest
      if (done.called) return this.finish(task.id);
      // record not called: the engine's task waits no more (a stale row); the three steps settle it
    }
    return this.finish(task.id, await this.db.transaction(record));
  }

  /**
   * Steps 2 and 3 for a recorded completion. Throws (the row stays completing) when the engine is unreachable.
   * The row recordCompletion returned spares reading it back; should another finisher have got there first,
   * the engine answers 'already-completed' and the last step changes nothing.
   */
  async finish(taskId: string, recorded?: RecordedCompletion): Promise<FinishOutcome> {
    const task: TaskRow | undefined = recorded ?? (await this.db('tasks').where({ id: taskId }).first());
    if (!task || task.status !== 'completing') return { outcome: 'completed' };
    try {
      await this.engine.completeUserTask(task.task_key, task.completion_variables ?? {});
    } catch (error) {
      if (error instanceof EngineError && error.code === 'INVALID_ARGUMENT') {
        await this.undo(task, error.message);
        return { outcome: 'refused', reason: error.message };
      }
      throw error;
    }
    await this.db('tasks').where({ id: taskId, status: 'completing' }).update({ status: 'completed', completed_at: this.db.fn.now() });
    return { outcome: 'completed' };
  }

  /** Finishes in the background (tracked: stop() waits); a failure is left to the sweep. */
  later(taskId: string, recorded?: RecordedCompletion): void {
    if (this.stopped) return;
    const run = this.finish(taskId, recorded)
      .catch((error) => this.log.warn({ err: error, taskId }, 'task completion not finished yet; the sweep will retry'))
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Finishes every recorded completion older than `olderThanMs` (all at start). */
  async repair(olderThanMs = 0): Promise<number> {
    const ids: string[] = await this.db('tasks')
      .where('status', 'completing')
      .andWhere('completing_at', '<=', this.db.raw(`now() - (? * interval '1 millisecond')`, [olderThanMs]))
      .orderBy('completing_at')
      .pluck('id');
    let finished = 0;
    for (const id of ids) {
      if (this.stopped) break;
      try {
        await this.finish(id);
        finished += 1;
      } catch (error) {
        this.log.warn({ err: error, taskId: id }, 'task completion not finished yet');
      }
    }
    if (ids.length > 0) this.log.info({ pending: ids.length, finished }, 'finished recorded task completions');
    return finished;
  }

  /** Looks for completions a crash or an outage left half-done, every `intervalMs`. */
  startSweep(intervalMs: number): void {
    this.sweep = setInterval(() => {
      const run = this.repair(intervalMs).catch((error) => this.log.warn({ err: error }, 'completion sweep failed'));
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    }, intervalMs);
    this.sweep.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweep);
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async undo(task: TaskRow, reason: string): Promise<void> {
    await this.db.transaction(async (trx) => {
      const locked = await lockTask(trx, task.id);
      if (!locked || locked.status !== 'completing') return;
      const requestId = locked.completion_request_id;
      await trx('tasks')
        .where({ id: task.id })
        .update({
          status: locked.assignee_id ? 'claimed' : 'open',
          completion_request_id: null,
          completion_request_hash: null,
          completion_action: null,
          completion_data: null,
          completion_variables: null,
          completed_by: null,
          completing_at: null,
        });
      await recordRefusal(trx, task, requestId ?? 'refused', reason, await this.engine.clock.now());
    });
    this.log.warn({ taskId: task.id, reason }, 'the engine refused a task completion; the task is open again');
  }
}

/** An error of the caller's recording, passed through the engine's completion unchanged. */
class RecordRefused extends Error {
  /** PostgreSQL's code, kept: a deadlock in the recording runs the transaction again. */
  readonly code: unknown;

  constructor(override readonly cause: unknown) {
    super('the completion was not recorded', { cause });
    this.code = (cause as { code?: unknown } | null)?.code;
  }
}

/** The timeline says why the engine refused a completion. */
async function recordRefusal(trx: Knex.Transaction, task: TaskIdentity, requestId: string, reason: string, nowMs: number): Promise<void> {
  if (task.ticket_id === null) return;
  const data = { task: task.element_id, taskName: task.name, reason };
  await trx('ticket_events')
    .insert({
      key: `task:${task.engine}:${task.task_key}:${requestId}:refused`,
      ticket_id: task.ticket_id,
      city_id: task.city_id,
      kind: 'taskCompletionRefused',
      at: new Date(nowMs).toISOString(),
      summary: summarise('taskCompletionRefused', data),
      data,
      process_instance_key: task.process_instance_key,
      element_id: task.element_id,
    })
    .onConflict('key')
    .ignore();
}
