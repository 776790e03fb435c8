// Two server replicas side by side on one PostgreSQL and one engine, each with its own pools and its
// own engine object (as two processes would have): Tianjin complaint lifecycles registered on one
// replica and worked on either (派单, 签收, 办理回复, 回访) all close, every task completed once, no step
// on a timeline twice, every service job run once across both on the embedded engine (each successful
// run recorded where its writes commit, by job key: the rule jobs run inside the steps, as in
// production; Zeebe delivers at least once), and the deadline watch's timers that both replicas see
// when the clock moves fire once.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceJob, WorkflowEngine } from '@hotline/engine-adapters';
import { connectKnex } from '../../src/database/database';
import { type EngineChoice, FORM_DATA, type LifecycleWorld, type Replica, complaint, inboxTask, lifecycleWorld, startReplica, waitFor } from './lifecycle';

const TJ = '/api/cities/tianjin';

/** Tickets left at 签收 when the clock moves past its deadline on both replicas. */
const OVERDUE = 4;

/**
 * The suite on an engine: two replicas, each with its own pools and engine object (an embedded engine
 * on the shared database, or a client of the shared broker), through `defaultLifecycles` lifecycles.
 */
export function replicasSuite(label: string, choice: () => EngineChoice, defaultLifecycles: number): void {
  /** Lifecycles driven across the two replicas (REPLICA_LIFECYCLES sets it for a longer run). */
  const LIFECYCLES = Number(process.env.REPLICA_LIFECYCLES ?? defaultLifecycles);
  describe(`two server replicas on one database (${label})`, () => {
    let world: LifecycleWorld;
    let secondPool: Knex;
    let second: Replica;
    /** Every job run that succeeded, in the order recorded. */
    const jobs = async (): Promise<JobRun[]> => world.knex('replica_job_runs').orderBy('seq').select('key', 'type', 'instance', 'replica', 'stage', 'rung');
    beforeAll(async () => {
      world = await lifecycleWorld(choice(), ['tianjin'], { replicaName: 'replica-a', onJob: recordJob('a') });
      await world.knex.schema.createTable('replica_job_runs', (t) => {
        t.increments('seq');
        for (const column of ['key', 'type', 'instance', 'replica', 'stage', 'rung']) t.text(column);
      });
      secondPool = connectKnex(world.url);
      second = await startReplica(secondPool, world.url, choice(), { replicaName: 'replica-b', onJob: recordJob('b') });
    });
    afterAll(async () => {
      if (choice().kind === 'embedded') {
        expect(world.engineErrors).toEqual([]);
        expect(second.engineErrors).toEqual([]);
      }
      await second.close();
      await secondPool.destroy();
      await world.close();
    });

    it(`drives ${LIFECYCLES} lifecycles across both: every task completed once, nothing done twice`, { timeout: 300_000 }, async () => {
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
      await idle([world.engine, second.engine]);

      // every task once: one completed row per step of each ticket, none left open or half-completed
      const ticketIds = await world.knex('tickets').whereIn('number', numbers).pluck('id');
      const steps = await world.knex('tasks').whereIn('ticket_id', ticketIds).groupBy('ticket_id', 'element_id', 'status').select('ticket_id', 'element_id', 'status', world.knex.raw('count(*)::int as n'));
      expect(steps.filter((s) => s.status !== 'completed' || s.n !== 1)).toEqual([]);
      expect(new Set(steps.map((s) => `${s.ticket_id}:${s.element_id}`)).size).toBe(steps.length);
      expect(steps.length).toBeGreaterThanOrEqual(5 * LIFECYCLES); // register, dispatch, accept, reply, returnVisit
      const timeline = await world.knex('ticket_events').whereIn('ticket_id', ticketIds).andWhere('kind', 'taskCompleted').groupBy('ticket_id', 'element_id').select('ticket_id', 'element_id', world.knex.raw('count(*)::int as n'));
      expect(timeline.filter((t) => t.n !== 1)).toEqual([]);
      // every job once, and both replicas took a share (of this run's instances: a shared broker may
      // still hold other runs' instances, whose jobs fail here for want of their ticket and come again)
      const ours = new Set((await world.knex('tickets').whereIn('number', numbers).pluck('process_instance_key')).map(String));
      // no step of any ticket written twice on its timeline (a job's events are keyed on the job)
      const doubled = await world.knex('ticket_events').whereIn('ticket_id', ticketIds).groupBy('ticket_id', 'kind', 'element_id', 'summary').havingRaw('count(*) > 1').select('ticket_id', 'kind', 'element_id', 'summary');
      expect(doubled).toEqual([]);
      const runs = await jobs();
      // Each job once on the embedded engine (leased to one replica). Zeebe delivers at least once: a job
      // whose lease lapsed under load may run again on the other replica, which the timeline above shows
      // did no harm.
      if (choice().kind === 'embedded') expect(twice(runs.filter((j) => ours.has(j.instance)))).toEqual([]);
      expect(new Set(runs.map((j) => j.replica))).toEqual(new Set(['a', 'b']));
      if (choice().kind !== 'embedded') return; // the engine's own rows (the broker's are its own)
      const engineTasks = await world.knex('engine_user_task').whereIn('instance_key', world.knex('tickets').whereIn('id', ticketIds).select(world.knex.raw('process_instance_key::bigint'))).groupBy('status').select('status', world.knex.raw('count(*)::int as n'));
      expect(engineTasks).toEqual([{ status: 'completed', n: steps.length }]);

      expect(await world.knex('engine_job').count({ n: '*' }).first()).toEqual({ n: 0 }); // every instance ended: no job left
      expect(await world.knex('engine_timer').count({ n: '*' }).first()).toEqual({ n: 0 });
    });

    it(`fires the deadline watch's timers once when the clock passes ${OVERDUE} acceptance deadlines on both replicas`, { timeout: 300_000 }, async () => {
      const replicas = [world, second];
      const numbers = await Promise.all(
        Array.from({ length: OVERDUE }, async (_, i) => {
          const registered = await (await replicas[i % 2]!.user('tj.registrar')).post(`${TJ}/tickets`, complaint({ content: `第 ${i + 1} 号超期来电：小区路灯不亮` }));
          expect(registered.statusCode, JSON.stringify(registered.body)).toBe(201);
          const number = registered.body.number as string;
          const dispatch = await inboxTask(await replicas[i % 2]!.user('tj.dispatcher'), 'tianjin', number, 'dispatch', 120_000);
          const dispatched = await (await replicas[(i + 1) % 2]!.user('tj.dispatcher')).post(`${TJ}/tasks/${dispatch.id}/complete`, { data: FORM_DATA.dispatch, requestId: `overdue-${dispatch.id}` });
          expect(dispatched.statusCode, JSON.stringify(dispatched.body)).toBe(200);
          return number;
        }),
      );
      const handler = await world.user('tj.handler');
      const accepts = await Promise.all(numbers.map((n) => inboxTask(handler, 'tianjin', n, 'accept', 120_000)));
      await idle([world.engine, second.engine]);
      const latestDue = Math.max(...accepts.map((a) => Date.parse(a.dueAt!)));
      const before = (await jobs()).length;
      // both replicas look for due timers at once (the second re-reads the clock the first moved)
      const instances = await world.knex('tickets').whereIn('number', numbers).pluck('process_instance_key');
      const now = await world.engine.clock.now();
      if (choice().kind === 'embedded') {
        // each embedded engine keeps the clock it read: the second re-reads it as the first moves it
        await Promise.all([world.engine.clock.advance(latestDue - now + 60_000), second.engine.clock.advance(0)]);
        await second.engine.clock.advance(0);
      } else {
        // The broker correlates each accept-stage watch's deadlineChanged after that job: a clock move
        // before it races the previous rung's timer with the message, and the watch then re-arms on a rung
        // it already passed. Wait for those jobs, and give the broker a moment for their messages.
        await waitFor(
          'the accept-stage watch of every ticket',
          async () => {
            const runs = await jobs();
            return instances.every((key) => runs.some((j) => j.type === 'hotline.watch' && j.instance === String(key) && j.stage === 'accept'));
          },
          60_000,
        );
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        await world.engine.clock.advance(latestDue - now + 60_000); // the broker's clock, one for both
      }
      const supervisor = await second.user('tj.supervisor');
      for (const number of numbers) await inboxTask(supervisor, 'tianjin', number, 'supervisionNote', 120_000);
      await idle([world.engine, second.engine]);

      // one supervision job per rung the watch waited on (warning, then deadline) of each ticket; a timer
      // fired twice would run a second job for the same rung
      const ours = new Set(instances.map(String));
      const runs = await jobs();
      const supervise = runs.slice(before).filter((j) => j.type === 'hotline.supervise' && ours.has(j.instance));
      const rungs = supervise.map((j) => `${j.instance}:${j.rung}`);
      expect(rungs.filter((r, i) => rungs.indexOf(r) !== i)).toEqual([]);
      expect(new Set(supervise.map((j) => j.instance)).size).toBe(OVERDUE);
      const records = await world.knex('supervisions').join('tickets', 'tickets.id', 'supervisions.ticket_id').whereIn('tickets.number', numbers).groupBy('tickets.number').select('tickets.number', world.knex.raw('array_agg(supervisions.trigger order by supervisions.at) as triggers'));
      expect(records.map((r) => r.triggers)).toEqual(numbers.map(() => ['acceptWarning', 'overdue']));
      expect(twice(runs.filter((j) => ours.has(j.instance)))).toEqual([]);
    });
  });
}

