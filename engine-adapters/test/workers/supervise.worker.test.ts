import { describe, expect, it } from 'vitest';
import { SUPERVISE_JOB_TYPE, superviseWorker } from '../../src/workers';
import { job, testDeps } from './job-fixture';

const watching = (city: string) => ({
  ticketId: 'T-9',
  city,
  type: 'complaint',
  registeredAt: '2026-11-20T16:00:00+08:00',
  watchStage: 'accept',
  watchDue: '2026-11-24T00:00:00+08:00',
});

describe('hotline.supervise', () => {
  it('records the overdue stage the watch was on, with the trigger as the pack words it', async () => {
    const deps = testDeps('2026-11-24T00:00:00+08:00');
    const result = await superviseWorker(deps)(job(SUPERVISE_JOB_TYPE, { trigger: 'overdue' }, watching('tianjin')));
    expect(deps.sink.supervisions).toEqual([
      expect.objectContaining({
        ticketId: 'T-9',
        trigger: 'overdue',
        triggerLabel: '超出办理期限未办结',
        triggerSource: 'tianjin-hotline-measures-2024.txt §22',
        stage: 'accept',
        due: '2026-11-24T00:00:00+08:00',
        at: '2026-11-24T00:00:00+08:00',
        ruleVersion: '2025',
      }),
    ]);
    expect(result).toEqual({
      overdue: true,
      supervision: { trigger: 'overdue', stage: 'accept', due: '2026-11-24T00:00:00+08:00', at: '2026-11-24T00:00:00+08:00', label: '超出办理期限未办结' },
    });
  });

  it('records nothing when the watched deadline has moved past now or the stage has ended, so the watch re-arms', async () => {
    const deps = testDeps('2026-11-24T00:00:00+08:00');
    const moved = await superviseWorker(deps)(job(SUPERVISE_JOB_TYPE, { trigger: 'overdue' }, { ...watching('tianjin'), watchDue: '2026-11-24T00:00:00.001+08:00' }));
    const ended = await superviseWorker(deps)(job(SUPERVISE_JOB_TYPE, { trigger: 'overdue' }, { ...watching('tianjin'), watchStage: 'none', watchDue: null }));
    expect([moved, ended]).toEqual([
      { overdue: false, watchNextAt: '2026-11-24T00:00:00.001+08:00', watchNextKind: 'due' },
      { overdue: false, watchNextAt: null, watchNextKind: null },
    ]);
    expect(deps.sink.supervisions).toEqual([]);
  });

  describe('on a warning rung (预警)', () => {
    const laddered = {
      ...watching('turpan'),
      watchStage: 'handle',
      watchDue: '2026-12-01T00:00:00+08:00',
      watchWarnings: [{ key: 'handleThreeQuarters', trigger: 'warning', label: '办理时限已过四分之三', at: '2026-11-27T18:00:00+08:00' }],
      watchNextAt: '2026-11-27T18:00:00+08:00',
      watchNextKind: 'handleThreeQuarters',
    };

    it("records the warning under its own trigger, as the pack words it, puts it on the timeline and re-arms on the due instant", async () => {
      const deps = testDeps('2026-11-27T18:00:00+08:00');
      const result = await superviseWorker(deps)(job(SUPERVISE_JOB_TYPE, { trigger: 'overdue' }, laddered));
      expect(result).toEqual({ overdue: false, watchNextAt: '2026-12-01T00:00:00+08:00', watchNextKind: 'due' });
      expect(deps.sink.supervisions).toEqual([
        expect.objectContaining({ trigger: 'warning', triggerLabel: '预警', triggerSource: 'turpan-hotline-measures-2021.txt §29', stage: 'handle', due: '2026-12-01T00:00:00+08:00', at: '2026-11-27T18:00:00+08:00' }),
      ]);
      expect(deps.sink.events).toEqual([
        expect.objectContaining({ type: 'warned', at: '2026-11-27T18:00:00+08:00', data: expect.objectContaining({ warning: 'handleThreeQuarters', label: '办理时限已过四分之三', ruleVersion: '2021' }) }),
      ]);
    });

    it('says under which rule version it judged the warning: a migrated ticket’s override, not its registration’s (its reminders follow it)', async () => {
      const deps = testDeps('2026-11-27T18:00:00+08:00');
      const tianjin = { ...laddered, ...watching('tianjin'), watchStage: 'handle', watchDue: laddered.watchDue };
      await superviseWorker(deps)(job(SUPERVISE_JOB_TYPE, { trigger: 'overdue' }, tianjin));
      // registered in 2026: the 2025 rules; moved onto the 2015 rules by a migration: those
      await superviseWorker(deps)(job(SUPERVISE_JOB_TYPE, { trigger: 'overdue' }, { ...tianjin, ruleVersionOverride: '2015' }));
      expect(deps.sink.events.map((e) => e.data.ruleVersion)).toEqual(['2025', '2015']);
    });

    it('records nothing before the warning instant (the deadline moved meanwhile) and re-arms on the rung still ahead', async () => {
      const deps = testDeps('2026-11-27T17:59:59+08:00');
      const result = await superviseWorker(deps)(job(SUPERVISE_JOB_TYPE, { trigger: 'overdue' }, laddered));
      expect(result).toEqual({ overdue: false, watchNextAt: '2026-11-27T18:00:00+08:00', watchNextKind: 'handleThreeQuarters' });
      expect(deps.sink.supervisions).toEqual([]);
    });

    it('records nothing for a warning the ladder no longer holds', async () => {
      const deps = testDeps('2026-11-27T18:00:00+08:00');
      const result = await superviseWorker(deps)(job(SUPERVISE_JOB_TYPE, { trigger: 'overdue' }, { ...laddered, watchWarnings: [] }));
      expect(result).toEqual({ overdue: false, watchNextAt: '2026-12-01T00:00:00+08:00', watchNextKind: 'due' });
      expect(deps.sink.supervisions).toEqual([]);
    });
  });

  it('is idempotent on the job key', async () => {
    const deps = testDeps('2026-11-25T08:00:00+08:00');
    const delivered = job(SUPERVISE_JOB_TYPE, { trigger: 'overdue' }, watching('turpan'));
    await superviseWorker(deps)(delivered);
    await superviseWorker(deps)(delivered);
    await superviseWorker(deps)(job(SUPERVISE_JOB_TYPE, { trigger: 'overdue' }, watching('turpan')));
    expect(deps.sink.supervisions.map((s) => s.key)).toEqual([delivered.key, expect.not.stringMatching(delivered.key)]);
  });

  it('records a trigger the rule version does not list, without a label (Hangzhou lists no plain "overdue")', async () => {
    const deps = testDeps('2026-11-25T08:00:00+08:00');
    await superviseWorker(deps)(job(SUPERVISE_JOB_TYPE, { trigger: 'overdue' }, watching('hangzhou')));
    expect(deps.sink.supervisions[0]).toMatchObject({ trigger: 'overdue', triggerLabel: null, ruleVersion: 'draft-2023' });
  });

  it('names a stage given in a header, with that stage due instant', async () => {
    const deps = testDeps();
    await superviseWorker(deps)(job(SUPERVISE_JOB_TYPE, { trigger: 'reworkStillDissatisfied', stage: 'rework' }, { ...watching('turpan'), reworkDue: '2026-11-26T00:00:00+08:00' }));
    expect(deps.sink.supervisions[0]).toMatchObject({ stage: 'rework', due: '2026-11-26T00:00:00+08:00', triggerLabel: expect.stringContaining('重办') });
  });
});
