// `hotline.supervise`: records a supervision entry 督办. Headers: `trigger` (a supervision trigger key of
// the pack, e.g. `overdue`, `reworkStillDissatisfied`); `stage` (optional: the stage concerned, with its
// instant `<stage>Due`). Without `stage` the job comes from the deadline watch, whose timer waited on
// one rung of the watched stage's ladder (`watchNextKind`, watch-ladder.ts):
//   a warning 预警 — recorded under the warning's own trigger (with a `warned` ticket event carrying its
//     label) if its instant has really come by the engine's clock; the job answers `overdue: false` with
//     the next rung, so the watch re-arms there;
//   the due instant (`due`, or no rung at all: a ticket started before warnings) — recorded under the
//     header's trigger if `watchDue` has really passed.
// The timer may have fired on an instant that has moved since (an extension was approved a moment
// before), or the stage may have ended meanwhile: then nothing is recorded, the job answers
// `overdue: false` and the rung still ahead, and the watch re-arms on what holds now.
// The entry's key is the job key: a re-delivered job records nothing twice. A trigger the ticket's rule
// version does not list is still recorded (an overdue ticket is supervised in every city), with no label.
import { formatInstant, isOverdue } from '@hotline/rules';
import type { JobHandler, Variables } from '../port';
import { optionalInstantVariable, optionalStringVariable, ruleVersionOf, ticketOf, variableNameHeader } from './job-input';
import { DUE_RUNG, nextRung, warningsVariable } from './watch-ladder';
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
    const watched = stageHeader === undefined;
    const warnings = watched ? warningsVariable(job, 'watchWarnings') : [];
    const rung = watched ? (optionalStringVariable(job, 'watchNextKind') ?? DUE_RUNG) : DUE_RUNG;
    const warning = rung === DUE_RUNG ? undefined : warnings.find((w) => w.key === rung);
    const stillAhead = (): Variables => ({ overdue: false, ...nextRung(warnings, due?.text ?? null, { ms: nowMs }) });
    if (watched) {
      const at = rung === DUE_RUNG ? due?.ms : warning === undefined || due === undefined ? undefined : warning.ms;
      if (at === undefined || !isOverdue(at, nowMs)) return stillAhead();
    }

    const version = ruleVersionOf(job, rules);
    const recorded = warning?.trigger ?? trigger;
    const known = version.supervisionTriggers.find((t) => t.key === recorded);
    const record: SupervisionRecord = {
      key: job.key,
      ticketId,
      city,
      trigger: recorded,
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
    if (warning !== undefined) {
      await deps.sink.ticketEvent({
        key: job.key,
        ticketId,
        city,
        type: 'warned',
        at: record.at,
        processInstanceKey: job.processInstanceKey,
        elementId: job.elementId,
        data: { warning: warning.key, label: warning.label, trigger: warning.trigger, stage, warnAt: warning.at, due: record.due, ruleVersion: version.id },
      });
      return { overdue: false, ...nextRung(warnings, record.due, { key: warning.key }) };
    }
    return { overdue: true, supervision: { trigger, stage, due: record.due, at: record.at, label: record.triggerLabel } };
  };
}
