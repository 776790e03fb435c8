// `hotline.policy`: the limits of the ticket's rule version that the process branches on, so that no
// number the pack holds is written into the BPMN. Runs once, right after registration; the rule
// version is the one in force at `registeredAt` (or the ticket's `ruleVersionOverride`). It also sets the ticket's counters to zero, so the
// gateways that compare them never meet a missing variable.
import type { JobHandler } from '../port';
import { ruleVersionOf, stringVariable, ticketOf } from './job-input';
import type { WorkerDeps } from './worker-deps';

export const POLICY_JOB_TYPE = 'hotline.policy';

export function policyWorker(deps: Pick<WorkerDeps, 'rulesFor'>): JobHandler {
  return async (job) => {
    const { rules } = ticketOf(job, deps);
    const type = stringVariable(job, 'type');
    const version = ruleVersionOf(job, rules);
    const { policies, rating } = version;
    return {
      ruleVersion: version.id,
      draftRules: version.draft === true,
      /** Who tells the caller of an approved extension (`unit`, `centre`); null: no such step. */
      extensionInformedBy: policies.extension.informCaller?.by ?? null,
      /** null: no limit on the number of extensions (Tianjin 2015). */
      extensionMaxCount: policies.extension.maxCount,
      /** null: the centre never designates a unit automatically. */
      designationAfterReturns: policies.designation.afterReturns,
      designatedUnitMayReturn: policies.designation.designatedUnitMayReturn,
      completionReviewRequired: policies.completionReview.required,
      reworkMaxCount: policies.rework.maxCount,
      ratingLevels: rating.levels.map((level) => level.key),
      reworkRatings: rating.levels.filter((level) => level.triggersRework).map((level) => level.key),
      /** The levels that are a negative rating of the unit (负面评价). */
      negativeRatings: rating.levels.filter((level) => level.negative === true).map((level) => level.key),
      notRatedTypes: [...rating.notRatedTypes],
      ratingRequired: !rating.notRatedTypes.includes(type as never),
      redirectCategories: version.redirectCategories.map((category) => category.key),
      multiUnitModes: [...policies.multiUnit.modes],
      /** After a negative rating the unit may submit a 履职尽责说明 (policies.dutyStatement). */
      dutyStatementOffered: policies.dutyStatement?.offered === true,
      /** The reply may ask to file a matter that cannot be solved for objective reasons (policies.unsolvableFiling). */
      unsolvableFilingOffered: policies.unsolvableFiling?.offered === true,
      returnCount: 0,
      extensionCount: 0,
      reworkCount: 0,
    };
  };
}
