// Jobs whose handler may run inside the step that opens them (JobWorkerOptions.inStep): a user task's
// completion runs on to the next wait in one transaction, the handler's writes commit or roll back with
// it, a handler failing there becomes an ordinary job, and its messages go out after the commit.
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
