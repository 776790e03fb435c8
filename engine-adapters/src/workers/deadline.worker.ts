// `hotline.deadline`: when a stage's period ends, from the city's rules, as process variables the
// BPMN timers read (`timeDate="=acceptDue"`).
//
// Headers: `stage` (a rules stage: dispatch, accept, return, handle, extension, rework, returnVisit,
// designatedHandle); `from` (optional: the variable holding the instant the period starts; by default the
// rule's own `countFrom` picks it, so a pack that counts handling from registration (Hangzhou) and one
// that counts from receipt (Tianjin) run the same BPMN); `as` (optional: the prefix of the variables
// written, default the stage; an approved extension is `stage=extension from=handleDue as=handle`).
//
// Writes `<as>Due` (ISO-8601 in the city's offset), `<as>DueProvisional`, `<as>Allowed` and `<as>Reason`
// (why the rules forbid or lack the stage; then `<as>Due` is null), `<as>Start` (the instant the stage
// began) and `<as>Warnings`: the version's warnings 预警 of the stage with the instant each fires, over
// the stage's whole span. An extension (a rule counted from the period's end) keeps the stage's start
// and its warnings, and moves them to the new due instant. The rule version is the one in force
// at `registeredAt`: a ticket keeps the rules it was registered under, unless it carries a
// `ruleVersionOverride` (policy staff moved it to new rules, see the server's migration). A `legalPeriod` variable (a
// statute's period, `{ amount, unit, source }`) overrides the pack's handling period.
//
// A handling period also writes `extensionRequestLatest`: the last instant an extension may be asked
// for (the version's `policies.extension.requestLeadTime` before `handleDue`; null without one), which
// the reply form's guard compares with the engine's time. The header `latest` (the variable holding
// such an instant, on the extension check) refuses the stage by the engine's clock once it has passed,
// with the policy's `lateRequestRefusal` as `<as>Reason`.
// The return window also writes `returnComplexDue`: the longer window of a matter the unit declares
// 疑难复杂 (`policies.return.complexPeriod`, Tianjin 2024 §17; null without one).
// A handling period after a rejected return (`returnRejectedAt` since the current `dispatchedAt`) keeps
// counting from the unit's return request when the version's `policies.return.rejectedRestartsClock`
// is false (Tianjin 2025 §10 办理期限不重新计算), not from its acceptance after the rejection.
import type { CityRules, CountFrom, Deadline, DeadlineWarning, LegalPeriod, RuleVersion } from '@hotline/rules';
import type { JobHandler, ServiceJob } from '../port';
import { JobInputError, instantVariable, optionalInstantVariable, optionalStringVariable, ruleVersionOf, stringVariable, ticketOf, variableNameHeader } from './job-input';
import { warningsVariable } from './watch-ladder';
import type { WorkerDeps } from './worker-deps';

export const DEADLINE_JOB_TYPE = 'hotline.deadline';

/** Which process variable holds the instant a rule counts from. `periodEnd` has none: say `from`. */
export const COUNT_FROM_VARIABLE: Readonly<Record<CountFrom, string | null>> = {
  registration: 'registeredAt',
  dispatch: 'dispatchedAt',
  receipt: 'receivedAt',
  designation: 'designatedAt',
  reply: 'repliedAt',
  rating: 'ratedAt',
  periodEnd: null,
};

const HANDLING_STAGES = new Set(['handle', 'designatedHandle']);

