// Jobs and user-task listeners that run inside the step (JobWorkerOptions.inStep, UserTaskListenerOptions.inStep):
// a user task's completion runs on to the next wait in one transaction, the handler's writes commit or roll back
// with it, a handler failing there becomes an ordinary job, its messages go out after the commit; the next task
// is stored in that transaction; and completeUserTaskIn joins the caller's transaction.
import type { Knex } from 'knex';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createEmbeddedEngine, stepTransaction } from '../src/index';
import type { EmbeddedWorkflowEngine, JobHandler, UserTaskCreated } from '../src/index';
import { engineDatabase } from './embedded.harness';

let db: Knex;
const engines: EmbeddedWorkflowEngine[] = [];

beforeAll(async () => {
  db = await engineDatabase();
  await db.schema.createTable('step_writes', (t) => t.text('job_key'));
});

afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.stop()));
});

const PROCESS = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="x">
  <bpmn:message id="go" name="go"><bpmn:extensionElements><zeebe:subscription correlationKey="=ticketId" /></bpmn:extensionElements></bpmn:message>
  <bpmn:process id="inStep" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="first" />
    <bpmn:userTask id="first"><bpmn:extensionElements><zeebe:formDefinition formKey="hotline:first" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="first" targetRef="stamp" />
    <bpmn:serviceTask id="stamp"><bpmn:extensionElements><zeebe:taskDefinition type="test.stamp" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f3" sourceRef="stamp" targetRef="waitGo" />
    <bpmn:intermediateCatchEvent id="waitGo"><bpmn:messageEventDefinition messageRef="go" /></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f4" sourceRef="waitGo" targetRef="second" />
    <bpmn:userTask id="second"><bpmn:extensionElements><zeebe:formDefinition formKey="hotline:second" /></bpmn:extensionElements></bpmn:userTask>
  </bpmn:process>
</bpmn:definitions>`;

async function start(stamp: JobHandler): Promise<{ engine: EmbeddedWorkflowEngine; announced: UserTaskCreated[]; calls: string[] }> {
  const engine = createEmbeddedEngine({ knex: db, controlledClock: true, jobRetryBackoffMs: 0, onError: (error) => console.error(error) });
  engines.push(engine);
  const announced: UserTaskCreated[] = [];
  const calls: string[] = [];
  engine.registerJobWorker(
    'test.stamp',
    async (job) => {
      calls.push(stepTransaction() ? 'in step' : 'as a job');
      return stamp(job);
    },
    { inStep: true },
  );
  engine.onUserTaskCreated(async (task) => void announced.push(task));
  await engine.start();
  await engine.deploy([{ name: 'in-step.bpmn', xml: PROCESS }]);
  return { engine, announced, calls };
}

/** Writes a row through the step's transaction when there is one, and asks the instance to go on. */
function writingStamp(engine: () => EmbeddedWorkflowEngine, ticketId: string): JobHandler {
  return async (job) => {
    await (stepTransaction() ?? db)('step_writes').insert({ job_key: job.key });
    await engine().publishMessage('go', ticketId, { went: true }, { timeToLiveMs: 60_000 });
    return { stamped: job.key };
  };
}

const openTasks = (instanceKey: string) => db('engine_user_task').where({ instance_key: instanceKey, status: 'open' }).pluck('element_id');

describe('jobs run inside the step', () => {
  it('runs the job in the completing step: no job row, its write committed with the step, its message delivered after it', async () => {
    const holder = {} as { engine: EmbeddedWorkflowEngine };
    const started = await start(writingStamp(() => holder.engine, 'T-1'));
    const engine = (holder.engine = started.engine);
    const { processInstanceKey } = await engine.createInstance('inStep', { ticketId: 'T-1' });
    await engine.idle();
    const first = started.announced.find((t) => t.elementId === 'first');
    expect(await engine.completeUserTask(first?.key ?? '', {})).toBe('completed');
    // before any background work: the job ran and left no row; its write is there
    expect(started.calls).toEqual(['in step']);
    expect(await db('engine_job').where({ instance_key: processInstanceKey })).toEqual([]);
    const stamped = (await db('engine_process_instance').where({ key: processInstanceKey }).first()).variables.stamped as string;
    expect(await db('step_writes').where({ job_key: stamped }).pluck('job_key')).toEqual([stamped]);
    await engine.idle();
    expect(await openTasks(processInstanceKey)).toEqual(['second']);
  });

  it('hands a handler that fails in the step out as an ordinary job; the failed attempt wrote nothing', async () => {
    const holder = {} as { engine: EmbeddedWorkflowEngine };
    let attempts = 0;
    const write = writingStamp(() => holder.engine, 'T-2');
    const started = await start(async (job) => {
      attempts += 1;
      await write(job);
      if (attempts === 1) throw new Error('the rules are not loaded yet');
      return { stamped: job.key };
    });
    const engine = (holder.engine = started.engine);
    const { processInstanceKey } = await engine.createInstance('inStep', { ticketId: 'T-2' });
    await engine.idle();
    const before = Number((await db('step_writes').count({ n: '*' }).first())?.n);
    expect(await engine.completeUserTask(started.announced.find((t) => t.elementId === 'first')?.key ?? '', {})).toBe('completed');
    await engine.idle();
    expect(started.calls).toEqual(['in step', 'as a job']);
    expect(Number((await db('step_writes').count({ n: '*' }).first())?.n)).toBe(before + 1);
    expect(await openTasks(processInstanceKey)).toEqual(['second']);
    expect(await engine.incidents()).toEqual([]);
  });
});

const CHAIN = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="x">
  <bpmn:process id="chain" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="first" />
    <bpmn:userTask id="first" />
    <bpmn:sequenceFlow id="f2" sourceRef="first" targetRef="stamp" />
    <bpmn:serviceTask id="stamp"><bpmn:extensionElements><zeebe:taskDefinition type="chain.stamp" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f3" sourceRef="stamp" targetRef="second" />
    <bpmn:userTask id="second" />
  </bpmn:process>
</bpmn:definitions>`;

