import { describe, expect, it } from 'vitest';
import { POLICY_JOB_TYPE, policyWorker } from '../../src/workers';
import { job, testDeps } from './job-fixture';

const vars = (city: string, type: string, registeredAt = '2026-11-20T16:00:00+08:00') => ({ ticketId: 'T-1', city, type, registeredAt });

describe('hotline.policy', () => {
  it('writes the limits of the rule version in force at registration', async () => {
    const worker = policyWorker(testDeps());
    expect(await worker(job(POLICY_JOB_TYPE, {}, vars('tianjin', 'complaint')))).toEqual({
      ruleVersion: '2025',
      draftRules: false,
      extensionInformedBy: 'unit',
      extensionMaxCount: 2,
      designationAfterReturns: null,
      designatedUnitMayReturn: false,
      completionReviewRequired: false,
      reworkMaxCount: 1,
      ratingLevels: ['satisfied', 'basicallySatisfied', 'dissatisfied'],
      reworkRatings: ['dissatisfied'],
      negativeRatings: ['dissatisfied'],
      notRatedTypes: ['praise', 'suggestion'],
      ratingRequired: true,
      redirectCategories: ['emergencyTransfer', 'legalProcedure', 'secretsPrivacy', 'repeatNoNewFacts'],
      multiUnitModes: ['split', 'leadAndAssist'],
      dutyStatementOffered: true,
      unsolvableFilingOffered: false,
      returnCount: 0,
      extensionCount: 0,
      reworkCount: 0,
    });
  });

  it('gives each city its own limits', async () => {
    const worker = policyWorker(testDeps());
    expect(await worker(job(POLICY_JOB_TYPE, {}, vars('tianjin', 'complaint', '2025-12-31T10:00:00+08:00')))).toMatchObject({ ruleVersion: '2015', extensionMaxCount: null, dutyStatementOffered: true, unsolvableFilingOffered: true, extensionInformedBy: 'centre' });
    expect(await worker(job(POLICY_JOB_TYPE, {}, vars('hangzhou', 'complaint')))).toMatchObject({ draftRules: true, designationAfterReturns: 3, completionReviewRequired: true, dutyStatementOffered: false, unsolvableFilingOffered: false });
    expect(await worker(job(POLICY_JOB_TYPE, {}, vars('turpan', 'praise')))).toMatchObject({
      completionReviewRequired: true,
      extensionInformedBy: 'centre',
      reworkRatings: ['dissatisfied', 'veryDissatisfied'],
      negativeRatings: ['dissatisfied', 'veryDissatisfied'],
      dutyStatementOffered: true,
      unsolvableFilingOffered: false,
      ratingRequired: false,
    });
  });
});