interface JobRun {
  key: string;
  type: string;
  instance: string;
  replica: string;
  /** The job's `stage` header (the watch's stage). */
  stage: string | null;
  /** The watch rung a supervision job acts on: its kind and instant. */
  rung: string;
}

/** Records a successful job run where its writes commit (see ReplicaOptions.onJob). */
function recordJob(replica: string) {
  return async (job: ServiceJob, db: Knex): Promise<void> => {
    await db('replica_job_runs').insert({
      key: job.key,
      type: job.type,
      instance: job.processInstanceKey,
      replica,
      stage: job.customHeaders.stage ?? null,
      rung: `${String(job.variables.watchNextKind)}:${String(job.variables.watchNextAt)}`,
    });
  };
}

/** Job keys run more than once. */
function twice(runs: JobRun[]): Array<[string, number]> {
  const calls = new Map<string, number>();
  for (const run of runs) calls.set(run.key, (calls.get(run.key) ?? 0) + 1);
  return [...calls].filter(([, n]) => n > 1);
}

/** Waits for the embedded engines' background work (Zeebe's is the broker's). */
async function idle(engines: WorkflowEngine[]): Promise<void> {
  await Promise.all(engines.map((engine) => ('idle' in engine && typeof engine.idle === 'function' ? (engine.idle as () => Promise<void>)() : undefined)));
}
