// The platform's job workers: the service tasks of the city processes (`cities/<id>/processes/*.bpmn`).
import type { JobHandler, WorkflowEngine } from '../port';
import { DEADLINE_JOB_TYPE, deadlineWorker } from './deadline.worker';
import { POLICY_JOB_TYPE, policyWorker } from './policy.worker';
import { STAMP_JOB_TYPE, stampWorker } from './stamp.worker';
import { SUPERVISE_JOB_TYPE, superviseWorker } from './supervise.worker';
import { WATCH_JOB_TYPE, watchWorker } from './watch.worker';
import type { WorkerDeps } from './worker-deps';

export const HOTLINE_JOB_TYPES = [DEADLINE_JOB_TYPE, POLICY_JOB_TYPE, STAMP_JOB_TYPE, SUPERVISE_JOB_TYPE, WATCH_JOB_TYPE] as const;
export type HotlineJobType = (typeof HOTLINE_JOB_TYPES)[number];

export interface HotlineWorkerOptions {
  /** How long a `deadlineChanged` message is buffered (engine time). */
  deadlineChangedTtlMs?: number;
}

/** Every worker, by job type. */
export function createHotlineWorkers(deps: WorkerDeps, options: HotlineWorkerOptions = {}): Record<HotlineJobType, JobHandler> {
  return {
    [DEADLINE_JOB_TYPE]: deadlineWorker(deps),
    [POLICY_JOB_TYPE]: policyWorker(deps),
    [STAMP_JOB_TYPE]: stampWorker(deps),
    [SUPERVISE_JOB_TYPE]: superviseWorker(deps),
    [WATCH_JOB_TYPE]: watchWorker(deps, options.deadlineChangedTtlMs === undefined ? {} : { timeToLiveMs: options.deadlineChangedTtlMs }),
  };
}

/**
 * Registers every worker on an engine (before `start()`), with the engine's own clock and message
 * publication unless the caller passes others.
 */
export function registerHotlineWorkers(
  engine: WorkflowEngine,
  deps: Pick<WorkerDeps, 'rulesFor' | 'sink'> & Partial<Pick<WorkerDeps, 'now' | 'publish'>>,
  options: HotlineWorkerOptions = {},
): void {
  const workers = createHotlineWorkers(
    {
      rulesFor: deps.rulesFor,
      sink: deps.sink,
      now: deps.now ?? (() => engine.clock.now()),
      publish:
        deps.publish ??
        ((message) => engine.publishMessage(message.name, message.correlationKey, message.variables, { messageId: message.messageId, timeToLiveMs: message.timeToLiveMs })),
    },
    options,
  );
  for (const [type, handler] of Object.entries(workers)) engine.registerJobWorker(type, handler, { inStep: true });
}

export { COUNT_FROM_VARIABLE, DEADLINE_JOB_TYPE, deadlineWorker } from './deadline.worker';
export { POLICY_JOB_TYPE, policyWorker } from './policy.worker';
export { STAMP_JOB_TYPE, stampWorker } from './stamp.worker';
export { SUPERVISE_JOB_TYPE, superviseWorker } from './supervise.worker';
export { DEADLINE_CHANGED_MESSAGE, DEADLINE_CHANGED_TTL_MS, WATCH_ENTRY_ELEMENT, WATCH_JOB_TYPE, watchWorker } from './watch.worker';
export { JobInputError, RULE_VERSION_OVERRIDE_VARIABLE } from './job-input';
export { createMemorySink } from './memory-sink';
export type { MemorySink } from './memory-sink';
export type { OutgoingMessage, SupervisionRecord, TicketEvent, WorkerDeps, WorkerSink } from './worker-deps';
