// Messages on the deadline wait: a deadlineChanged message moves the timer; a message published
// before the wait opens is buffered for its time-to-live; a messageId is refused while buffered; a
// message correlates once per process. And a timer whose expression yields nothing is an incident.
import type { Knex } from 'knex';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { TestEngine } from './embedded.harness';
import { at, DAY, engineDatabase, fixture, HOUR, instance, pendingTimers, startEngine, T0 } from './embedded.harness';

let db: Knex;
let engine: TestEngine['engine'];

beforeAll(async () => {
  db = await engineDatabase();
});

beforeEach(async () => {
  ({ engine } = await startEngine(db));
  await engine.clock.pin(T0);
  await engine.deploy([fixture('deadline-wait.bpmn')]);
});

async function waitFor(ticketId: string, dueAt: number): Promise<string> {
  const { processInstanceKey } = await engine.createInstance('deadline-wait', { ticketId, dueAt: at(dueAt) });
  return processInstanceKey;
}

describe('the deadline wait', () => {
  it('moves to the instant a deadlineChanged message brings, and fires there', async () => {
    const key = await waitFor('TJ-20', T0 + 3 * DAY);
    expect(await pendingTimers(db, key)).toEqual([['deadlineReached', T0 + 3 * DAY]]);

    await engine.publishMessage('deadlineChanged', 'TJ-20', { dueAt: at(T0 + 5 * DAY) });
    expect(await pendingTimers(db, key)).toEqual([['deadlineReached', T0 + 5 * DAY]]);

    await engine.clock.advance(4 * DAY);
    expect((await instance(db, key)).status).toBe('active');
    await engine.clock.advance(DAY);
    expect((await instance(db, key)).status).toBe('completed');
  });

  it('takes a message published before it opened, within the time-to-live, once', async () => {
    await engine.publishMessage('deadlineChanged', 'TJ-21', { dueAt: at(T0 + 9 * DAY) }, { timeToLiveMs: HOUR });
    const key = await waitFor('TJ-21', T0 + 3 * DAY);
    // Correlated on opening; the loop's new subscription does not take the same message again.
    expect(await pendingTimers(db, key)).toEqual([['deadlineReached', T0 + 9 * DAY]]);
    expect((await instance(db, key)).variables.dueAt).toBe(at(T0 + 9 * DAY));
  });

  it('does not take a message whose time-to-live ended, nor one published with none', async () => {
    await engine.publishMessage('deadlineChanged', 'TJ-22', { dueAt: at(T0 + 9 * DAY) }, { timeToLiveMs: HOUR });
    await engine.publishMessage('deadlineChanged', 'TJ-22', { dueAt: at(T0 + 8 * DAY) });
    await engine.clock.advance(2 * HOUR);
    const key = await waitFor('TJ-22', T0 + 3 * DAY);
    expect(await pendingTimers(db, key)).toEqual([['deadlineReached', T0 + 3 * DAY]]);
  });

  it('refuses a messageId again while the first message is buffered', async () => {
    const key = await waitFor('TJ-23', T0 + 3 * DAY);
    await engine.publishMessage('deadlineChanged', 'TJ-23', { dueAt: at(T0 + 5 * DAY) }, { messageId: 'extension-1', timeToLiveMs: HOUR });
    await engine.publishMessage('deadlineChanged', 'TJ-23', { dueAt: at(T0 + 7 * DAY) }, { messageId: 'extension-1', timeToLiveMs: HOUR });
    expect(await pendingTimers(db, key)).toEqual([['deadlineReached', T0 + 5 * DAY]]);

    await engine.publishMessage('deadlineChanged', 'TJ-23', { dueAt: at(T0 + 6 * DAY) }, { messageId: 'extension-2', timeToLiveMs: HOUR });
    expect(await pendingTimers(db, key)).toEqual([['deadlineReached', T0 + 6 * DAY]]);
  });

  it('correlates a message to one instance of a process, the one that waited longest', async () => {
    const older = await waitFor('TJ-24', T0 + 3 * DAY);
    const newer = await waitFor('TJ-24', T0 + 3 * DAY);
    await engine.publishMessage('deadlineChanged', 'TJ-24', { dueAt: at(T0 + 4 * DAY) });
    expect(await pendingTimers(db, older)).toEqual([['deadlineReached', T0 + 4 * DAY]]);
    expect(await pendingTimers(db, newer)).toEqual([['deadlineReached', T0 + 3 * DAY]]);
  });

  it('stops an instance whose timer expression yields nothing with an incident naming the timer', async () => {
    const { processInstanceKey } = await engine.createInstance('deadline-wait', { ticketId: 'TJ-25' });
    const stopped = await instance(db, processInstanceKey);
    expect(stopped.status).toBe('incident');
    expect(stopped.incident).toContain("timer '=dueAt' of 'deadlineReached' gave null");
    expect((await engine.incidents()).map((i) => i.processInstanceKey)).toContain(processInstanceKey);
    await engine.cancelInstance(processInstanceKey);
    expect((await instance(db, processInstanceKey)).status).toBe('canceled');
  });

  it('stops an instance whose correlation key is no string or number with an incident', async () => {
    const { processInstanceKey } = await engine.createInstance('deadline-wait', { dueAt: at(T0 + DAY) });
    expect(await instance(db, processInstanceKey)).toMatchObject({
      status: 'incident',
      incident: "FEEL '=ticketId' failed: the correlation key must be a string or a number, got null",
    });
  });
});
