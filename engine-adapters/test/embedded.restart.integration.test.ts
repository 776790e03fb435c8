// A restart is a new engine object on the same database: it carries on where the stopped one was,
// announces the open tasks again under the same keys, and fires each pending timer exactly once,
// including timers that fell due while no engine ran.
import type { Knex } from 'knex';
import { beforeAll, describe, expect, it } from 'vitest';

import { at, DAY, engineDatabase, fixture, HOUR, instance, openTask, pendingTimers, startEngine, T0 } from './embedded.harness';

let db: Knex;
beforeAll(async () => {
  db = await engineDatabase();
});

/** The lifecycle's jobs; reminders are counted across engines. */
function handlers(reminders: string[]) {
  return {
    'hotline.deadline': async () => ({ acceptDue: at(T0 + DAY), dueAt: at(T0 + 5 * DAY) }),
    'hotline.remind': async (job: { key: string }) => {
      reminders.push(job.key);
      return { reminded: true };
    },
    'hotline.notify': async () => ({}),
  };
}

/** Runs a ticket into handling: two unit tasks open, the 24-hour reminder pending. */
async function ticketInHandling(ticketId: string, reminders: string[]) {
  const first = await startEngine(db, handlers(reminders));
  await first.engine.clock.pin(T0);
  await first.engine.deploy([fixture('ticket-lifecycle.bpmn')]);
  const { processInstanceKey } = await first.engine.createInstance('ticket-lifecycle', { ticketId, units: ['water', 'roads'] });
  await first.engine.idle();
  const accept = await openTask(db, first.announced, processInstanceKey, 'acceptTicket');
  expect(await first.engine.completeUserTask(accept.key, { decision: 'accept' })).toBe('completed');
  await first.engine.idle();
  const unitKeys = first.announced.filter((t) => t.elementId === 'handleByUnits').map((t) => t.key);
  expect(unitKeys).toHaveLength(2);
  expect((await pendingTimers(db, processInstanceKey)).map(([id]) => id)).toEqual(['handleReminder']);
  return { first, processInstanceKey, unitKeys };
}

describe('restart', () => {
  it('announces open tasks again with the same keys and fires the pending timer once', async () => {
    const reminders: string[] = [];
    const { first, processInstanceKey, unitKeys } = await ticketInHandling('TJ-100', reminders);
    await first.engine.stop();

    const second = await startEngine(db, handlers(reminders));
    await second.engine.idle(); // the open tasks are announced in the background
    const again = second.announced.filter((t) => t.processInstanceKey === processInstanceKey);
    expect(again.map((t) => t.key)).toEqual(unitKeys);
    expect(again.map((t) => t.variables.unit)).toEqual(['water', 'roads']);
    expect(reminders).toEqual([]);

    await second.engine.clock.advance(25 * HOUR);
    await second.engine.idle();
    expect(reminders).toHaveLength(1);
    await second.engine.clock.advance(2 * DAY);
    await second.engine.idle();
    expect(reminders).toHaveLength(1);

    // The work goes on under the new engine with the keys the old one gave.
    for (const key of unitKeys) expect(await second.engine.completeUserTask(key, { reply: 'done' })).toBe('completed');
    await second.engine.idle();
    expect(second.announced.filter((t) => t.processInstanceKey === processInstanceKey && t.elementId === 'reviewCompletion')).toHaveLength(1);
  });

  it('carries on an instance the earlier engine (bpmn-engine) stored: rebuilt from its waits, same keys, its timer fires once', async () => {
    const reminders: string[] = [];
    const { first, processInstanceKey, unitKeys } = await ticketInHandling('TJ-103', reminders);
    await first.engine.stop();
    // what bpmn-engine's getState() stored: no trace of the interpreter's format
    await db('engine_process_instance').where({ key: processInstanceKey }).update({ state: JSON.stringify({ name: processInstanceKey, state: 'running', engineVersion: '25.0.1', definitions: [] }) });

    const second = await startEngine(db, handlers(reminders));
    await second.engine.clock.advance(25 * HOUR);
    await second.engine.idle();
    expect(reminders).toHaveLength(1);
    for (const key of unitKeys) expect(await second.engine.completeUserTask(key, { reply: 'done' })).toBe('completed');
    await second.engine.idle();
    expect(second.announced.filter((t) => t.processInstanceKey === processInstanceKey && t.elementId === 'reviewCompletion')).toHaveLength(1);
    expect((await instance(db, processInstanceKey)).status).toBe('active');
    expect(await second.engine.incidents()).toEqual([]);
  });

  it('fires on start a timer that fell due while no engine ran, once', async () => {
    const reminders: string[] = [];
    const { first, processInstanceKey } = await ticketInHandling('TJ-101', reminders);
    await first.engine.stop();

    // A day and more passes with the engine down (the clock was pinned: its pinned instant moves).
    await db('engine_clock').where({ id: 1 }).increment('pinned_ms', 25 * HOUR);

    const second = await startEngine(db, handlers(reminders));
    await second.engine.idle();
    expect(reminders).toHaveLength(1);
    expect(await pendingTimers(db, processInstanceKey)).toEqual([]);
    await second.engine.stop();

    const third = await startEngine(db, handlers(reminders));
    await third.engine.idle();
    expect(reminders).toHaveLength(1);
    expect((await instance(db, processInstanceKey)).status).toBe('active');
  });

  it('hands a job out again after a restart when its completion never committed; the late one is dropped', async () => {
    const calls: string[] = [];
    let release = (): void => undefined;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    const first = await startEngine(db, {
      'hotline.deadline': async (job) => {
        calls.push(job.key);
        await stuck; // the side effect happened, the completion has not committed: as in a crash
        return { acceptDue: at(T0 + DAY), late: true };
      },
    });
    await first.engine.clock.pin(T0);
    const { processInstanceKey } = await first.engine.createInstance('ticket-lifecycle', { ticketId: 'TJ-102', units: [] });
    await expect.poll(() => calls.length).toBe(1);

    const second = await startEngine(db, {
      'hotline.deadline': async (job) => {
        calls.push(job.key);
        return { acceptDue: at(T0 + DAY) };
      },
    });
    await second.engine.idle();
    expect(calls).toEqual([calls[0], calls[0]]);
    await openTask(db, second.announced, processInstanceKey, 'acceptTicket');

    release();
    await first.engine.stop();
    expect((await instance(db, processInstanceKey)).variables).not.toHaveProperty('late');
  });

  it('announces every one of more open tasks than a page holds after a restart, each once', async () => {
    const xml = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
      <bpmn:process id="oneTask" isExecutable="true">
        <bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" /><bpmn:userTask id="wait" />
      </bpmn:process>
    </bpmn:definitions>`;
    const first = await startEngine(db);
    await first.engine.deploy([{ name: 'one-task.bpmn', xml }]);
    const created = await Promise.all(Array.from({ length: 1_100 }, () => first.engine.createInstance('oneTask', {})));
    await first.engine.stop();

    const second = await startEngine(db);
    await second.engine.idle();
    const ours = new Set(created.map((c) => c.processInstanceKey));
    const again = second.announced.filter((t) => ours.has(t.processInstanceKey));
    expect(again).toHaveLength(1_100); // more than two pages of them, each once
    expect(new Set(again.map((t) => t.key)).size).toBe(1_100);
  });
});
