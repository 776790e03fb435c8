// The worker of a fused rule chain (rule-chains.ts): runs each step's registered handler in order, as the
// job of that step would have run, and answers once for the whole chain.
// - Each step sees a job of its own: key `<chain job key>-<step element id>` (its keyed side effects stay
//   apart from the other steps', and a re-run of the chain finds them), its original element id, type
//   and headers, and the variables as the steps before it left them.
// - The chain's result is every step's variables merged, later steps winning, as process variables
//   would have been.
// - A step answering a BPMN error ends the chain with that error (the variables the steps before it
//   set travel with it); only chains without error boundaries are fused, so the error goes where the
//   step's would have gone.
// - A step that throws fails the chain job, which is retried as a whole: the steps are idempotent by key.
import { EngineError, type JobHandler, type ServiceJob, type Variables } from '../port';
import { CHAIN_STEPS_HEADER, type ChainStep } from './rule-chains';
import { isBpmnError } from './service-job.worker';

export function chainWorker(handlerOf: (type: string) => JobHandler | undefined): JobHandler {
  return async (job) => {
    const steps = chainSteps(job);
    const variables: Variables = { ...job.variables };
    const result: Variables = {};
    for (const step of steps) {
      const handler = handlerOf(step.type);
      if (!handler) throw new EngineError('INVALID_ARGUMENT', `chain ${job.elementId} (job ${job.key}): no worker for "${step.type}" of step ${step.elementId}`);
      const outcome = await handler(stepJob(job, step, variables));
      if (isBpmnError(outcome)) {
        return { bpmnError: { ...outcome.bpmnError, variables: { ...result, ...(outcome.bpmnError.variables ?? {}) } } };
      }
      Object.assign(variables, outcome ?? {});
      Object.assign(result, outcome ?? {});
    }
    return result;
  };
}

export function stepJob(job: ServiceJob, step: ChainStep, variables: Variables): ServiceJob {
  return { ...job, key: `${job.key}-${step.elementId}`, type: step.type, elementId: step.elementId, customHeaders: { ...step.headers }, variables: { ...variables } };
}

function chainSteps(job: ServiceJob): ChainStep[] {
  const header = job.customHeaders[CHAIN_STEPS_HEADER];
  const steps: unknown = header === undefined ? undefined : JSON.parse(header);
  if (!Array.isArray(steps) || steps.length === 0) throw new EngineError('INVALID_ARGUMENT', `chain ${job.elementId} (job ${job.key}): the header "${CHAIN_STEPS_HEADER}" lists no steps`);
  return steps as ChainStep[];
}
