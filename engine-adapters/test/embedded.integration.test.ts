// The embedded engine on a real PostgreSQL, through the WorkflowEngine port: a ticket's whole life on
// the lifecycle fixture (every element of BPMN-SUBSET.md), then user tasks, jobs and timers one by one.
import type { Knex } from 'knex';
import { beforeAll, describe, expect, it } from 'vitest';

import { EngineError } from '../src/index';
import { at, DAY, engineDatabase, fixture, HOUR, instance, openTask, openTaskKeys, pendingTimers, startEngine, T0 } from './embedded.harness';

let db: Knex;
beforeAll(async () => {
  db = await engineDatabase();
});

const lifecycleHandlers = {
  'hotline.deadline': async () => ({ acceptDue: at(T0 + DAY), dueAt: at(T0 + 5 * DAY) }),
  'hotline.remind': async () => ({ reminded: true }),
  'hotline.notify': async () => ({ callerNotified: true }),
};

describe('a ticket through every element of the subset', () => {
  it('runs jobs, user tasks, gateways, the sub-process with its boundaries, multi-instance and the deadline wait', async () => {
    const { engine, announced, jobCalls } = await startEngine(db, lifecycleHandlers);
    await engine.clock.pin(T0);
    const [deployed] = await engine.deploy([fixture('ticket-lifecycle.bpmn')]);
    expect(deployed).toMatchObject({ bpmnProcessId: 'ticket-lifecycle', version: 1, resourceName: 'ticket-lifecycle.bpmn' });

    const { processInstanceKey } = await engine.createInstance('ticket-lifecycle', { ticketId: 'TJ-1', units: ['water', 'roads'] });
    await engine.idle();

    // The deadline job: headers, the ioMapping input as a local variable, Zeebe's retries.
    expect(jobCalls[0]).toMatchObject({
      type: 'hotline.deadline',
      processInstanceKey,
      bpmnProcessId: 'ticket-lifecycle',
      elementId: 'computeDeadlines',
      customHeaders: { stage: 'accept' },
      variables: { ticketId: 'TJ-1', ticket: 'TJ-1' },
      retries: 3,
    });

    // Its result reaches the next step; the user task carries form key, candidate groups and headers.
    const accept = await openTask(db, announced, processInstanceKey, 'acceptTicket');
    expect(accept).toMatchObject({
      processInstanceKey,
      bpmnProcessId: 'ticket-lifecycle',
      processVersion: 1,
      formKey: 'hotline:accept',
      candidateGroups: ['dispatcher', 'unit-staff'],
      customHeaders: { stage: 'accept' },
      variables: { ticketId: 'TJ-1', acceptDue: at(T0 + DAY), dueAt: at(T0 + 5 * DAY) },
    });
    expect(accept.variables).not.toHaveProperty('ticket');
    expect(await pendingTimers(db, processInstanceKey)).toEqual([['acceptOverdue', T0 + DAY]]);

    // The FEEL condition takes the handling sub-process: one task per unit, the unit a local variable.
    expect(await engine.completeUserTask(accept.key, { decision: 'accept' })).toBe('completed');
    await engine.idle();
    const unitTasks = announced.filter((t) => t.elementId === 'handleByUnits');
    expect(unitTasks.map((t) => [t.variables.unit, t.variables.loopCounter, t.formKey, t.candidateGroups])).toEqual([
      ['water', 1, 'hotline:handle', ['unit-staff']],
      ['roads', 2, 'hotline:handle', ['unit-staff']],
    ]);
    expect((await pendingTimers(db, processInstanceKey)).map(([id]) => id)).toEqual(['handleReminder']);

    // The non-interrupting reminder fires after 24 hours; the units keep their tasks.
    await engine.clock.advance(25 * HOUR);
    await engine.idle();
    expect(jobCalls.filter((j) => j.type === 'hotline.remind')).toHaveLength(1);
    expect(await openTaskKeys(db, processInstanceKey)).toEqual(unitTasks.map((t) => t.key));

    // Each reply is collected into `replies` (outputCollection/outputElement).
    for (const task of unitTasks) expect(await engine.completeUserTask(task.key, { reply: `${String(task.variables.unit)} fixed` })).toBe('completed');
    await engine.idle();

    // The parallel split: the caller is notified while the centre reviews; the join waits for both.
    expect(jobCalls.filter((j) => j.type === 'hotline.notify')).toHaveLength(1);
    const review = await openTask(db, announced, processInstanceKey, 'reviewCompletion');
    expect(review.variables).toMatchObject({ replies: ['water fixed', 'roads fixed'] });
    expect(await engine.completeUserTask(review.key, {})).toBe('completed');
    await engine.idle();

    // The return-visit wait: a changed deadline moves the timer, which then fires on the new instant.
    expect(await pendingTimers(db, processInstanceKey)).toEqual([['visitDue', T0 + 5 * DAY]]);
    await engine.publishMessage('deadlineChanged', 'TJ-1', { dueAt: at(T0 + 8 * DAY) });
    expect(await pendingTimers(db, processInstanceKey)).toEqual([['visitDue', T0 + 8 * DAY]]);
    await engine.clock.advance(T0 + 6 * DAY - (await engine.clock.now()));
    expect((await instance(db, processInstanceKey)).status).toBe('active');
    await engine.clock.advance(2 * DAY);

    const done = await instance(db, processInstanceKey);
    expect(done.status).toBe('completed');
    expect(done.variables).toMatchObject({ decision: 'accept', reminded: true, callerNotified: true, replies: ['water fixed', 'roads fixed'], dueAt: at(T0 + 8 * DAY) });
    expect(await pendingTimers(db, processInstanceKey)).toEqual([]);
    expect((await engine.incidents()).filter((i) => i.processInstanceKey === processInstanceKey)).toEqual([]);
  });

  it('takes the default flow when no condition holds', async () => {
    const { engine, announced } = await startEngine(db, lifecycleHandlers);
    await engine.clock.pin(T0);
    const { processInstanceKey } = await engine.createInstance('ticket-lifecycle', { ticketId: 'TJ-2', units: [] });
    await engine.idle();
    const accept = await openTask(db, announced, processInstanceKey, 'acceptTicket');
    expect(await engine.completeUserTask(accept.key, { decision: 'return' })).toBe('completed');
    expect((await instance(db, processInstanceKey)).status).toBe('completed');
    expect(await pendingTimers(db, processInstanceKey)).toEqual([]);
  });
});

