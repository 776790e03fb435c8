// One state change of one instance, inside the caller's transaction: lock the row, resume the run,
// act, take buffered messages for new subscriptions, then write the state, the variables and
// the side tables together. A run that fails (an error no BPMN element catches, FEEL that cannot be
// evaluated) leaves the instance where it was, with status `incident` and the reason.
import type { Knex } from 'knex';

import type { InstanceMigration, JobHandler, JobResult, ServiceJob, Variables } from '../port';
import { EngineError } from '../port';
import { renamedMappings } from '../migration-plan';
import { DEADLINE_CHANGED_MESSAGE } from '../workers/watch.worker';
import type { DefinitionRow } from './definition.repository';
import { FeelEvaluationError } from './feel';
import { insertInstance, lockInstance, TABLES, updateInstance, waitsOf, writeWaits } from './instance.repository';
import type { InstanceRow, WaitChanges } from './instance.repository';
import type { KeyBlocks } from './keys';
import { lockCorrelation, takeBufferedMessage } from './message.repository';
import type { ModelCache } from './model-cache';
import type { ProcessModel } from './process-model';
import { ProcessRun } from './process-run';
import type { EngineState, RunClock } from './process-run';
import { isCurrentState, rebuildState } from './legacy-state';
import { planWaits } from './wait-plan';
import { isBpmnError, isVariables } from './job-dispatcher';
import { inStepSavepoint } from './step-context';
import type { DeferredPublication } from './step-context';

/** What the adapter does once the transaction committed. */
export interface StepEffects {
  /** User tasks to announce. */
  userTasks: string[];
  /** User tasks the in-step listeners took already: announced after the commit to the others only. */
  announcedInStep: string[];
  jobsCreated: boolean;
  timersChanged: boolean;
  /** Messages the step's in-step jobs published: they go out after the commit. */
  publications: DeferredPublication[];
}

export const NO_EFFECTS: StepEffects = { userTasks: [], announcedInStep: [], jobsCreated: false, timersChanged: false, publications: [] };

export function mergeEffects(a: StepEffects, b: StepEffects): StepEffects {
  return {
    userTasks: [...a.userTasks, ...b.userTasks],
    announcedInStep: [...a.announcedInStep, ...b.announcedInStep],
    jobsCreated: a.jobsCreated || b.jobsCreated,
    timersChanged: a.timersChanged || b.timersChanged,
    publications: [...a.publications, ...b.publications],
  };
}

export type StepOutcome<T> =
  | { kind: 'stepped'; result: T; effects: StepEffects }
  /** Unknown, over, or stopped by an incident (then `instance` says why). */
  | { kind: 'inactive'; instance?: InstanceRow };

export type StepAction<T> = (run: ProcessRun, instance: InstanceRow) => Promise<T> | T;

export class InstanceSteps {
  constructor(
    private readonly models: ModelCache,
    private readonly clock: RunClock,
    private readonly keys: KeyBlocks,
    /** The handler of a job type that may run inside a step, if it may. */
    private readonly inStepHandler: (type: string) => JobHandler | undefined,
    /** Tells the in-step task listeners of the tasks a step opened; the keys they took. */
    private readonly announceInStep: (trx: Knex.Transaction, keys: string[], publications: DeferredPublication[]) => Promise<string[]>,
  ) {}

  async create(trx: Knex.Transaction, definition: DefinitionRow, variables: Variables): Promise<{ processInstanceKey: string; effects: StepEffects }> {
    const [key] = (await this.keys.take(trx, 1)) as [string];
    const instance: InstanceRow = {
      key,
      definition_key: definition.key,
      bpmn_process_id: definition.bpmn_process_id,
      version: definition.version,
      status: 'active',
      state: null,
      variables,
      incident: null,
    };
    await insertInstance(trx, instance);
    const model = await this.models.get(definition.key, trx);
    const run = ProcessRun.start(model, structuredClone(variables), this.clock);
    return { processInstanceKey: key, effects: await this.persist(trx, instance, model, run) };
  }

  /** `locked`: the instance row, when the caller locked it in this transaction already. */
  async step<T>(trx: Knex.Transaction, instanceKey: string, act: StepAction<T>, locked?: InstanceRow): Promise<StepOutcome<T>> {
    const instance = locked ?? (await lockInstance(trx, instanceKey));
    if (!instance || instance.status !== 'active' || !instance.state) return { kind: 'inactive', instance };
    const model = await this.models.get(instance.definition_key, trx);
    const run = ProcessRun.resume(model, await this.currentState(trx, instance.key, instance.state, instance.variables, model), structuredClone(instance.variables), this.clock);
    if (run.failure) {
      await this.incident(trx, instance, run.failure.message);
      return { kind: 'inactive', instance: { ...instance, status: 'incident', incident: run.failure.message } };
    }
    const result = await act(run, instance);
    return { kind: 'stepped', result, effects: await this.persist(trx, instance, model, run) };
  }