export function deadlineWorker(deps: Pick<WorkerDeps, 'rulesFor' | 'sink' | 'now'>): JobHandler {
  return async (job) => {
    const stage = variableNameHeader(job, 'stage', true);
    const as = variableNameHeader(job, 'as', false) ?? stage;
    const { ticketId, city, rules } = ticketOf(job, deps);
    const type = stringVariable(job, 'type');
    const urgency = optionalStringVariable(job, 'urgency') ?? 'general';
    const registeredAt = instantVariable(job, 'registeredAt');

    const version = ruleVersionOf(job, rules);
    const resolution = rules.resolve(version, { stage, type, urgency });
    if (!resolution.allowed) {
      return { [`${as}Due`]: null, [`${as}DueProvisional`]: false, [`${as}Allowed`]: false, [`${as}Reason`]: resolution.reason, [`${as}Warnings`]: [] };
    }

    const late = await lateRequest(job, deps, version);
    if (late !== undefined) {
      return { [`${as}Due`]: null, [`${as}DueProvisional`]: false, [`${as}Allowed`]: false, [`${as}Reason`]: late, [`${as}Warnings`]: [] };
    }

    const ruleFrom = variableNameHeader(job, 'from', false) ?? COUNT_FROM_VARIABLE[resolution.rule.countFrom];
    if (ruleFrom === null) {
      throw new JobInputError(job, `the ${stage} rule counts from the end of the current period: name that variable in the "from" header`);
    }
    const fromVariable = HANDLING_STAGES.has(stage) && keepsRunningPeriod(job, version, ruleFrom) ? 'returnRequestedAt' : ruleFrom;
    const from = instantVariable(job, fromVariable);
    const legalPeriod = HANDLING_STAGES.has(stage) ? legalPeriodOf(job) : undefined;
    const deadline = rules.deadline({ stage, type, urgency, from: from.ms, at: registeredAt.ms, version: version.id, ...(legalPeriod ? { legalPeriod } : {}) });

    // An extension continues the running stage: its start and its warnings stay, the span grows.
    const extension = resolution.rule.countFrom === 'periodEnd';
    const start = extension ? optionalInstantVariable(job, `${as}Start`) : from;
    const declared = extension ? kept(version, warningsVariable(job, `${as}Warnings`)) : (version.warnings ?? []).filter((w) => w.stage === stage);
    const warnings = start === undefined ? [] : warningsOf(rules, version, declared, start.ms, deadline);

    await deps.sink.ticketEvent({
      key: job.key,
      ticketId,
      city,
      type: 'deadlineSet',
      at: deadline.from,
      processInstanceKey: job.processInstanceKey,
      elementId: job.elementId,
      data: {
        stage,
        as,
        from: fromVariable,
        due: deadline.due,
        provisional: deadline.provisional,
        ruleVersion: deadline.ruleVersion,
        period: { ...deadline.period },
        mode: deadline.mode,
        countFrom: deadline.countFrom,
        source: deadline.source,
        ...(deadline.assumption === undefined ? {} : { assumption: deadline.assumption }),
        ...(deadline.legalOverride === undefined ? {} : { legalOverride: deadline.legalOverride }),
        ...(warnings.length === 0 ? {} : { warnings: warnings.map((w) => ({ key: w.key, at: w.at })) }),
      },
    });
    const handling = HANDLING_STAGES.has(as);
    const latest = handling ? rules.extensionRequestLatest(version, deadline.dueMs) : null;
    const complex = stage === 'return' ? rules.complexReturnDue({ type, urgency, from: from.ms, at: registeredAt.ms, version: version.id }) : null;
    return {
      ...(handling ? { extensionRequestLatest: latest?.at ?? null } : {}),
      ...(stage === 'return' ? { [`${as}ComplexDue`]: complex?.due ?? null } : {}),
      [`${as}Due`]: deadline.due,
      [`${as}DueProvisional`]: deadline.provisional,
      [`${as}Allowed`]: true,
      [`${as}Reason`]: null,
      ...(start === undefined ? {} : { [`${as}Start`]: start.text }),
      [`${as}Warnings`]: warnings,
    };
  };
}

/**
 * The refusal when the `latest` header names an instant the engine's clock has passed (an extension asked
 * for later than the lead time allows); undefined when there is none or it has not passed.
 */
async function lateRequest(job: ServiceJob, deps: Pick<WorkerDeps, 'now'>, version: RuleVersion): Promise<string | undefined> {
  const latestVariable = variableNameHeader(job, 'latest', false);
  if (latestVariable === undefined) return undefined;
  const latest = optionalInstantVariable(job, latestVariable);
  if (latest === undefined || (await deps.now()) <= latest.ms) return undefined;
  return version.policies.extension.lateRequestRefusal ?? `已超过最晚申请时间 ${latest.text}`;
}

/**
 * Whether a handling period keeps counting from the unit's return request: a return of the current
 * dispatch was rejected, the version does not restart the period then, and the rule would count from later.
 */
function keepsRunningPeriod(job: ServiceJob, version: RuleVersion, fromVariable: string): boolean {
  if (version.policies.return.rejectedRestartsClock) return false;
  const rejected = optionalInstantVariable(job, 'returnRejectedAt');
  const requested = optionalInstantVariable(job, 'returnRequestedAt');
  if (rejected === undefined || requested === undefined) return false;
  const dispatched = optionalInstantVariable(job, 'dispatchedAt');
  if (dispatched !== undefined && rejected.ms < dispatched.ms) return false;
  const from = optionalInstantVariable(job, fromVariable);
  return from !== undefined && requested.ms < from.ms;
}

/** The version's warnings the running stage already had (by key). */
function kept(version: RuleVersion, running: ReadonlyArray<{ key: string }>): DeadlineWarning[] {
  return (version.warnings ?? []).filter((w) => running.some((r) => r.key === w.key));
}

function warningsOf(rules: CityRules, version: RuleVersion, declared: readonly DeadlineWarning[], startMs: number, deadline: Deadline) {
  return rules
    .warningInstants(version, declared, { startMs, dueMs: deadline.dueMs, unit: deadline.period.unit, mode: deadline.mode })
    .map((w) => ({ key: w.key, trigger: w.trigger, label: w.label, at: w.at }));
}

function legalPeriodOf(job: ServiceJob): LegalPeriod | undefined {
  const value = job.variables.legalPeriod;
  if (value === undefined || value === null) return undefined;
  const period = value as Partial<LegalPeriod>;
  const units = ['minute', 'hour', 'day', 'workingDay'];
  if (
    typeof value !== 'object' ||
    typeof period.amount !== 'number' ||
    !Number.isInteger(period.amount) ||
    period.amount <= 0 ||
    typeof period.unit !== 'string' ||
    !units.includes(period.unit) ||
    typeof period.source !== 'string' ||
    period.source === ''
  ) {
    throw new JobInputError(job, `the variable "legalPeriod" must be { amount: positive integer, unit: ${units.join('|')}, source: statute }, got ${JSON.stringify(value)}`);
  }
  return { amount: period.amount, unit: period.unit, source: period.source, ...(period.mode ? { mode: period.mode } : {}) } as LegalPeriod;
}