describe('messages on the sub-process', () => {
  it('a ticketWithdrawn message interrupts handling: the unit tasks and the reminder are gone', async () => {
    const { engine, announced } = await startEngine(db, lifecycleHandlers);
    await engine.clock.pin(T0);
    const { processInstanceKey } = await engine.createInstance('ticket-lifecycle', { ticketId: 'TJ-8', units: ['water', 'roads'] });
    await engine.idle();
    const accept = await openTask(db, announced, processInstanceKey, 'acceptTicket');
    await engine.completeUserTask(accept.key, { decision: 'accept' });
    expect(await openTaskKeys(db, processInstanceKey)).toHaveLength(2);

    await engine.publishMessage('ticketWithdrawn', 'TJ-8', { withdrawnBy: 'caller' });
    const withdrawn = await instance(db, processInstanceKey);
    expect(withdrawn.status).toBe('completed');
    expect(withdrawn.variables.withdrawnBy).toBe('caller');
    expect(await openTaskKeys(db, processInstanceKey)).toEqual([]);
    expect(await pendingTimers(db, processInstanceKey)).toEqual([]);
  });
});

describe('user tasks', () => {
  it('runs a sequential multi-instance task one unit after the other', async () => {
    const { engine, announced } = await startEngine(db);
    await engine.deploy([
      {
        name: 'sequential.bpmn',
        xml: `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="x">
          <bpmn:process id="sequential" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sign" />
            <bpmn:userTask id="sign">
              <bpmn:extensionElements><zeebe:formDefinition formKey="hotline:sign" /></bpmn:extensionElements>
              <bpmn:multiInstanceLoopCharacteristics isSequential="true">
                <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=signers" inputElement="signer" /></bpmn:extensionElements>
              </bpmn:multiInstanceLoopCharacteristics>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="sign" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>`,
      },
    ]);
    const { processInstanceKey } = await engine.createInstance('sequential', { signers: ['section chief', 'director'] });
    for (const signer of ['section chief', 'director']) {
      await engine.idle();
      const task = await openTask(db, announced, processInstanceKey, 'sign');
      expect(task.variables.signer).toBe(signer);
      expect(await engine.completeUserTask(task.key, {})).toBe('completed');
    }
    expect((await instance(db, processInstanceKey)).status).toBe('completed');
  });


  it('completes once: a second completion, an unknown key or two at once answer already-completed', async () => {
    const { engine, announced } = await startEngine(db, lifecycleHandlers);
    await engine.clock.pin(T0);
    const { processInstanceKey } = await engine.createInstance('ticket-lifecycle', { ticketId: 'TJ-3', units: ['water'] });
    await engine.idle();
    const accept = await openTask(db, announced, processInstanceKey, 'acceptTicket');
    expect(await engine.completeUserTask(accept.key, { decision: 'accept' })).toBe('completed');
    expect(await engine.completeUserTask(accept.key, { decision: 'accept' })).toBe('already-completed');
    expect(await engine.completeUserTask('999999999', {})).toBe('already-completed');
    expect(await engine.completeUserTask('not-a-key', {})).toBe('already-completed');

    await engine.idle();
    const unit = await openTask(db, announced, processInstanceKey, 'handleByUnits');
    const outcomes = await Promise.all([engine.completeUserTask(unit.key, { reply: 'a' }), engine.completeUserTask(unit.key, { reply: 'b' })]);
    expect(outcomes.sort()).toEqual(['already-completed', 'completed']);
    await engine.idle();
    // One continuation only: one notification job, one review task.
    expect(announced.filter((t) => t.elementId === 'reviewCompletion' && t.processInstanceKey === processInstanceKey)).toHaveLength(1);
  });
});