  /**
   * Rebinds an instance to another version of its process in place: the state names elements by id, so
   * the same state resumed on the target model waits in the same elements (same user-task
   * keys, same execution ids). Refused, with nothing written, when an active element is unmapped, renamed
   * or missing from the target. The watch, if waiting on its `deadlineChanged` catch, is handed the new
   * stage and instant as that message would (Zeebe's adapter re-arms it to the same effect).
   */
  async migrate(trx: Knex.Transaction, instanceKey: string, target: DefinitionRow, migration: InstanceMigration): Promise<StepEffects> {
    const instance = await lockInstance(trx, instanceKey);
    if (!instance || instance.status !== 'active' || !instance.state) throw new EngineError('NOT_FOUND', `process instance ${instanceKey} is not running`);
    if (instance.bpmn_process_id !== target.bpmn_process_id) {
      throw new EngineError('INVALID_ARGUMENT', `process instance ${instanceKey} runs '${instance.bpmn_process_id}'; it can only move to another version of it, not to '${target.bpmn_process_id}'`);
    }
    const renamed = renamedMappings(migration.mappings);
    if (renamed.length) throw new EngineError('INVALID_ARGUMENT', `elements are migrated by id; these mappings rename: ${renamed.map((m) => `${m.sourceElementId} → ${m.targetElementId}`).join(', ')}`);
    const model = await this.models.get(target.key, trx);
    const waits = await waitsOf(trx, instance.key);
    const mapped = new Set(migration.mappings.map((m) => m.sourceElementId));
    const active = new Set([...waits.userTasks, ...waits.jobs, ...waits.timers, ...waits.subscriptions].map((w) => w.element_id));
    const unmapped = [...active].filter((id) => !mapped.has(id));
    if (unmapped.length) throw new EngineError('INVALID_ARGUMENT', `process instance ${instanceKey}: no mapping for the active element(s) ${unmapped.join(', ')}`);
    const missing = [...waits.userTasks, ...waits.jobs].filter((w) => !model.tasks.has(w.element_id)).map((w) => w.element_id);
    missing.push(...waits.subscriptions.filter((w) => !model.messageCatches.has(w.element_id)).map((w) => w.element_id));
    if (missing.length) throw new EngineError('INVALID_ARGUMENT', `process instance ${instanceKey}: the target version has no element ${[...new Set(missing)].join(', ')}`);

    const run = ProcessRun.resume(model, await this.currentState(trx, instance.key, instance.state, instance.variables, model), { ...structuredClone(instance.variables), ...migration.variables }, this.clock);
    if (run.failure) throw new EngineError('INVALID_ARGUMENT', `process instance ${instanceKey} does not fit the target version: ${run.failure.message}`);
    const { watch } = migration;
    const watchCatch = watch && run.opened('always').subscriptions.find((s) => model.messageCatches.get(s.elementId)?.messageName === DEADLINE_CHANGED_MESSAGE);
    if (watch && watchCatch) run.deliverMessage(watchCatch.executionId, { watchStage: watch.stage, watchDue: watch.due });

    await trx(TABLES.instance).where({ key: instance.key }).update({ definition_key: target.key, version: target.version });
    // Waits that stay keep their rows: give them the target's headers (a `due` header may have changed).
    for (const wait of [...waits.userTasks, ...waits.jobs]) {
      const spec = model.tasks.get(wait.element_id);
      const table = waits.userTasks.includes(wait as never) ? TABLES.userTask : TABLES.job;
      if (spec) await trx(table).where({ key: wait.key }).update({ custom_headers: JSON.stringify(spec.customHeaders) });
    }
    return this.persist(trx, { ...instance, definition_key: target.key, version: target.version }, model, run);
  }

