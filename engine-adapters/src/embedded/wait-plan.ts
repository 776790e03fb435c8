// From a step's run to the side tables: waits the step opened get rows (their zeebe properties
// evaluated now, as Zeebe does when an element activates), rows of waits it closed are closed. Rows
// match waits by execution id, kept in the run's state.
import type { WaitChanges } from './instance.repository';
import type { ProcessModel } from './process-model';
import type { ClosedWait, ProcessRun } from './process-run';
import { candidateGroups, requireString, taskLocals } from './variable-scopes';
import { resolveValue } from './feel';

/** Zeebe's default when `zeebe:taskDefinition retries` is absent. */
const DEFAULT_RETRIES = 3;

/** Plans the changes; throws FeelEvaluationError when a property cannot be evaluated (an incident). */
export function planWaits(run: ProcessRun, model: ProcessModel, nowMs: number): WaitChanges {
  const open = run.opened();
  const evaluate = (value: string) => resolveValue(value, run.variables, nowMs);
  const closed = run.closed();
  const closedIn = (table: ClosedWait['table']) => closed.filter((w) => w.table === table).map((w) => w.executionId);

  const changes: WaitChanges = {
    userTasks: [],
    jobs: [],
    timers: [],
    subscriptions: [],
    closed: { userTasks: closedIn('userTask'), jobs: closedIn('job'), timers: closedIn('timer'), subscriptions: closedIn('subscription') },
  };

  for (const task of open.tasks) {
    const spec = model.tasks.get(task.elementId);
    if (!spec) throw new Error(`element '${task.elementId}' is not a task of process '${model.bpmnProcessId}'`);
    const base = {
      element_id: task.elementId,
      execution_id: task.executionId,
      custom_headers: spec.customHeaders,
      local_variables: taskLocals(spec, task.iteration, run.variables, nowMs),
    };
    if (spec.kind === 'userTask') {
      const formKey = spec.formKey ? evaluate(spec.formKey) : null;
      changes.userTasks.push({
        ...base,
        form_key: formKey === null ? null : String(formKey),
        candidate_groups: spec.candidateGroups ? candidateGroups(evaluate(spec.candidateGroups)) : [],
      });
    } else {
      const jobType = spec.jobType ?? '';
      const retries = spec.retries === undefined ? DEFAULT_RETRIES : Number(evaluate(spec.retries));
      changes.jobs.push({
        ...base,
        type: requireString(jobType, evaluate(jobType), 'the job type'),
        retries: Number.isInteger(retries) && retries > 0 ? retries : DEFAULT_RETRIES,
      });
    }
  }

  for (const timer of open.timers) changes.timers.push({ element_id: timer.elementId, execution_id: timer.executionId, due_at: timer.dueAt });

  for (const subscription of open.subscriptions) {
    const spec = model.messageCatches.get(subscription.elementId);
    if (!spec) throw new Error(`element '${subscription.elementId}' does not catch a message in process '${model.bpmnProcessId}'`);
    changes.subscriptions.push({
      element_id: subscription.elementId,
      execution_id: subscription.executionId,
      message_name: requireString(spec.messageName, evaluate(spec.messageName), 'the message name'),
      correlation_key: requireString(spec.correlationKey, evaluate(spec.correlationKey), 'the correlation key'),
    });
  }
  return changes;
}
