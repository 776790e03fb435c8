// From a settled run to the side tables: waits the engine has and the tables lack are opened (their
// zeebe properties evaluated now, as Zeebe does when an element activates), rows whose wait is gone
// are closed. Waits match by execution id, kept in the run's state.
import type { InstanceWaits, WaitChanges } from './instance.repository';
import type { ProcessModel } from './process-model';
import type { ProcessRun } from './process-run';
import { candidateGroups, requireString, taskLocals } from './variable-scopes';
import { resolveValue } from './feel';

/** Zeebe's default when `zeebe:taskDefinition retries` is absent. */
const DEFAULT_RETRIES = 3;

/** Plans the changes; throws FeelEvaluationError when a property cannot be evaluated (an incident). */
export function planWaits(run: ProcessRun, existing: InstanceWaits, model: ProcessModel, nowMs: number): WaitChanges {
  const open = run.completed ? { tasks: [], timers: [], subscriptions: [] } : { tasks: [...run.tasks.values()], timers: run.openTimers(), subscriptions: [...run.subscriptions.values()] };
  const known = (rows: { execution_id: string }[]) => new Set(rows.map((r) => r.execution_id));
  const gone = (rows: { key: string; execution_id: string }[], live: { executionId: string }[]) => {
    const liveIds = new Set(live.map((w) => w.executionId));
    return rows.filter((r) => !liveIds.has(r.execution_id)).map((r) => r.key);
  };
  const evaluate = (value: string) => resolveValue(value, run.variables, nowMs);

  const changes: WaitChanges = {
    userTasks: [],
    jobs: [],
    timers: [],
    subscriptions: [],
    closed: {
      userTasks: gone(existing.userTasks, open.tasks),
      jobs: gone(existing.jobs, open.tasks),
      timers: gone(existing.timers, open.timers),
      subscriptions: gone(existing.subscriptions, open.subscriptions),
    },
  };

  const knownTasks = new Set([...known(existing.userTasks), ...known(existing.jobs)]);
  for (const task of open.tasks.filter((t) => !knownTasks.has(t.executionId))) {
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

  const knownTimers = known(existing.timers);
  for (const timer of open.timers.filter((t) => !knownTimers.has(t.executionId))) {
    changes.timers.push({ element_id: timer.elementId, execution_id: timer.executionId, due_at: timer.dueAt });
  }

  const knownSubscriptions = known(existing.subscriptions);
  for (const subscription of open.subscriptions.filter((s) => !knownSubscriptions.has(s.executionId))) {
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