  private async persist(trx: Knex.Transaction, instance: InstanceRow, model: ProcessModel, run: ProcessRun): Promise<StepEffects> {
    const checked = new Set<string>();
    const tried = new Set<string>();
    const publications: DeferredPublication[] = [];
    for (;;) {
      if (run.failure) return this.incident(trx, instance, run.failure.message);
      let changes: WaitChanges;
      try {
        changes = planWaits(run, model, this.clock.nowMs());
      } catch (error) {
        if (error instanceof FeelEvaluationError) return this.incident(trx, instance, error.message);
        throw error;
      }
      const buffered = await this.bufferedMessage(trx, instance, changes, checked);
      if (buffered) {
        // a repeating subscription may take the next buffered message too
        checked.delete(buffered.executionId);
        run.deliverMessage(buffered.executionId, buffered.variables);
        continue;
      }
      if (await this.runJobInStep(trx, instance, run, changes.jobs, tried, publications)) continue;
      const userTasks = await writeWaits(trx, instance, changes, this.keys);
      await updateInstance(trx, instance.key, {
        status: run.completed ? 'completed' : 'active',
        state: run.completed ? null : run.snapshot(),
        variables: run.variables,
        incident: null,
      });
      const announcedInStep = await this.announceInStep(trx, userTasks, publications);
      return {
        userTasks: userTasks.filter((key) => !announcedInStep.includes(key)),
        announcedInStep,
        jobsCreated: changes.jobs.length > 0,
        timersChanged: changes.timers.length + changes.closed.timers.length > 0,
        publications,
      };
    }
  }

  /** A message published before this subscription opened, still within its time-to-live. */
  private async bufferedMessage(trx: Knex.Transaction, instance: InstanceRow, changes: WaitChanges, checked: Set<string>): Promise<{ executionId: string; variables: Variables } | undefined> {
    for (const subscription of changes.subscriptions) {
      // within the step, the correlation lock keeps a checked subscription's answer valid
      if (checked.has(subscription.execution_id)) continue;
      checked.add(subscription.execution_id);
      await lockCorrelation(trx, subscription.message_name, subscription.correlation_key);
      const variables = await takeBufferedMessage(trx, subscription, instance.bpmn_process_id, new Date(this.clock.nowMs()));
      if (variables) return { executionId: subscription.execution_id, variables };
    }
    return undefined;
  }

  /**
   * Runs the first job the step opened whose handler may run in the step (JobWorkerOptions.inStep),
   * in a savepoint, and completes it in the run; true when one completed. A job whose handler fails
   * here stays a job, handed out after the commit (its writes rolled back with the savepoint).
   */
  private async runJobInStep(trx: Knex.Transaction, instance: InstanceRow, run: ProcessRun, jobs: WaitChanges['jobs'], tried: Set<string>, publications: DeferredPublication[]): Promise<boolean> {
    for (const job of jobs) {
      const handler = this.inStepHandler(job.type);
      if (!handler || tried.has(job.execution_id)) continue;
      tried.add(job.execution_id);
      // The same key if the transaction runs again (a deadlock retry resumes the same stored state, so
      // the same execution id): the handler's keyed writes then find their first attempt's.
      const key = `${instance.key}-${job.execution_id}`;
      const serviceJob: ServiceJob = {
        key,
        type: job.type,
        processInstanceKey: instance.key,
        bpmnProcessId: instance.bpmn_process_id,
        elementId: job.element_id,
        elementInstanceKey: key,
        customHeaders: job.custom_headers,
        variables: { ...structuredClone(run.variables), ...job.local_variables },
        retries: job.retries,
      };
      // a BPMN error is thrown out of the savepoint too: it becomes an ordinary job, nothing of it kept
      let result: JobResult;
      try {
        result = await inStepSavepoint(trx, publications, async () => {
          const answer = await handler(serviceJob);
          if ((answer !== undefined && !isVariables(answer)) || isBpmnError(answer)) throw new Error('handled as a job');
          return answer;
        });
      } catch {
        continue;
      }
      run.completeTask(job.execution_id, job.local_variables, result ?? {});
      return true;
    }
    return false;
  }

  /** The stored state, or for an instance stored before the interpreter, the state its waits say. */
  private async currentState(trx: Knex.Transaction, instanceKey: string, state: EngineState, variables: Variables, model: ProcessModel): Promise<EngineState> {
    if (isCurrentState(state)) return state;
    try {
      return rebuildState(model, await waitsOf(trx, instanceKey), variables, this.clock.nowMs());
    } catch (error) {
      return { format: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  private async incident(trx: Knex.Transaction, instance: InstanceRow, reason: string): Promise<StepEffects> {
    await updateInstance(trx, instance.key, { status: 'incident', state: instance.state, variables: instance.variables, incident: reason });
    return NO_EFFECTS;
  }
}
