// `hotline.watch`: points the ticket's deadline watch at a stage and moves its live timer.
//
// The process keeps one watch token per ticket: an event-based gateway between a timer on `watchDue`
// and a `deadlineChanged` message (correlation key `ticketId`) that loops back to re-read the instant
// (BPMN-SUBSET.md, "Timers"). The user task being watched is never interrupted. This worker sets
// `watchStage`/`watchDue` from `<stage>Due`, `watchWarnings` from `<stage>Warnings`, and the rung the
// timer waits on (`watchNextAt`/`watchNextKind`: the first warning still ahead by the engine's clock,
// else the due instant; see watch-ladder.ts), and publishes `deadlineChanged` carrying the same
// variables, so the watch re-arms on the new instant however the engine orders the message and the
// job's completion. A warning whose moved instant has already passed is not raised again: it passed
// at its earlier instant too. Header `stage`: a stage whose `<stage>Due` the previous steps wrote, `none` (stop
// watching: the stage is done) or `closed` (the ticket is closed: the watch ends).
// The message id is derived from the job key (a re-delivered job's message is a duplicate), and the
// message is buffered for `timeToLiveMs` in case the watch is between two events when it is published.
import type { JobHandler, Variables } from '../port';
import { JobInputError, optionalInstantVariable, ticketOf, variableNameHeader } from './job-input';
import { nextRung, warningsVariable } from './watch-ladder';
import type { WorkerDeps } from './worker-deps';

export const WATCH_JOB_TYPE = 'hotline.watch';
export const DEADLINE_CHANGED_MESSAGE = 'deadlineChanged';
/** Where the watch loops back to re-read `watchStage`/`watchDue`; a migration re-arms the watch there. */
export const WATCH_ENTRY_ELEMENT = 'watchMerge';
/** Engine time a `deadlineChanged` message waits for the watch to be ready for it. */
export const DEADLINE_CHANGED_TTL_MS = 24 * 60 * 60 * 1000;

export function watchWorker(deps: Pick<WorkerDeps, 'rulesFor' | 'publish' | 'now'>, options: { timeToLiveMs?: number } = {}): JobHandler {
  const timeToLiveMs = options.timeToLiveMs ?? DEADLINE_CHANGED_TTL_MS;
  return async (job) => {
    const stage = variableNameHeader(job, 'stage', true);
    const { ticketId } = ticketOf(job, deps);
    let watchDue: string | null = null;
    let warnings: ReturnType<typeof warningsVariable> = [];
    if (stage !== 'none' && stage !== 'closed') {
      if (!(`${stage}Due` in job.variables)) {
        throw new JobInputError(job, `there is no "${stage}Due" to watch: compute it (hotline.deadline stage=${stage}) before watching it`);
      }
      watchDue = optionalInstantVariable(job, `${stage}Due`)?.text ?? null;
      if (watchDue !== null) warnings = warningsVariable(job, `${stage}Warnings`);
    }
    const variables: Variables = {
      watchStage: stage,
      watchDue,
      watchWarnings: warnings.map(({ ms: _ms, ...rung }) => rung),
      ...nextRung(warnings, watchDue, { ms: await deps.now() }),
    };
    await deps.publish({ name: DEADLINE_CHANGED_MESSAGE, correlationKey: ticketId, variables, messageId: `${DEADLINE_CHANGED_MESSAGE}-${job.key}`, timeToLiveMs });
    return variables;
  };
}