/** An engine whose in-step listener stores each task it hears of (`fail` makes it throw for an element), beside an ordinary listener. */
async function startChain(fail: Set<string> = new Set()) {
  const engine = createEmbeddedEngine({ knex: db, controlledClock: true, jobRetryBackoffMs: 0, announcementRetryMs: 50, onError: () => undefined });
  engines.push(engine);
  const heard: { inStep: string[]; after: string[] } = { inStep: [], after: [] };
  engine.registerJobWorker('chain.stamp', async () => ({ stamped: true }), { inStep: true });
  engine.onUserTaskCreated(
    async (task) => {
      const trx = stepTransaction();
      heard.inStep.push(`${task.processInstanceKey} ${task.elementId}${trx ? ' in step' : ' after'}`);
      await (trx ?? db)('step_writes').insert({ job_key: `task:${task.key}` });
      if (trx && fail.has(task.elementId)) throw new Error('not now');
    },
    { inStep: true },
  );
  engine.onUserTaskCreated(async (task) => void heard.after.push(`${task.processInstanceKey} ${task.elementId}`));
  await engine.start();
  await engine.deploy([{ name: 'chain.bpmn', xml: CHAIN }]);
  const { processInstanceKey } = await engine.createInstance('chain', {});
  await engine.idle();
  const first = (await db('engine_user_task').where({ instance_key: processInstanceKey, element_id: 'first' }).first('key')).key as string;
  // what the listeners heard of this instance (a restarted engine announces the earlier tests' tasks too)
  const of = (list: string[]) => list.filter((h) => h.startsWith(`${processInstanceKey} `)).map((h) => h.slice(processInstanceKey.length + 1));
  return { engine, heard: { inStep: () => of(heard.inStep), after: () => of(heard.after) }, processInstanceKey, first };
}

const stored = (taskKey: string) => db('step_writes').where({ job_key: `task:${taskKey}` }).count({ n: '*' }).first().then((r) => Number(r?.n));
const secondKey = async (instanceKey: string) => (await db('engine_user_task').where({ instance_key: instanceKey, element_id: 'second' }).first('key'))?.key as string | undefined;

