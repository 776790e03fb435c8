// Two engines on one database, as two server replicas each with its own embedded engine: a job is
// claimed by one of them (FOR UPDATE SKIP LOCKED) and leased to it, so it runs once unless its lease
// ends first; a due timer seen by both fires once (the firing deletes it under the instance lock, the
// other engine's firing finds nothing).
import type { Knex } from 'knex';
import { beforeAll, describe, expect, it } from 'vitest';

import type { JobHandler } from '../src/index';
import { at, DAY, engineDatabase, fixture, HOUR, openTask, pendingTimers, startEngine, T0 } from './embedded.harness';

let db: Knex;
beforeAll(async () => {
  db = await engineDatabase();
});

const INSTANCES = 12;

function handlers(calls: string[]): Record<string, JobHandler> {
  return {
    'hotline.deadline': async (job) => {
      calls.push(`deadline:${job.key}`);
      return { acceptDue: at(T0 + 3 * DAY), dueAt: at(T0 + 5 * DAY) };
    },
    'hotline.remind': async (job) => {
      calls.push(`remind:${job.key}`);
      return { reminded: true };
    },
    'hotline.notify': async () => ({}),
  };
}

const duplicates = (calls: string[]) => calls.filter((c, i) => calls.indexOf(c) !== i);

describe('two engines on one database', () => {
  it('runs every job once and fires every timer once across both', async () => {
    const calls: string[] = [];
    const a = await startEngine(db, handlers(calls), { replicaName: 'replica-a' });
    const b = await startEngine(db, handlers(calls), { replicaName: 'replica-b' });
    await a.engine.clock.pin(T0);
    await b.engine.clock.advance(0); // b reads the moved clock
    await a.engine.deploy([fixture('ticket-lifecycle.bpmn')]);
    await b.engine.deploy([fixture('ticket-lifecycle.bpmn')]);
    // started on either: each engine hands out the jobs it sees, both see all of them
    const keys = await Promise.all(
      Array.from({ length: INSTANCES }, (_, i) => (i % 2 ? a : b).engine.createInstance('ticket-lifecycle', { ticketId: `TJ-${i}`, units: ['water'] })),
    );
    await Promise.all([a.engine.idle(), b.engine.idle()]);
    expect(calls.filter((c) => c.startsWith('deadline:'))).toHaveLength(INSTANCES);
    expect(duplicates(calls)).toEqual([]);

    // accepted on either engine: the unit's task opens with its 24-hour reminder
    for (const [i, { processInstanceKey }] of keys.entries()) {
      const accept = await openTask(db, [...a.announced, ...b.announced], processInstanceKey, 'acceptTicket');
      expect(await (i % 2 ? b : a).engine.completeUserTask(accept.key, { decision: 'accept' })).toBe('completed');
    }
    await Promise.all([a.engine.idle(), b.engine.idle()]);
    for (const { processInstanceKey } of keys) expect((await pendingTimers(db, processInstanceKey)).map(([id]) => id)).toEqual(['handleReminder']);

    // the day passes on both at once: both look for due timers, each reminder fires once
    await Promise.all([a.engine.clock.advance(25 * HOUR), b.engine.clock.advance(0)]);
    await Promise.all([b.engine.clock.advance(0), a.engine.idle()]);
    await Promise.all([a.engine.idle(), b.engine.idle()]);
    expect(calls.filter((c) => c.startsWith('remind:'))).toHaveLength(INSTANCES);
    expect(duplicates(calls)).toEqual([]);
    for (const { processInstanceKey } of keys) expect(await pendingTimers(db, processInstanceKey)).toEqual([]);
  });

  it('leaves a job leased to one engine to it, and takes it over once the lease has ended', async () => {
    const calls: string[] = [];
    let release = (): void => undefined;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    const first = await startEngine(
      db,
      {
        'hotline.deadline': async (job) => {
          calls.push(`first:${job.key}`);
          await stuck; // a handler slower than its lease
          return { acceptDue: at(T0 + DAY), late: true };
        },
      },
      { replicaName: 'replica-a', jobLeaseMs: 1_500 },
    );
    await first.engine.clock.pin(T0);
    const { processInstanceKey } = await first.engine.createInstance('ticket-lifecycle', { ticketId: 'TJ-LEASE', units: [] });
    await expect.poll(() => calls.length).toBe(1);

    const second = await startEngine(
      db,
      {
        'hotline.deadline': async (job) => {
          calls.push(`second:${job.key}`);
          return { acceptDue: at(T0 + DAY) };
        },
      },
      { replicaName: 'replica-b', jobLeaseMs: 1_500, pollIntervalMs: 200 },
    );
    await second.engine.idle();
    expect(calls).toHaveLength(1); // leased to the first: not handed out here
    await expect.poll(() => calls.length, { timeout: 10_000 }).toBe(2); // the lease ended
    expect(calls[1]).toBe(calls[0]?.replace('first:', 'second:'));
    await second.engine.idle();
    await openTask(db, second.announced, processInstanceKey, 'acceptTicket');

    release();
    await first.engine.stop(); // its late completion finds the job gone and is dropped
    const row = await db('engine_process_instance').where({ key: processInstanceKey }).first('variables');
    expect(row.variables).not.toHaveProperty('late');
  });
});
