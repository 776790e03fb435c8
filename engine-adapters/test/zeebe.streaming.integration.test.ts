// How jobs reach the adapter on a real broker: pushed as the broker creates them (a job stream), and
// activated by the poll beside it for what no stream could push (a job that existed before its worker).
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createZeebeEngine, type ServiceJob, type WorkflowEngine } from '../src/index';
import { createInbox } from './zeebe-inbox';

const run = Date.now().toString(36);

/** One service task of `type`, then the end. */
function oneJobProcess(id: string, type: string) {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d-${id}" targetNamespace="http://hotline.test">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>toWork</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="toWork" sourceRef="start" targetRef="work" />
    <bpmn:serviceTask id="work">
      <bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements>
      <bpmn:incoming>toWork</bpmn:incoming><bpmn:outgoing>toEnd</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="toEnd" sourceRef="work" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>toEnd</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;
  return { name: `${id}.bpmn`, xml };
}

const engines: WorkflowEngine[] = [];
const started: string[] = [];

function engineWith(type: string, jobs: ReturnType<typeof createInbox<ServiceJob>>, options: { workerPollIntervalMs?: number } = {}) {
  const engine = createZeebeEngine({ ...inject('zeebe'), logLevel: 'NONE', log: () => undefined, ...options });
  engine.registerJobWorker(type, async (job) => {
    jobs.record(job);
    return { handled: true };
  });
  engines.push(engine);
  return engine;
}

afterAll(async () => {
  const [any] = engines;
  await Promise.all(started.map((key) => any?.cancelInstance(key).catch(() => undefined)));
  await Promise.all(engines.map((engine) => engine.stop()));
});

describe('Zeebe adapter: jobs pushed and polled', () => {
  it('hands a new job to its worker as the broker creates it, with no poll to wait for', async () => {
    const type = `hotline.pushed-${run}`;
    const jobs = createInbox<ServiceJob>();
    // The poll would first ask in ten minutes: a job handled before that was pushed.
    const engine = engineWith(type, jobs, { workerPollIntervalMs: 600_000 });
    await engine.start();
    await engine.deploy([oneJobProcess(`pushed-${run}`, type)]);
    // The gateway registers a new stream with the broker a moment after it opens: an instance started
    // before that waits for the (distant) poll, so another is started until one is pushed.
    let pushed: string | undefined;
    for (let attempt = 0; attempt < 10 && pushed === undefined; attempt += 1) {
      const { processInstanceKey } = await engine.createInstance(`pushed-${run}`, {});
      started.push(processInstanceKey);
      const [job] = await jobs.waitFor(processInstanceKey, 'work', 1, 2_000).catch(() => [undefined]);
      if (job) pushed = processInstanceKey;
    }
    expect(pushed).toBeDefined();
  });

  it('finds a job created before its worker started (a stream only carries new ones)', async () => {
    const type = `hotline.waiting-${run}`;
    const jobs = createInbox<ServiceJob>();
    const engine = engineWith(type, jobs);
    await engine.deploy([oneJobProcess(`waiting-${run}`, type)]);
    const { processInstanceKey } = await engine.createInstance(`waiting-${run}`, { ticketId: 'before' });
    started.push(processInstanceKey);
    await engine.start();
    const [job] = await jobs.waitFor(processInstanceKey, 'work');
    expect(job).toMatchObject({ type, elementId: 'work', variables: { ticketId: 'before' } });
  });
});