describe('user-task listeners inside the step', () => {
  it('stores the next task in the step that completes the one before: there when the completion returns, once; the other listeners hear of it after', async () => {
    const { engine, heard, processInstanceKey, first } = await startChain();
    expect(await engine.completeUserTask(first, {})).toBe('completed');
    const second = (await secondKey(processInstanceKey)) as string;
    expect(await stored(second)).toBe(1); // before any background work
    await engine.idle();
    expect(heard.inStep()).toEqual(['first in step', 'second in step']);
    expect(heard.after()).toEqual(['first', 'second']);
    expect(await stored(second)).toBe(1);
  });

  it('announces a task whose in-step listener threw after the commit, its in-step write rolled back', async () => {
    const { engine, heard, processInstanceKey, first } = await startChain(new Set(['second']));
    expect(await engine.completeUserTask(first, {})).toBe('completed');
    const second = (await secondKey(processInstanceKey)) as string;
    await engine.idle();
    expect(heard.inStep()).toEqual(['first in step', 'second in step', 'second after']);
    expect(await stored(second)).toBe(1);
    expect(heard.after()).toEqual(['first', 'second']);
  });
});

describe('a completion inside the caller’s transaction (completeUserTaskIn)', () => {
  it('commits the caller’s write, the completion, its in-step job and the next task together', async () => {
    const { engine, processInstanceKey, first } = await startChain();
    const outcome = await db.transaction(async (trx) => {
      const answer = await engine.completeUserTaskIn(trx, first, async () => {
        await trx('step_writes').insert({ job_key: `caller:${first}` });
        return { decided: 'yes' };
      });
      // not committed yet: nobody else sees the completion
      expect(await db('engine_user_task').where({ key: first }).first('status')).toEqual({ status: 'open' });
      return answer;
    });
    expect(outcome).toBe('completed');
    const second = (await secondKey(processInstanceKey)) as string;
    expect(await stored(second)).toBe(1);
    expect(await db('step_writes').where({ job_key: `caller:${first}` }).count({ n: '*' }).first()).toEqual({ n: '1' });
    const instance = await db('engine_process_instance').where({ key: processInstanceKey }).first('variables');
    expect(instance.variables).toMatchObject({ decided: 'yes', stamped: true });
  });

  it('leaves the task waiting and nothing of the step when the caller’s transaction rolls back', async () => {
    const { engine, processInstanceKey, first } = await startChain();
    await expect(
      db.transaction(async (trx) => {
        await engine.completeUserTaskIn(trx, first, async () => ({ decided: 'yes' }));
        throw new Error('the caller changed its mind');
      }),
    ).rejects.toThrow('changed its mind');
    await engine.idle();
    expect(await openTasks(processInstanceKey)).toEqual(['first']);
    expect(await secondKey(processInstanceKey)).toBeUndefined();
    expect(await engine.completeUserTask(first, {})).toBe('completed');
    await engine.idle();
    expect(await openTasks(processInstanceKey)).toEqual(['second']);
  });

  it('does not call record for a task that waits no more', async () => {
    const { engine, first } = await startChain();
    expect(await engine.completeUserTask(first, {})).toBe('completed');
    let called = false;
    const outcome = await db.transaction((trx) =>
      engine.completeUserTaskIn(trx, first, async () => {
        called = true;
        return {};
      }),
    );
    expect(outcome).toBe('already-completed');
    expect(called).toBe(false);
  });

  it('refuses a task whose instance cannot be resumed, and keeps the incident though the caller’s transaction rolls back', async () => {
    const { engine, processInstanceKey, first } = await startChain();
    const { state } = await db('engine_process_instance').where({ key: processInstanceKey }).first('state');
    state.activities[0].elementId = 'removedElement'; // a state this process can no longer resume
    await db('engine_process_instance').where({ key: processInstanceKey }).update({ state: JSON.stringify(state) });
    await expect(db.transaction((trx) => engine.completeUserTaskIn(trx, first, async () => ({})))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await engine.idle();
    expect(await db('engine_process_instance').where({ key: processInstanceKey }).first('status', 'incident')).toEqual({ status: 'incident', incident: expect.stringContaining('removedElement') });
    expect(await engine.incidents()).toContainEqual(expect.objectContaining({ processInstanceKey }));
  });
});