describe('timers', () => {
  it('fires a boundary timer once the clock passes its instant, not before, and interrupts the task', async () => {
    const { engine, announced } = await startEngine(db, lifecycleHandlers);
    await engine.clock.pin(T0);
    const { processInstanceKey } = await engine.createInstance('ticket-lifecycle', { ticketId: 'TJ-4', units: [] });
    await engine.idle();
    const accept = await openTask(db, announced, processInstanceKey, 'acceptTicket');

    await engine.clock.advance(DAY - 60_000);
    expect((await instance(db, processInstanceKey)).status).toBe('active');
    expect(await openTaskKeys(db, processInstanceKey)).toContain(accept.key);

    await engine.clock.advance(60_000);
    expect((await instance(db, processInstanceKey)).status).toBe('completed');
    expect(await openTaskKeys(db, processInstanceKey)).not.toContain(accept.key);
    expect(await engine.completeUserTask(accept.key, { decision: 'accept' })).toBe('already-completed');
  });

  it('keeps a pinned clock still, durably; advance moves the pinned instant, reset returns to real time', async () => {
    const { engine } = await startEngine(db);
    await engine.clock.pin(T0 + 123);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await engine.clock.now()).toBe(T0 + 123);

    await engine.clock.advance(HOUR);
    expect(await engine.clock.now()).toBe(T0 + 123 + HOUR);
    // A new engine object on the same database reads the same stopped clock.
    const { engine: again } = await startEngine(db);
    expect(await again.clock.now()).toBe(T0 + 123 + HOUR);
    expect(await db('engine_clock').where({ id: 1 }).first('pinned_ms')).toEqual({ pinned_ms: String(T0 + 123 + HOUR) });

    // Back is allowed on this laptop engine (Zeebe refuses it; see port.ts).
    await engine.clock.pin(T0 - DAY);
    expect(await engine.clock.now()).toBe(T0 - DAY);

    await engine.clock.reset();
    expect(Math.abs((await engine.clock.now()) - Date.now())).toBeLessThan(1_000);
    expect(await db('engine_clock').where({ id: 1 }).first('pinned_ms', 'offset_ms')).toEqual({ pinned_ms: null, offset_ms: '0' });
    await engine.clock.pin(T0);
  });

  it('fires due timers in due order before advance resolves, and none while the pinned clock stands still', async () => {
    // The ticket created second is due first.
    const dueOf: Record<string, number> = { 'TJ-9': T0 + DAY, 'TJ-10': T0 + 20 * HOUR };
    const { engine, announced } = await startEngine(db, {
      ...lifecycleHandlers,
      'hotline.deadline': async (job) => ({ acceptDue: at(dueOf[String(job.variables.ticketId)] as number), dueAt: at(T0 + 5 * DAY) }),
    });
    await engine.clock.pin(T0);
    const first = await engine.createInstance('ticket-lifecycle', { ticketId: 'TJ-9', units: [] });
    await engine.clock.advance(HOUR);
    const second = await engine.createInstance('ticket-lifecycle', { ticketId: 'TJ-10', units: [] });
    await engine.idle();
    await openTask(db, announced, first.processInstanceKey, 'acceptTicket');
    await openTask(db, announced, second.processInstanceKey, 'acceptTicket');
    expect(await pendingTimers(db, first.processInstanceKey)).toEqual([['acceptOverdue', T0 + DAY]]);
    expect(await pendingTimers(db, second.processInstanceKey)).toEqual([['acceptOverdue', T0 + 20 * HOUR]]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await engine.clock.now()).toBe(T0 + HOUR);

    await engine.clock.advance(DAY);
    // Resolved only after both fired, the earlier due first.
    const ended = await db('engine_process_instance').whereIn('key', [first.processInstanceKey, second.processInstanceKey]).orderBy('updated_at').select('key', 'status');
    expect(ended).toEqual([
      { key: second.processInstanceKey, status: 'completed' },
      { key: first.processInstanceKey, status: 'completed' },
    ]);
    expect(await engine.clock.now()).toBe(T0 + HOUR + DAY);
  });

  it('refuses to move a real-time clock', async () => {
    const { createEmbeddedEngine } = await import('../src/index');
    const engine = createEmbeddedEngine({ knex: db });
    await expect(engine.clock.advance(HOUR)).rejects.toMatchObject({ code: 'CLOCK_NOT_CONTROLLED' });
    await expect(engine.clock.advance(HOUR)).rejects.toBeInstanceOf(EngineError);
  });
});

