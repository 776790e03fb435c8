// One state change of one instance, inside the caller's transaction: lock the row, recover the engine,
// act, settle, take buffered messages for new subscriptions, then write the state, the variables and
// the side tables together. A run that fails (an error no BPMN element catches, FEEL that cannot be
// evaluated) leaves the instance where it was, with status `incident` and the reason.
import type { Knex } from 'knex';

import type { Variables } from '../port';
import type { DefinitionRow } from './definition.repository';
import type { RunClock } from './engine-elements';
import { FeelEvaluationError } from './feel';
import { insertInstance, lockInstance, updateInstance, waitsOf, writeWaits } from './instance.repository';
import type { InstanceRow, WaitChanges } from './instance.repository';
import { allocateKeys } from './keys';
import { lockCorrelation, takeBufferedMessage } from './message.repository';
import type { ModelCache } from './model-cache';
import type { ProcessModel } from './process-model';
import { ProcessRun } from './process-run';
import { planWaits } from './wait-plan';

/** What the adapter does once the transaction committed. */
export interface StepEffects {
  /** User tasks to announce. */
  userTasks: string[];
  jobsCreated: boolean;
  timersChanged: boolean;
}

export const NO_EFFECTS: StepEffects = { userTasks: [], jobsCreated: false, timersChanged: false };

export function mergeEffects(a: StepEffects, b: StepEffects): StepEffects {
  return { userTasks: [...a.userTasks, ...b.userTasks], jobsCreated: a.jobsCreated || b.jobsCreated, timersChanged: a.timersChanged || b.timersChanged };
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
  ) {}

  async create(trx: Knex.Transaction, definition: DefinitionRow, variables: Variables): Promise<{ processInstanceKey: string; effects: StepEffects }> {
    const [key] = (await allocateKeys(trx, 1)) as [string];
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
    const model = await this.models.get(definition.key);
    const run = await ProcessRun.start(model, key, structuredClone(variables), this.clock);
    return { processInstanceKey: key, effects: await this.persist(trx, instance, model, run) };
  }

  async step<T>(trx: Knex.Transaction, instanceKey: string, act: StepAction<T>): Promise<StepOutcome<T>> {
    const instance = await lockInstance(trx, instanceKey);
    if (!instance || instance.status !== 'active' || !instance.state) return { kind: 'inactive', instance };
    const model = await this.models.get(instance.definition_key);
    const run = await ProcessRun.resume(model, instance.key, instance.state, structuredClone(instance.variables), this.clock);
    if (run.failure) {
      await this.incident(trx, instance, run.failure.message);
      return { kind: 'inactive', instance: { ...instance, status: 'incident', incident: run.failure.message } };
    }
    const result = await act(run, instance);
    return { kind: 'stepped', result, effects: await this.persist(trx, instance, model, run) };
  }

  private async persist(trx: Knex.Transaction, instance: InstanceRow, model: ProcessModel, acted: ProcessRun): Promise<StepEffects> {
    const existing = await waitsOf(trx, instance.key);
    let run = acted;
    for (;;) {
      run = await run.settle();
      if (run.failure) return this.incident(trx, instance, run.failure.message);
      let changes: WaitChanges;
      try {
        changes = planWaits(run, existing, model, this.clock.nowMs());
      } catch (error) {
        if (error instanceof FeelEvaluationError) return this.incident(trx, instance, error.message);
        throw error;
      }
      const buffered = await this.bufferedMessage(trx, instance, changes);
      if (!buffered) {
        const userTasks = await writeWaits(trx, instance, changes);
        await updateInstance(trx, instance.key, {
          status: run.completed ? 'completed' : 'active',
          state: run.completed ? null : await run.snapshot(),
          variables: run.variables,
          incident: null,
        });
        return { userTasks, jobsCreated: changes.jobs.length > 0, timersChanged: changes.timers.length + changes.closed.timers.length > 0 };
      }
      run.deliverMessage(buffered.executionId, buffered.variables);
    }
  }

  /** A message published before this subscription opened, still within its time-to-live. */
  private async bufferedMessage(trx: Knex.Transaction, instance: InstanceRow, changes: WaitChanges): Promise<{ executionId: string; variables: Variables } | undefined> {
    for (const subscription of changes.subscriptions) {
      await lockCorrelation(trx, subscription.message_name, subscription.correlation_key);
      const variables = await takeBufferedMessage(trx, subscription, instance.bpmn_process_id, new Date(this.clock.nowMs()));
      if (variables) return { executionId: subscription.execution_id, variables };
    }
    return undefined;
  }

  private async incident(trx: Knex.Transaction, instance: InstanceRow, reason: string): Promise<StepEffects> {
    await updateInstance(trx, instance.key, { status: 'incident', state: instance.state, variables: instance.variables, incident: reason });
    return NO_EFFECTS;
  }
}
