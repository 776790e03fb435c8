// Two server replicas side by side on one PostgreSQL, each with its own pools and its own embedded
// engine object (as two processes would have): Tianjin complaint lifecycles registered on one replica
// and worked on either (派单, 签收, 办理回复, 回访) all close, every task completed once and every
// service job run once across both (handler calls counted by job key), and the deadline watch's timers
// that both replicas see when the clock moves fire once.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectKnex } from '../src/database/database';
import { FORM_DATA, type LifecycleWorld, type Replica, complaint, inboxTask, lifecycleWorld, startReplica, waitFor } from './support/lifecycle';

const TJ = '/api/cities/tianjin';
/** Lifecycles driven across the two replicas (REPLICA_LIFECYCLES raises it for a longer run). */
const LIFECYCLES = Number(process.env.REPLICA_LIFECYCLES ?? 8);

type Job = { key: string; type: string; processInstanceKey: string; elementId: string; variables?: Record<string, unknown> };

describe('two server replicas on one database (embedded engine)', () => {
  const jobs: Array<Job & { replica: string }> = [];
  let world: LifecycleWorld;
  let secondPool: Knex;
  let second: Replica;
  beforeAll(async () => {
    world = await lifecycleWorld({ kind: 'embedded' }, ['tianjin'], { replicaName: 'replica-a', onJob: (job) => jobs.push({ ...job, replica: 'a' }) });
    secondPool = connectKnex(world.url);
    second = await startReplica(secondPool, world.url, { kind: 'embedded' }, { replicaName: 'replica-b', onJob: (job) => jobs.push({ ...job, replica: 'b' }) });
  });
  afterAll(async () => {
    expect(world.engineErrors).toEqual([]);
    expect(second.engineErrors).toEqual([]);
    await second.close();
    await secondPool.destroy();
    await world.close();
  });

  it(`drives ${LIFECYCLES} lifecycles across both: every task completed once, every job run once`, { timeout: 300_000 }, async () => {
    const replicas = [world, second];
    const on = (i: number) => replicas[i % 2]!;
    async function complete(replica: Pick<Replica, 'user'>, username: string, form: string, number: string, data: object, from: Pick<Replica, 'user'>) {
      // the task is found in the inbox of one replica and completed through the other
      const task = await inboxTask(await from.user(username), 'tianjin', number, form, 120_000);
      const caller = await replica.user(username);
      const response = await caller.post(`${TJ}/tasks/${task.id}/complete`, { data, requestId: `${username}-${task.id}` });
      expect(response.statusCode, JSON.stringify(response.body)).toBe(200);
    }
    async function lifecycle(i: number): Promise<string> {
      const registered = await (await on(i).user('tj.registrar')).post(`${TJ}/tickets`, complaint({ content: `第 ${i + 1} 号来电：小区路灯不亮已有一周` }));
      expect(registered.statusCode, JSON.stringify(registered.body)).toBe(201);
      const number = registered.body.number as string;
      await complete(on(i + 1), 'tj.dispatcher', 'dispatch', number, FORM_DATA.dispatch, on(i));
      await complete(on(i), 'tj.handler', 'accept', number, FORM_DATA.accept, on(i + 1));
      await complete(on(i + 1), 'tj.handler', 'reply', number, FORM_DATA.reply, on(i));
      await complete(on(i), 'tj.returnvisit', 'returnVisit', number, FORM_DATA.returnVisit, on(i + 1));
      return number;
    }
    const numbers = await Promise.all(Array.from({ length: LIFECYCLES }, (_, i) => lifecycle(i)));

    await waitFor(
      'every ticket closed',
      async () => Number((await world.knex('tickets').whereIn('number', numbers).andWhere('status', 'closed').count({ n: '*' }).first())?.n) === LIFECYCLES,
      120_000,
    );
    await Promise.all([world.workflow.engine, second.engine].map((engine) => ('idle' in engine ? (engine as { idle(): Promise<void> }).idle() : undefined)));

    // every task once: one completed row per step of each ticket, none left open or half-completed
    const ticketIds = await world.knex('tickets').whereIn('number', numbers).pluck('id');
    const steps = await world.knex('tasks').whereIn('ticket_id', ticketIds).groupBy('ticket_id', 'element_id', 'status').select('ticket_id', 'element_id', 'status', world.knex.raw('count(*)::int as n'));
    expect(steps.filter((s) => s.status !== 'completed' || s.n !== 1)).toEqual([]);
    expect(new Set(steps.map((s) => `${s.ticket_id}:${s.element_id}`)).size).toBe(steps.length);
    expect(steps.length).toBeGreaterThanOrEqual(5 * LIFECYCLES); // register, dispatch, accept, reply, returnVisit
    const timeline = await world.knex('ticket_events').whereIn('ticket_id', ticketIds).andWhere('kind', 'taskCompleted').groupBy('ticket_id', 'element_id').select('ticket_id', 'element_id', world.knex.raw('count(*)::int as n'));
    expect(timeline.filter((t) => t.n !== 1)).toEqual([]);
    const engineTasks = await world.knex('engine_user_task').whereIn('instance_key', world.knex('tickets').whereIn('id', ticketIds).select(world.knex.raw('process_instance_key::bigint'))).groupBy('status').select('status', world.knex.raw('count(*)::int as n'));
    expect(engineTasks).toEqual([{ status: 'completed', n: steps.length }]);

    // every job once, and both replicas took a share
    const calls = new Map<string, number>();
    for (const job of jobs) calls.set(job.key, (calls.get(job.key) ?? 0) + 1);
    expect([...calls].filter(([, n]) => n > 1)).toEqual([]);
    expect(new Set(jobs.map((j) => j.replica))).toEqual(new Set(['a', 'b']));
    expect(await world.knex('engine_job').count({ n: '*' }).first()).toEqual({ n: 0 }); // every instance ended: no job left
    expect(await world.knex('engine_timer').count({ n: '*' }).first()).toEqual({ n: 0 });
  });
});
