import { describe, expect, it } from 'vitest';
import { STAMP_JOB_TYPE, stampWorker } from '../../src/workers';
import { job, testDeps } from './job-fixture';

const base = { ticketId: 'T-1', city: 'turpan', type: 'complaint' };

describe('hotline.stamp', () => {
  it('writes the engine clock into the named variable, in the city offset', async () => {
    const deps = testDeps('2026-11-20T08:00:00Z');
    expect(await stampWorker(deps)(job(STAMP_JOB_TYPE, { var: 'receivedAt' }, base))).toEqual({ receivedAt: '2026-11-20T16:00:00+08:00' });
    expect(deps.sink.events).toEqual([]);
  });

  it('counts, checks a due instant and records a ticket event with the named variables', async () => {
    const deps = testDeps('2026-11-21T12:00:00+08:00');
    const stamped = job(
      STAMP_JOB_TYPE,
      { var: 'returnRequestedAt', event: 'returnRequested', count: 'returnCount', within: 'returnDue', record: 'unit, returnReason' },
      { ...base, unit: 'water-bureau', returnReason: 'not our duty', returnCount: 1, returnDue: '2026-11-21T12:00:00+08:00' },
    );
    const result = await stampWorker(deps)(stamped);
    expect(result).toEqual({ returnRequestedAt: '2026-11-21T12:00:00+08:00', returnCount: 2, returnRequestedAtOnTime: true });
    await stampWorker(deps)(stamped); // delivered again
    expect(deps.sink.events).toEqual([
      expect.objectContaining({ key: stamped.key, type: 'returnRequested', at: '2026-11-21T12:00:00+08:00', data: { unit: 'water-bureau', returnReason: 'not our duty', ...result } }),
    ]);
  });

  it('is late one millisecond after the due instant, and on time when there is no due instant', async () => {
    const deps = testDeps('2026-11-21T12:00:00.001+08:00');
    const late = await stampWorker(deps)(job(STAMP_JOB_TYPE, { var: 'at', within: 'returnDue' }, { ...base, returnDue: '2026-11-21T12:00:00+08:00' }));
    const noDue = await stampWorker(deps)(job(STAMP_JOB_TYPE, { var: 'at', within: 'returnDue' }, { ...base, returnDue: null }));
    expect(late).toMatchObject({ atOnTime: false });
    expect(noDue).toMatchObject({ atOnTime: true });
  });

  it('refuses a header that does not name a variable', async () => {
    await expect(stampWorker(testDeps())(job(STAMP_JOB_TYPE, { var: 'received at' }, base))).rejects.toThrow(/must name a variable/);
    await expect(stampWorker(testDeps())(job(STAMP_JOB_TYPE, { var: 'x', count: 'n' }, { ...base, n: 'two' }))).rejects.toThrow(/must be a count/);
  });
});
