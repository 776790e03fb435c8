import { describe, expect, it } from 'vitest';
import { DEADLINE_CHANGED_MESSAGE, WATCH_JOB_TYPE, watchWorker } from '../../src/workers';
import { job, testDeps } from './job-fixture';

const base = { ticketId: 'T-3', city: 'tianjin', handleDue: '2026-12-03T00:00:00+08:00' };

describe('hotline.watch', () => {
  it('points the watch at a stage and moves the live timer with a deadlineChanged message', async () => {
    const deps = testDeps();
    const watched = job(WATCH_JOB_TYPE, { stage: 'handle' }, base);
    const result = await watchWorker(deps)(watched);
    expect(result).toEqual({ watchStage: 'handle', watchDue: '2026-12-03T00:00:00+08:00', watchWarnings: [], watchNextAt: '2026-12-03T00:00:00+08:00', watchNextKind: 'due' });
    expect(deps.published).toEqual([
      { name: DEADLINE_CHANGED_MESSAGE, correlationKey: 'T-3', variables: result, messageId: `deadlineChanged-${watched.key}`, timeToLiveMs: 86_400_000 },
    ]);
  });

  it('watches nothing when the stage has no deadline, stops with "none" and ends with "closed"', async () => {
    const deps = testDeps();
    const nothing = { watchDue: null, watchWarnings: [], watchNextAt: null, watchNextKind: null };
    expect(await watchWorker(deps)(job(WATCH_JOB_TYPE, { stage: 'returnVisit' }, { ...base, returnVisitDue: null }))).toEqual({ watchStage: 'returnVisit', ...nothing });
    expect(await watchWorker(deps)(job(WATCH_JOB_TYPE, { stage: 'none' }, base))).toEqual({ watchStage: 'none', ...nothing });
    expect(await watchWorker(deps)(job(WATCH_JOB_TYPE, { stage: 'closed' }, base))).toEqual({ watchStage: 'closed', ...nothing });
    expect(deps.published).toHaveLength(3);
  });

  it('waits first on the earliest warning still ahead by the engine clock, then on the due instant', async () => {
    const warnings = [
      { key: 'late', trigger: 'warning', label: '办理时限已过四分之三', at: '2026-12-01T06:00:00+08:00' },
      { key: 'half', trigger: 'warning', label: '办理时限过半', at: '2026-11-27T12:00:00+08:00' },
    ];
    const deps = testDeps('2026-11-24T09:00:00+08:00');
    const fresh = await watchWorker(deps)(job(WATCH_JOB_TYPE, { stage: 'handle' }, { ...base, handleWarnings: warnings }));
    expect(fresh).toMatchObject({ watchNextAt: '2026-11-27T12:00:00+08:00', watchNextKind: 'half', watchWarnings: [warnings[1], warnings[0]] });
    expect(deps.published[0]?.variables).toEqual(fresh);
    // Moved after both warnings' instants (an extension granted late): they passed already and are not raised again.
    deps.setNow('2026-12-02T09:00:00+08:00');
    expect(await watchWorker(deps)(job(WATCH_JOB_TYPE, { stage: 'handle' }, { ...base, handleWarnings: warnings }))).toMatchObject({ watchNextAt: base.handleDue, watchNextKind: 'due' });
  });

  it('refuses warnings that are not warnings', async () => {
    const deps = testDeps();
    await expect(watchWorker(deps)(job(WATCH_JOB_TYPE, { stage: 'handle' }, { ...base, handleWarnings: [{ key: 'late', at: 'soon' }] }))).rejects.toThrow(/handleWarnings" holds .* not a warning/);
  });

  it('refuses to watch a deadline nobody computed', async () => {
    const deps = testDeps();
    await expect(watchWorker(deps)(job(WATCH_JOB_TYPE, { stage: 'accept' }, base))).rejects.toThrow(/no "acceptDue" to watch/);
    expect(deps.published).toEqual([]);
  });
});
