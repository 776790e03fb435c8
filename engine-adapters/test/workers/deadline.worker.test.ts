import { describe, expect, it } from 'vitest';
import { DEADLINE_JOB_TYPE, JobInputError, deadlineWorker } from '../../src/workers';
import { job, testDeps } from './job-fixture';

const FRI = '2026-11-20T16:00:00+08:00'; // RULES.md's example: 1 working day from here ends Monday 24:00
const ticket = (city: string, extra: Record<string, unknown> = {}) => ({ ticketId: 'T-1', city, type: 'complaint', urgency: 'general', registeredAt: FRI, ...extra });

describe('hotline.deadline', () => {
  it('writes <stage>Due in the city offset, counted from the variable the rule names (accept counts from dispatch)', async () => {
    const deps = testDeps();
    const result = await deadlineWorker(deps)(job(DEADLINE_JOB_TYPE, { stage: 'accept' }, ticket('tianjin', { dispatchedAt: FRI })));
    expect(result).toEqual({ acceptDue: '2026-11-24T00:00:00+08:00', acceptDueProvisional: false, acceptAllowed: true, acceptReason: null, acceptStart: FRI,
      // the 2025 rules' acceptHalf: half of the working day counted from Monday
      acceptWarnings: [{ key: 'acceptHalf', label: '签收时限已过半', trigger: 'acceptWarning', at: '2026-11-23T12:00:00+08:00' }],
    });
  });

  it('lets the pack decide where a period starts: Hangzhou counts handling from registration, Tianjin from receipt', async () => {
    const deps = testDeps();
    const receivedAt = '2026-11-23T10:00:00+08:00';
    const hangzhou = await deadlineWorker(deps)(job(DEADLINE_JOB_TYPE, { stage: 'handle' }, ticket('hangzhou', { receivedAt })));
    const tianjin = await deadlineWorker(deps)(job(DEADLINE_JOB_TYPE, { stage: 'handle' }, ticket('tianjin', { receivedAt })));
    expect(hangzhou).toMatchObject({ handleDue: '2026-12-02T00:00:00+08:00' }); // 7 working days from Fri 11-20
    expect(tianjin).toMatchObject({ handleDue: '2026-12-03T00:00:00+08:00' }); // 7 working days from Mon 11-23
  });

  it('takes the start instant from the "from" header and writes under "as" (an approved extension moves handleDue)', async () => {
    const deps = testDeps();
    const result = await deadlineWorker(deps)(
      job(DEADLINE_JOB_TYPE, { stage: 'extension', from: 'handleDue', as: 'handle' }, ticket('tianjin', { handleDue: '2026-10-16T00:00:00+08:00' })),
    );
    // RULES.md: a deadline of 2026-10-15 24:00 extended by 7 working days ends 2026-10-26 24:00.
    expect(result).toMatchObject({ handleDue: '2026-10-27T00:00:00+08:00', handleAllowed: true });
  });

  it("writes the stage's warnings 预警 with the instant each fires, in working time (Turpan §29: 75 % of handling)", async () => {
    const deps = testDeps();
    const receivedAt = '2026-11-23T10:00:00+08:00'; // Monday; a help ticket has 5 working days: due Tue 12-01 00:00
    const result = await deadlineWorker(deps)(job(DEADLINE_JOB_TYPE, { stage: 'handle' }, ticket('turpan', { type: 'help', receivedAt })));
    // 3.75 of the 5 counted days (Tue–Sat skipped weekend): Tue, Wed, Thu and three quarters of Friday.
    expect(result).toMatchObject({
      handleDue: '2026-12-01T00:00:00+08:00',
      handleStart: receivedAt,
      handleWarnings: [{ key: 'handleThreeQuarters', trigger: 'warning', label: '办理时限已过四分之三', at: '2026-11-27T18:00:00+08:00' }],
    });
    expect(deps.sink.events[0]?.data).toMatchObject({ warnings: [{ key: 'handleThreeQuarters', at: '2026-11-27T18:00:00+08:00' }] });
  });

  it('moves the warnings with an approved extension, over the whole span from the first start to the new due instant', async () => {
    const deps = testDeps();
    const running = {
      type: 'help',
      handleDue: '2026-12-01T00:00:00+08:00',
      handleStart: '2026-11-23T10:00:00+08:00',
      handleWarnings: [{ key: 'handleThreeQuarters', trigger: 'warning', label: '办理时限已过四分之三', at: '2026-11-27T18:00:00+08:00' }],
    };
    const result = await deadlineWorker(deps)(job(DEADLINE_JOB_TYPE, { stage: 'extension', from: 'handleDue', as: 'handle' }, ticket('turpan', running)));
    // + 5 working days → due Tue 12-08 00:00; 7.5 of the 10 counted days: to noon on Thursday 12-03.
    expect(result).toMatchObject({ handleDue: '2026-12-08T00:00:00+08:00', handleStart: running.handleStart });
    expect(result).toMatchObject({ handleWarnings: [{ ...running.handleWarnings[0], at: '2026-12-03T12:00:00+08:00' }] });
  });

  it('says why when the rules forbid the stage, and leaves no due instant', async () => {
    const deps = testDeps();
    const result = await deadlineWorker(deps)(job(DEADLINE_JOB_TYPE, { stage: 'extension', from: 'handleDue' }, ticket('tianjin', { type: 'consult', handleDue: FRI })));
    expect(result).toEqual({ extensionDue: null, extensionDueProvisional: false, extensionAllowed: false, extensionReason: '咨询类事项不得延期', extensionWarnings: [] });
    expect(deps.sink.events).toEqual([]);
  });

  it('says why when the rules give the stage no period (Turpan sets no dispatch period)', async () => {
    const result = await deadlineWorker(testDeps())(job(DEADLINE_JOB_TYPE, { stage: 'dispatch' }, ticket('turpan')));
    expect(result).toMatchObject({ dispatchDue: null, dispatchAllowed: false });
    expect(String((result as Record<string, unknown>).dispatchReason)).toMatch(/set no dispatch period/);
  });

  it('uses the rule version in force at registration: Tianjin 2015 for a ticket registered on 2025-12-31', async () => {
    const deps = testDeps();
    const registeredAt = '2025-12-31T10:00:00+08:00';
    const vars = ticket('tianjin', { type: 'help', registeredAt, receivedAt: '2026-01-05T09:00:00+08:00' });
    const result = await deadlineWorker(deps)(job(DEADLINE_JOB_TYPE, { stage: 'handle' }, vars));
    // 2015 §19: general help 2 working days (the 2025 rules would give 7).
    expect(result).toMatchObject({ handleDue: '2026-01-08T00:00:00+08:00' });
    expect(deps.sink.events[0]?.data).toMatchObject({ ruleVersion: '2015', stage: 'handle', from: 'receivedAt' });
  });

  it('applies a statutory period to handling (legal-period override)', async () => {
    const legalPeriod = { amount: 15, unit: 'workingDay', source: '《政府信息公开条例》第三十三条' };
    const deps = testDeps();
    const result = await deadlineWorker(deps)(job(DEADLINE_JOB_TYPE, { stage: 'handle' }, ticket('tianjin', { receivedAt: FRI, legalPeriod })));
    expect(result).toMatchObject({ handleDue: '2026-12-12T00:00:00+08:00' });
    expect(deps.sink.events[0]?.data).toMatchObject({ legalOverride: legalPeriod.source });
  });

  it('records the budget on the timeline once per job, even when the job is delivered twice', async () => {
    const deps = testDeps();
    const delivered = job(DEADLINE_JOB_TYPE, { stage: 'accept' }, ticket('turpan', { dispatchedAt: FRI }));
    const first = await deadlineWorker(deps)(delivered);
    const second = await deadlineWorker(deps)(delivered);
    expect(second).toEqual(first);
    expect(deps.sink.events).toHaveLength(1);
    expect(deps.sink.events[0]).toMatchObject({
      key: delivered.key,
      type: 'deadlineSet',
      ticketId: 'T-1',
      data: { stage: 'accept', due: '2026-11-21T04:00:00+08:00', period: { amount: 12, unit: 'hour' }, source: expect.stringContaining('§14') },
    });
  });

  it('fails loudly when the start instant is missing or the header is', async () => {
    const worker = deadlineWorker(testDeps());
    await expect(worker(job(DEADLINE_JOB_TYPE, { stage: 'accept' }, ticket('tianjin')))).rejects.toThrow(/"dispatchedAt" must be a non-empty string/);
    await expect(worker(job(DEADLINE_JOB_TYPE, {}, ticket('tianjin')))).rejects.toThrow(JobInputError);
    await expect(worker(job(DEADLINE_JOB_TYPE, { stage: 'extension' }, ticket('tianjin', { handleDue: FRI })))).rejects.toThrow(/name that variable in the "from" header/);
    await expect(worker(job(DEADLINE_JOB_TYPE, { stage: 'accept' }, ticket('tianjin', { dispatchedAt: '2026-11-20 16:00' })))).rejects.toThrow(/not an instant/);
    await expect(worker(job(DEADLINE_JOB_TYPE, { stage: 'accept' }, ticket('atlantis', { dispatchedAt: FRI })))).rejects.toThrow(/unknown city/);
  });

  describe('an extension asked at least 1 working day before the due instant (Tianjin 2025 §12)', () => {
    const handleDue = '2026-12-03T00:00:00+08:00'; // Wednesday 12-02 24:00

    it('writes with the handling period the last instant a request is allowed: 1 working day earlier', async () => {
      const result = await deadlineWorker(testDeps())(job(DEADLINE_JOB_TYPE, { stage: 'handle' }, ticket('tianjin', { receivedAt: '2026-11-23T10:00:00+08:00' })));
      expect(result).toMatchObject({ handleDue, extensionRequestLatest: '2026-12-02T00:00:00+08:00' });
      // Turpan sets no lead time.
      const turpan = await deadlineWorker(testDeps())(job(DEADLINE_JOB_TYPE, { stage: 'handle' }, ticket('turpan', { type: 'help', receivedAt: '2026-11-23T10:00:00+08:00' })));
      expect(turpan).toMatchObject({ extensionRequestLatest: null });
    });

    it('refuses the extension by the engine clock once that instant has passed, with the rule’s own sentence', async () => {
      const check = { stage: 'extension', from: 'handleDue', latest: 'extensionRequestLatest' };
      const variables = ticket('tianjin', { handleDue, extensionRequestLatest: '2026-12-02T00:00:00+08:00' });
      const onTime = await deadlineWorker(testDeps('2026-12-02T00:00:00+08:00'))(job(DEADLINE_JOB_TYPE, check, variables));
      expect(onTime).toMatchObject({ extensionAllowed: true });
      const dueDay = await deadlineWorker(testDeps('2026-12-02T09:00:00+08:00'))(job(DEADLINE_JOB_TYPE, check, variables));
      expect(dueDay).toMatchObject({ extensionAllowed: false, extensionDue: null, extensionReason: '应当在工单办理期限到期前至少提前1个工作日提出延期申请（实施细则第十二条）' });
    });
  });

  describe('a rejected return does not restart the handling period (Tianjin 2025 §10)', () => {
    const dispatch = { dispatchedAt: '2026-11-23T10:00:00+08:00', returnRequestedAt: '2026-11-23T11:00:00+08:00', returnRejectedAt: '2026-11-23T15:00:00+08:00' };

    it('counts from the return request, not from the acceptance after the rejection', async () => {
      const deps = testDeps();
      const result = await deadlineWorker(deps)(job(DEADLINE_JOB_TYPE, { stage: 'handle' }, ticket('tianjin', { ...dispatch, receivedAt: '2026-11-24T10:00:00+08:00' })));
      expect(result).toMatchObject({ handleDue: '2026-12-03T00:00:00+08:00', handleStart: dispatch.returnRequestedAt });
      expect(deps.sink.events[0]?.data).toMatchObject({ from: 'returnRequestedAt' });
    });

    it('restarts for a later dispatch (an approved return re-dispatched the ticket)', async () => {
      const result = await deadlineWorker(testDeps())(
        job(DEADLINE_JOB_TYPE, { stage: 'handle' }, ticket('tianjin', { ...dispatch, dispatchedAt: '2026-11-24T09:00:00+08:00', receivedAt: '2026-11-24T10:00:00+08:00' })),
      );
      expect(result).toMatchObject({ handleDue: '2026-12-04T00:00:00+08:00', handleStart: '2026-11-24T10:00:00+08:00' });
    });
  });

  it('writes the longer return window of a 疑难复杂 matter beside the ordinary one (Tianjin 2024 §17), none where the pack has none', async () => {
    const dispatchedAt = '2026-11-23T10:00:00+08:00';
    const header = { stage: 'return', from: 'dispatchedAt' };
    const tianjin = await deadlineWorker(testDeps())(job(DEADLINE_JOB_TYPE, header, ticket('tianjin', { dispatchedAt })));
    expect(tianjin).toMatchObject({ returnDue: '2026-11-25T00:00:00+08:00', returnComplexDue: '2026-11-26T00:00:00+08:00' });
    const turpan = await deadlineWorker(testDeps())(job(DEADLINE_JOB_TYPE, header, ticket('turpan', { dispatchedAt })));
    expect(turpan).toMatchObject({ returnComplexDue: null });
  });
});
