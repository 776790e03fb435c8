// `hotline.stamp`: something happened now, by the engine's clock. Writes the instant into a variable
// (`var`, e.g. `receivedAt`), so every later period counts from engine time, and optionally:
//   `event`  — appends a ticket event of that type to the timeline, with the variables named in `record`
//              (comma-separated) as its data;
//   `count`  — adds one to a counter variable (`returnCount`, `extensionCount`, `reworkCount`);
//   `within` — names a due-instant variable and writes `<var>OnTime`: whether now is not after it
//              (true when that deadline is absent);
//   `keep`   — `supplied`: if `var` already holds an instant when the job runs (a start variable), that
//              instant is kept instead of engine time. The city processes stamp `registeredAt` so: a
//              ticket a city migrates from its old system at go-live, or one an intake channel
//              timestamped when the call came in, is registered when it really was, and its rule version
//              is the one in force then (hotline.policy, hotline.deadline). Only `var` keeps that past
//              instant; every later stamp is engine time. The event is dated at the kept instant, with
//              `<var>Supplied: true` and the engine time it was recorded at as `stampedAt`. A supplied
//              instant after the engine's now, or one that is not an instant, fails the job. The kept
//              instant is written in the city's offset, as every stamp.
//   `withdraws` — the id of a user task an interrupting boundary event ended before this stamp (a period
//              that ran out: the 履职尽责说明 nobody submitted); the event records it as `withdrawn`, and
//              the platform takes that step out of the inbox (the engines do not announce a task's end).
// A re-delivered job computes the same result from the same variables and writes the same event key.
import { formatInstant } from '@hotline/rules';
import type { JobHandler, Variables } from '../port';
import { JobInputError, countVariable, optionalHeader, optionalInstantVariable, ticketOf, variableNameHeader } from './job-input';
import type { WorkerDeps } from './worker-deps';

export const STAMP_JOB_TYPE = 'hotline.stamp';
/** The values of the `keep` header. */
const KEEP = ['supplied'] as const;

export function stampWorker(deps: Pick<WorkerDeps, 'rulesFor' | 'now' | 'sink'>): JobHandler {
  return async (job) => {
    const name = variableNameHeader(job, 'var', true);
    const eventType = optionalHeader(job, 'event');
    const counter = variableNameHeader(job, 'count', false);
    const within = variableNameHeader(job, 'within', false);
    const recorded = (optionalHeader(job, 'record') ?? '').split(',').map((v) => v.trim()).filter(Boolean);
    for (const variable of recorded) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) throw new JobInputError(job, `the task header "record" must list variables, got "${variable}"`);
    }
    const withdraws = optionalHeader(job, 'withdraws');
    if (withdraws !== undefined && !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(withdraws)) throw new JobInputError(job, `the task header "withdraws" must name a user task's id, got "${withdraws}"`);
    const keep = optionalHeader(job, 'keep');
    if (keep !== undefined && !(KEEP as readonly string[]).includes(keep)) throw new JobInputError(job, `the task header "keep" must be one of ${KEEP.join(', ')}, got "${keep}"`);
    const { ticketId, city, rules } = ticketOf(job, deps);

    const nowMs = await deps.now();
    const stampedAt = formatInstant(nowMs, rules.offsetMinutes);
    const supplied = keep === 'supplied' ? optionalInstantVariable(job, name) : undefined;
    if (supplied !== undefined && supplied.ms > nowMs) {
      throw new JobInputError(job, `the supplied "${name}" ${supplied.text} lies after the engine's now ${stampedAt}`);
    }
    const at = supplied === undefined ? stampedAt : formatInstant(supplied.ms, rules.offsetMinutes);
    const result: Variables = { [name]: at };
    if (counter !== undefined) result[counter] = countVariable(job, counter) + 1;
    if (within !== undefined) {
      const due = optionalInstantVariable(job, within);
      result[`${name}OnTime`] = due === undefined || nowMs <= due.ms;
    }

    if (eventType !== undefined) {
      const data: Variables = Object.fromEntries(recorded.map((variable) => [variable, job.variables[variable] ?? null]));
      await deps.sink.ticketEvent({
        key: job.key,
        ticketId,
        city,
        type: eventType,
        at,
        processInstanceKey: job.processInstanceKey,
        elementId: job.elementId,
        data: {
          ...data,
          ...result,
          ...(keep === undefined ? {} : { [`${name}Supplied`]: supplied !== undefined, stampedAt }),
          ...(withdraws === undefined ? {} : { withdrawn: withdraws }),
        },
      });
    }
    return result;
  };
}
