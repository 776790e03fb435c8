// The Zeebe adapter against a real broker (scripts/zeebe.sh, controlled clock), with the fixture
// ticket-deadlines.bpmn. Instants are computed from the broker's clock, never from the test machine's.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createZeebeEngine, EngineError, zeebeDefaults, type DeployedProcess, type ServiceJob, type UserTaskCreated, type WorkflowEngine } from '../src/index';
import { createInbox, waitUntil } from './zeebe-inbox';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The deadline job's periods: acceptance within an hour of registration, the reply within four. */
const ACCEPT_WITHIN = HOUR;
const REPLY_WITHIN = 4 * HOUR;
const USER_TASK_LEASE = 10 * MINUTE;
/** Long enough for a due timer to have fired on a 2-core machine; a due timer fires within ~100 ms. */
const QUIET_MS = 1_500;

/** An instant as @hotline/rules prints it, in China's +08:00. */
const beijing = (epochMs: number) => new Date(epochMs + 8 * HOUR).toISOString().replace('Z', '+08:00');
const fixture = (name: string) => ({ name, xml: readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8') });

const jobs = createInbox<ServiceJob>();
const tasks = createInbox<UserTaskCreated>();
/** Tickets whose deadline job fails on its first delivery (the calendar "not loaded yet"). */
const failDeadlineOnce = new Set<string>();
/** Tickets whose acceptance task the listener fails to record the first time (the database "down"). */
const failAnnouncementOnce = new Set<string>();
const run = Date.now().toString(36);
let ticketCount = 0;
const started: string[] = [];
/** What the adapter reported through its `log`. */
const logged: string[] = [];

let engine: WorkflowEngine;
let deployed: DeployedProcess[];

beforeAll(async () => {
  engine = createZeebeEngine({
    ...inject('zeebe'),
    logLevel: 'NONE',
    log: (message) => void logged.push(message),
    jobRetryBackoffMs: 0,
    userTaskLeaseMs: USER_TASK_LEASE,
  });
  engine.registerJobWorker('hotline.deadline', async (job) => {
    jobs.record(job);
    const ticketId = String(job.variables.ticketId);
    if (failDeadlineOnce.delete(ticketId)) throw new Error(`calendar for ${ticketId} not loaded yet`);
    const registeredAt = Date.parse(String(job.variables.registeredAt));
    return { acceptDue: beijing(registeredAt + ACCEPT_WITHIN), dueAt: beijing(registeredAt + REPLY_WITHIN) };
  });
  for (const type of ['hotline.escalate', 'hotline.timeline']) {
    engine.registerJobWorker(type, async (job) => jobs.record(job));
  }
  engine.onUserTaskCreated(async (task) => {
    tasks.record(task);
    if (failAnnouncementOnce.delete(String(task.variables.ticketId))) throw new Error('task table unavailable');
  });
  await engine.start();
  deployed = await engine.deploy([fixture('ticket-deadlines.bpmn')]);
});

afterEach(async () => {
  // Leave nothing waiting on the shared broker; an instance that ended already answers NOT_FOUND.
  await Promise.all(started.splice(0).map((key) => engine.cancelInstance(key).catch(() => undefined)));
});

afterAll(async () => {
  await engine?.stop();
});

/** Starts a ticket registered "now" on the broker's clock. */
async function registerTicket({ deadlineFailsOnce = false, announcementFailsOnce = false } = {}) {
  const ticketId = `T-${run}-${++ticketCount}`;
  if (deadlineFailsOnce) failDeadlineOnce.add(ticketId);
  if (announcementFailsOnce) failAnnouncementOnce.add(ticketId);
  const registeredAt = await engine.clock.now();
  const { processInstanceKey } = await engine.createInstance('ticket-deadlines', { ticketId, registeredAt: beijing(registeredAt) });
  started.push(processInstanceKey);
  return { ticketId, registeredAt, processInstanceKey };
}

async function acceptedTicket() {
  const ticket = await registerTicket();
  const [task] = await tasks.waitFor(ticket.processInstanceKey, 'acceptTicket');
  expect(await engine.completeUserTask(task!.key, { decision: 'accept' })).toBe('completed');
  return ticket;
}

/** Moves the broker's clock so that it reads `registeredAt + offset` (give or take the test's own run time). */
async function advanceTo(registeredAt: number, offset: number) {
  await engine.clock.advance(Math.max(0, registeredAt + offset - (await engine.clock.now())));
}

describe('Zeebe adapter on a real broker', () => {
  it('reports the broker up', async () => {
    expect(await engine.health()).toMatchObject({ status: 'up' });
  });

  it('deploys the fixture and reports its process, version and key', async () => {
    expect(deployed).toEqual([
      { bpmnProcessId: 'ticket-deadlines', version: expect.any(Number), key: expect.stringMatching(/^\d+$/), resourceName: 'ticket-deadlines.bpmn' },
    ]);
    // The same file again is no new version.
    expect(await engine.deploy([fixture('ticket-deadlines.bpmn')])).toEqual(deployed);
  });

  it('refuses a broken BPMN file with Zeebe\'s reason, naming the element, and deploys nothing of the batch', async () => {
    const sibling = { name: 'sibling.bpmn', xml: fixture('ticket-deadlines.bpmn').xml.replace('id="ticket-deadlines"', `id="sibling-${run}"`) };
    const refusal = await engine.deploy([sibling, fixture('broken-service-task.bpmn')]).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(EngineError);
    expect((refusal as EngineError).code).toBe('DEPLOY_REJECTED');
    expect((refusal as EngineError).message).toMatch(/'broken-service-task\.bpmn': - Element: computeDeadlines\s+- ERROR: Must have exactly one 'zeebe:taskDefinition'/);
    await expect(engine.createInstance(`sibling-${run}`, {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("hands a job handler's variables to the next step", async () => {
    const { processInstanceKey, ticketId, registeredAt } = await registerTicket();
    const [job] = await jobs.waitFor(processInstanceKey, 'computeDeadlines');
    expect(job).toMatchObject({ type: 'hotline.deadline', bpmnProcessId: 'ticket-deadlines', customHeaders: { stage: 'accept' }, variables: { ticketId } });
    const [task] = await tasks.waitFor(processInstanceKey, 'acceptTicket');
    expect(task!.variables).toMatchObject({ acceptDue: beijing(registeredAt + ACCEPT_WITHIN), dueAt: beijing(registeredAt + REPLY_WITHIN) });
  });

  it('announces a user task with its form key, candidate groups and headers, and completes it', async () => {
    const { processInstanceKey } = await registerTicket();
    const [task] = await tasks.waitFor(processInstanceKey, 'acceptTicket');
    expect(task).toMatchObject({
      bpmnProcessId: 'ticket-deadlines',
      processVersion: deployed[0]!.version,
      formKey: 'hotline:accept',
      candidateGroups: ['dispatcher', 'unit-staff'],
      customHeaders: { stage: 'accept' },
    });
    expect(await engine.completeUserTask(task!.key, { decision: 'return' })).toBe('completed');
  });

  it("answers 'already-completed' to a second completion", async () => {
    const { processInstanceKey } = await registerTicket();
    const [task] = await tasks.waitFor(processInstanceKey, 'acceptTicket');
    expect(await engine.completeUserTask(task!.key, { decision: 'accept' })).toBe('completed');
    expect(await engine.completeUserTask(task!.key, { decision: 'return' })).toBe('already-completed');
  });

  it('fires the reply timer once the clock passes dueAt, and not before', async () => {
    const { processInstanceKey, registeredAt } = await acceptedTicket();
    await advanceTo(registeredAt, REPLY_WITHIN - 10 * MINUTE);
    await jobs.expectNoMore(processInstanceKey, 'escalateReply', 0, QUIET_MS);
    await advanceTo(registeredAt, REPLY_WITHIN + MINUTE);
    const [escalation] = await jobs.waitFor(processInstanceKey, 'escalateReply');
    expect(escalation!.customHeaders).toEqual({ stage: 'reply' });
  });

  it('moves the reply wait to the instant a deadlineChanged message brings', async () => {
    const { processInstanceKey, ticketId, registeredAt } = await acceptedTicket();
    const extendedDue = beijing(registeredAt + 2 * REPLY_WITHIN);
    await engine.publishMessage('deadlineChanged', ticketId, { dueAt: extendedDue }, { messageId: `${ticketId}-extension`, timeToLiveMs: MINUTE });
    const [recorded] = await jobs.waitFor(processInstanceKey, 'recordDeadlineChange');
    expect(recorded!.variables.dueAt).toBe(extendedDue);

    await advanceTo(registeredAt, REPLY_WITHIN + 10 * MINUTE);
    await jobs.expectNoMore(processInstanceKey, 'escalateReply', 0, QUIET_MS);
    await advanceTo(registeredAt, 2 * REPLY_WITHIN + MINUTE);
    const [escalation] = await jobs.waitFor(processInstanceKey, 'escalateReply');
    expect(escalation!.variables.dueAt).toBe(extendedDue);
  });

  it('takes an overdue acceptance away with the boundary timer; completing it then answers already-completed', async () => {
    const { processInstanceKey, registeredAt } = await registerTicket();
    const [task] = await tasks.waitFor(processInstanceKey, 'acceptTicket');
    await advanceTo(registeredAt, ACCEPT_WITHIN + MINUTE);
    const [escalation] = await jobs.waitFor(processInstanceKey, 'escalateAcceptance');
    expect(escalation!.customHeaders).toEqual({ stage: 'accept' });
    expect(await engine.completeUserTask(task!.key, { decision: 'accept' })).toBe('already-completed');
  });

  it('hands a failed job out again with the same key, one retry fewer, and runs its handler again', async () => {
    const { processInstanceKey } = await registerTicket({ deadlineFailsOnce: true });
    const [first, second] = await jobs.waitFor(processInstanceKey, 'computeDeadlines', 2);
    expect(second!.key).toBe(first!.key);
    expect([first!.retries, second!.retries]).toEqual([3, 2]);
    await tasks.waitFor(processInstanceKey, 'acceptTicket');
  });

  it('announces a user task again, with the same key, when its lease lapses', async () => {
    const { processInstanceKey } = await registerTicket();
    const [task] = await tasks.waitFor(processInstanceKey, 'acceptTicket');
    await engine.clock.advance(USER_TASK_LEASE + MINUTE);
    const [, again] = await tasks.waitFor(processInstanceKey, 'acceptTicket', 2);
    expect(again!.key).toBe(task!.key);
    expect(await engine.completeUserTask(task!.key, { decision: 'return' })).toBe('completed');
  });

  it('announces a user task again soon when a listener failed, long before its lease lapses', async () => {
    const { processInstanceKey } = await registerTicket({ announcementFailsOnce: true });
    const [task] = await tasks.waitFor(processInstanceKey, 'acceptTicket');
    // The adapter reports the failure once it has shortened the lease; only then does moving the clock lapse it.
    const shortened = `user task ${task!.key}: a listener failed (task table unavailable); announcing it again in ${zeebeDefaults.userTaskRetryMs} ms`;
    await waitUntil(() => logged.includes(shortened), () => `expected the adapter to report "${shortened}"`);
    await engine.clock.advance(zeebeDefaults.userTaskRetryMs + MINUTE);
    const [, again] = await tasks.waitFor(processInstanceKey, 'acceptTicket', 2);
    expect(again!.key).toBe(task!.key);
  });

  it('takes the same messageId twice within its time-to-live as one message', async () => {
    const options = { messageId: `unclaimed-${run}`, timeToLiveMs: MINUTE };
    await engine.publishMessage('deadlineChanged', `nobody-${run}`, {}, options);
    await expect(engine.publishMessage('deadlineChanged', `nobody-${run}`, {}, options)).resolves.toBeUndefined();
  });

  // Last: after the reset the clock has jumped back, and the broker's periodic work waits (see actuator-clock.ts).
  it('reads, moves, pins (only forward) and resets the broker clock', async () => {
    const before = await engine.clock.now();
    await engine.clock.advance(HOUR);
    expect(await engine.clock.now()).toBeGreaterThanOrEqual(before + HOUR);
    const tomorrow = before + 24 * HOUR;
    await engine.clock.pin(tomorrow);
    await engine.clock.advance(MINUTE);
    expect(await engine.clock.now()).toBe(tomorrow + MINUTE);
    await expect(engine.clock.pin(before)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await engine.clock.reset();
    expect(Math.abs((await engine.clock.now()) - Date.now())).toBeLessThan(MINUTE);
  });
});
