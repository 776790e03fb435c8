// `hotline.supervise`: records a supervision entry 督办. Headers: `trigger` (a supervision trigger key of
// the pack, e.g. `overdue`, `reworkStillDissatisfied`); `stage` (optional: the stage concerned; by
// default the stage the deadline watch was watching, `watchStage`, with its instant `watchDue`).
// The entry's key is the job key: a re-delivered job records nothing twice. A trigger the ticket's rule
// version does not list is still recorded (an overdue ticket is supervised in every city), with no label.
import { formatInstant } from '@hotline/rules';
import type { JobHandler } from '../port';
import { instantVariable, optionalStringVariable, ticketOf, variableNameHeader } from './job-input';
import type { SupervisionRecord, WorkerDeps } from './worker-deps';

export const SUPERVISE_JOB_TYPE = 'hotline.supervise';

export function superviseWorker(deps: Pick<WorkerDeps, 'rulesFor' | 'now' | 'sink'>): JobHandler {
  return async (job) => {
    const trigger = variableNameHeader(job, 'trigger', true);
    const stageHeader = variableNameHeader(job, 'stage', false);
    const { ticketId, city, rules } = ticketOf(job, deps);
    const version = rules.versionAt(instantVariable(job, 'registeredAt').ms);
    const known = version.supervisionTriggers.find((t) => t.key === trigger);

    const stage = stageHeader ?? optionalStringVariable(job, 'watchStage') ?? null;
    const due = optionalStringVariable(job, stageHeader === undefined ? 'watchDue' : `${stageHeader}Due`) ?? null;
    const record: SupervisionRecord = {
      key: job.key,
      ticketId,
      city,
      trigger,
      triggerLabel: known?.label ?? null,
      triggerSource: known?.source ?? null,
      stage,
      due,
      at: formatInstant(await deps.now(), rules.offsetMinutes),
      ruleVersion: version.id,
      processInstanceKey: job.processInstanceKey,
      elementId: job.elementId,
    };
    await deps.sink.supervision(record);
    return { supervision: { trigger, stage, due, at: record.at, label: record.triggerLabel } };
  };
}