describe('jobs', () => {
  it('retries a failing job as often as zeebe:taskDefinition retries says, then keeps it as an incident', async () => {
    let calls = 0;
    const { engine, jobCalls } = await startEngine(db, {
      'hotline.deadline': async () => {
        calls++;
        throw new Error('the rules service is down');
      },
    });
    const { processInstanceKey } = await engine.createInstance('ticket-lifecycle', { ticketId: 'TJ-5', units: [] });
    await engine.idle();
    expect(calls).toBe(3);
    expect(jobCalls.map((j) => j.retries)).toEqual([3, 2, 1]);
    expect(new Set(jobCalls.map((j) => j.key)).size).toBe(1);
    expect((await engine.incidents()).filter((i) => i.processInstanceKey === processInstanceKey)).toEqual([
      { processInstanceKey, bpmnProcessId: 'ticket-lifecycle', jobKey: jobCalls[0]?.key, elementId: 'computeDeadlines', message: 'the rules service is down' },
    ]);
    expect((await instance(db, processInstanceKey)).status).toBe('active');
  });

  it('turns an uncaught BPMN error into an incident', async () => {
    const { engine } = await startEngine(db, {
      'hotline.deadline': async () => ({ bpmnError: { code: 'NO_RULE', message: 'no deadline rule for this ticket type' } }),
    });
    const { processInstanceKey } = await engine.createInstance('ticket-lifecycle', { ticketId: 'TJ-6', units: [] });
    await engine.idle();
    const incidents = await engine.incidents();
    expect(incidents.filter((i) => i.processInstanceKey === processInstanceKey)).toEqual([
      expect.objectContaining({ elementId: 'computeDeadlines', message: expect.stringContaining("BPMN error 'NO_RULE'") }),
    ]);
  });

  it('maps a job result through ioMapping outputs instead of merging it', async () => {
    const { engine } = await startEngine(db, { 'hotline.stamp': async (job) => ({ stamp: { by: job.variables.office, at: 'T' }, noise: 1 }) });
    await engine.deploy([
      {
        name: 'stamp.bpmn',
        xml: `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="x">
          <bpmn:process id="stamp" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="stampIt" />
            <bpmn:serviceTask id="stampIt">
              <bpmn:extensionElements>
                <zeebe:taskDefinition type="hotline.stamp" />
                <zeebe:ioMapping>
                  <zeebe:input source="=upper case(unit)" target="office" />
                  <zeebe:output source="=stamp.by" target="stampedBy" />
                </zeebe:ioMapping>
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:sequenceFlow id="f2" sourceRef="stampIt" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>`,
      },
    ]);
    const { processInstanceKey } = await engine.createInstance('stamp', { unit: 'water' });
    await engine.idle();
    const done = await instance(db, processInstanceKey);
    expect(done.status).toBe('completed');
    expect(done.variables).toEqual({ unit: 'water', stampedBy: 'WATER' });
  });

  it('cancels an instance: its open task is closed, a second cancel answers NOT_FOUND', async () => {
    const { engine, announced } = await startEngine(db, lifecycleHandlers);
    await engine.clock.pin(T0);
    const { processInstanceKey } = await engine.createInstance('ticket-lifecycle', { ticketId: 'TJ-7', units: [] });
    await engine.idle();
    const accept = await openTask(db, announced, processInstanceKey, 'acceptTicket');
    await engine.cancelInstance(processInstanceKey);
    expect((await instance(db, processInstanceKey)).status).toBe('canceled');
    expect(await engine.completeUserTask(accept.key, {})).toBe('already-completed');
    await expect(engine.cancelInstance(processInstanceKey)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the engine', () => {
  it('reports its health', async () => {
    const { engine } = await startEngine(db);
    expect(await engine.health()).toEqual({ status: 'up' });
    await engine.stop();
    expect(await engine.health()).toMatchObject({ status: 'down' });
    await expect(engine.createInstance('ticket-lifecycle', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
