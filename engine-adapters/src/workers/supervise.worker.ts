// `hotline.supervise`: records a supervision entry 督办. Headers: `trigger` (a supervision trigger key of
// the pack, e.g. `overdue`, `reworkStillDissatisfied`); `stage` (optional: the stage concerned, with its
// instant `<stage>Due`). Without `stage` the job comes from the deadline watch: it supervises the stage
// the watch was watching (`watchStage`, due `watchDue`), and only if that deadline has really passed
// by the engine's clock. The timer may have fired on an instant that has moved since (an extension was
// approved a moment before), or the stage may have ended meanwhile: then nothing is recorded and the
// job answers `overdue: false`, and the watch re-arms on the instant that holds now.
// The entry's key is the job key: a re-delivered job records nothing twice. A trigger the ticket's rule
// version does not list is still recorded (an overdue ticket is supervised in every city), with no label.
import { formatInstant } from '@hotline/rules';
import type { JobHandler } from '../port';
import { optionalInstantVariable, optionalStringVariable, ruleVersionOf, ticketOf, variableNameHeader } from './job-input';
import type { SupervisionRecord, WorkerDeps } from './worker-deps';

export const SUPERVISE_JOB_TYPE = 'hotline.supervise';

export function superviseWorker(deps: Pick<WorkerDeps, 'rulesFor' | 'now' | 'sink'>): JobHandler {
  return async (job) => {
    const trigger = variableNameHeader(job, 'trigger', true);
    const stageHeader = variableNameHeader(job, 'stage', false);
    const { ticketId, city, rules } = ticketOf(job, deps);
    const nowMs = await deps.now();

    const stage = stageHeader ?? optionalStringVariable(job, 'watchStage') ?? null;
    const due = optionalInstantVariable(job, stageHeader === undefined ? 'watchDue' : `${stageHeader}Due`);
    if (stageHeader === undefined && (due === undefined || nowMs < due.ms)) return { overdue: false };

    const version = ruleVersionOf(job, rules);
    const known = version.supervisionTriggers.find((t) => t.key === trigger);
    const record: SupervisionRecord = {
      key: job.key,
      ticketId,
      city,
      trigger,
      triggerLabel: known?.label ?? null,
      triggerSource: known?.source ?? null,
      stage,
      due: due?.text ?? null,
      at: formatInstant(nowMs, rules.offsetMinutes),
      ruleVersion: version.id,
      processInstanceKey: job.processInstanceKey,
      elementId: job.elementId,
    };
    await deps.sink.supervision(record);
    return { overdue: true, supervision: { trigger, stage, due: record.due, at: record.at, label: record.triggerLabel } };
  };
}
