import { describe, expect, it } from 'vitest';
import { DEADLINE_CHANGED_MESSAGE, WATCH_JOB_TYPE, watchWorker } from '../../src/workers';
import { job, testDeps } from './job-fixture';

const base = { ticketId: 'T-3', city: 'tianjin', handleDue: '2026-12-03T00:00:00+08:00' };

describe('hotline.watch', () => {
  it('points the watch at a stage and moves the live timer with a deadlineChanged message', async () => {
    const deps = testDeps();
    const watched = job(WATCH_JOB_TYPE, { stage: 'handle' }, base);
    const result = await watchWorker(deps)(watched);
    expect(result).toEqual({ watchStage: 'handle', watchDue: '2026-12-03T00:00:00+08:00' });
    expect(deps.published).toEqual([
      { name: DEADLINE_CHANGED_MESSAGE, correlationKey: 'T-3', variables: result, messageId: `deadlineChanged-${watched.key}`, timeToLiveMs: 86_400_000 },
    ]);
  });

  it('watches nothing when the stage has no deadline, stops with "none" and ends with "closed"', async () => {
    const deps = testDeps();
    expect(await watchWorker(deps)(job(WATCH_JOB_TYPE, { stage: 'returnVisit' }, { ...base, returnVisitDue: null }))).toEqual({ watchStage: 'returnVisit', watchDue: null });
    expect(await watchWorker(deps)(job(WATCH_JOB_TYPE, { stage: 'none' }, base))).toEqual({ watchStage: 'none', watchDue: null });
    expect(await watchWorker(deps)(job(WATCH_JOB_TYPE, { stage: 'closed' }, base))).toEqual({ watchStage: 'closed', watchDue: null });
    expect(deps.published).toHaveLength(3);
  });

  it('refuses to watch a deadline nobody computed', async () => {
    const deps = testDeps();
    await expect(watchWorker(deps)(job(WATCH_JOB_TYPE, { stage: 'accept' }, base))).rejects.toThrow(/no "acceptDue" to watch/);
    expect(deps.published).toEqual([]);
  });
});
