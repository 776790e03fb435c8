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

  it('keeps an instant supplied as a start variable (keep=supplied), dating the event at it', async () => {
    const deps = testDeps('2026-11-23T09:00:00+08:00');
    const headers = { var: 'registeredAt', event: 'registered', keep: 'supplied', record: 'channel' };
    const migrated = job(STAMP_JOB_TYPE, headers, { ...base, channel: 'phone', registeredAt: '2025-12-31T10:00:00+08:00' });
    expect(await stampWorker(deps)(migrated)).toEqual({ registeredAt: '2025-12-31T10:00:00+08:00' });
    // Written in the city's offset, as every stamp.
    expect(await stampWorker(deps)(job(STAMP_JOB_TYPE, { var: 'registeredAt', keep: 'supplied' }, { ...base, registeredAt: '2025-12-31T02:00:00Z' }))).toEqual({
      registeredAt: '2025-12-31T10:00:00+08:00',
    });
    const fresh = job(STAMP_JOB_TYPE, headers, { ...base, channel: 'phone', registeredAt: null });
    expect(await stampWorker(deps)(fresh)).toEqual({ registeredAt: '2026-11-23T09:00:00+08:00' });
    expect(deps.sink.events.map((e) => [e.at, e.data])).toEqual([
      ['2025-12-31T10:00:00+08:00', { channel: 'phone', registeredAt: '2025-12-31T10:00:00+08:00', registeredAtSupplied: true, stampedAt: '2026-11-23T09:00:00+08:00' }],
      ['2026-11-23T09:00:00+08:00', { channel: 'phone', registeredAt: '2026-11-23T09:00:00+08:00', registeredAtSupplied: false, stampedAt: '2026-11-23T09:00:00+08:00' }],
    ]);
  });

  it('overwrites a variable that is already set unless keep=supplied says otherwise (a re-dispatch stamps again)', async () => {
    const deps = testDeps('2026-11-24T10:00:00+08:00');
    expect(await stampWorker(deps)(job(STAMP_JOB_TYPE, { var: 'dispatchedAt' }, { ...base, dispatchedAt: '2026-11-23T10:00:00+08:00' }))).toEqual({
      dispatchedAt: '2026-11-24T10:00:00+08:00',
    });
  });

  it('refuses a supplied instant after the engine clock, one that is not an instant, and an unknown keep', async () => {
    const deps = testDeps('2026-11-23T09:00:00+08:00');
    const keep = { var: 'registeredAt', keep: 'supplied' };
    await expect(stampWorker(deps)(job(STAMP_JOB_TYPE, keep, { ...base, registeredAt: '2026-11-23T09:00:00.001+08:00' }))).rejects.toThrow(/lies after the engine's now/);
    await expect(stampWorker(deps)(job(STAMP_JOB_TYPE, keep, { ...base, registeredAt: '2025-12-31' }))).rejects.toThrow(/is not an instant/);
    await expect(stampWorker(deps)(job(STAMP_JOB_TYPE, { ...keep, keep: 'always' }, base))).rejects.toThrow(/"keep" must be one of supplied/);
  });

  it('records the step an interrupting boundary ended (withdraws), so the inbox drops it', async () => {
    const deps = testDeps('2026-11-26T00:00:00+08:00');
    const lapsed = job(STAMP_JOB_TYPE, { var: 'dutyStatementLapsedAt', event: 'dutyStatementLapsed', withdraws: 'dutyStatement' }, base);
    expect(await stampWorker(deps)(lapsed)).toEqual({ dutyStatementLapsedAt: '2026-11-26T00:00:00+08:00' });
    expect(deps.sink.events).toEqual([expect.objectContaining({ type: 'dutyStatementLapsed', data: { dutyStatementLapsedAt: '2026-11-26T00:00:00+08:00', withdrawn: 'dutyStatement' } })]);
    await expect(stampWorker(deps)(job(STAMP_JOB_TYPE, { var: 'x', event: 'e', withdraws: 'not an id' }, base))).rejects.toThrow(/withdraws/);
  });

  it('refuses a header that does not name a variable', async () => {
    await expect(stampWorker(testDeps())(job(STAMP_JOB_TYPE, { var: 'received at' }, base))).rejects.toThrow(/must name a variable/);
    await expect(stampWorker(testDeps())(job(STAMP_JOB_TYPE, { var: 'x', count: 'n' }, { ...base, n: 'two' }))).rejects.toThrow(/must be a count/);
  });
});
