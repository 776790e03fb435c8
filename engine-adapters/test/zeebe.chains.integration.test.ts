// Fused rule chains on a real Zeebe broker: three consecutive in-step rule steps run as one job, each
// step seeing its own element id, headers and the variables of the steps before it; a step that fails
// has the chain retried as a whole with the same step keys; and an instance moves between two fused
// versions although the migration plan (read from the unfused BPMN) names steps the broker never saw.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { createZeebeEngine, planMigration, type ServiceJob, type UserTaskCreated, type WorkflowEngine } from '../src/index';
import { inRow, processXml, type Node } from './rule-chain-bpmn';
import { createInbox } from './zeebe-inbox';

const run = Date.now().toString(36);
// Types of this run only: the broker may still hold jobs of earlier runs.
const A = `chain-test.a-${run}`;
const B = `chain-test.b-${run}`;
const PROCESS = `chains-${run}`;

const version1Nodes: Node[] = [
  { id: 'start', kind: 'start' },
  { id: 'a1', kind: 'service', type: A, headers: { n: '1' } },
  { id: 'b1', kind: 'service', type: B },
  { id: 'a2', kind: 'service', type: A, headers: { n: '2' } },
  { id: 'reply', kind: 'user' },
  { id: 'end', kind: 'end' },
];
const version2Nodes: Node[] = [...version1Nodes.slice(0, 5), { id: 'review', kind: 'user' }, { id: 'end', kind: 'end' }];
const version1 = { name: `${PROCESS}.bpmn`, xml: processXml(PROCESS, version1Nodes, inRow(version1Nodes)) };
const version2 = { name: `${PROCESS}.bpmn`, xml: processXml(PROCESS, version2Nodes, inRow(version2Nodes)) };

const jobs = createInbox<ServiceJob>();
const tasks = createInbox<UserTaskCreated>();
/** Instances started with `failB1Once` whose step b1 has failed once already. */
const failedB1 = new Set<string>();
let engine: WorkflowEngine;

beforeAll(async () => {
  engine = createZeebeEngine({ ...inject('zeebe'), logLevel: 'NONE', jobRetryBackoffMs: 0 });
  const step = async (job: ServiceJob) => {
    jobs.record(job);
    if (job.elementId === 'b1' && job.variables.failB1Once === true && !failedB1.has(job.processInstanceKey)) {
      failedB1.add(job.processInstanceKey);
      throw new Error('pack catalogue not loaded yet');
    }
    return { trail: [...((job.variables.trail as string[] | undefined) ?? []), `${job.elementId}:${job.customHeaders.n ?? '-'}`] };
  };
  engine.registerJobWorker(A, step, { inStep: true });
  engine.registerJobWorker(B, step, { inStep: true });
  engine.onUserTaskCreated(async (task) => tasks.record(task));
  await engine.start();
});

afterAll(async () => {
  await engine?.stop();
});

describe('rule chains on Zeebe', () => {
  it('runs the three rule steps as one job, in order, each with its own element id and headers, and the next task sees what they all set', async () => {
    await engine.deploy([version1]);
    const { processInstanceKey: key } = await engine.createInstance(PROCESS, { trail: [] });
    const [reply] = await tasks.waitFor(key, 'reply');

    const steps = ['a1', 'b1', 'a2'].map((id) => jobs.all(key, id));
    expect(steps.map((s) => s.length)).toEqual([1, 1, 1]);
    const [a1, b1, a2] = steps.map((s) => s[0] as ServiceJob);
    const chainKey = a1!.key.slice(0, -'-a1'.length);
    expect([a1!.key, b1!.key, a2!.key]).toEqual([`${chainKey}-a1`, `${chainKey}-b1`, `${chainKey}-a2`]);
    expect([a1!.type, b1!.type, a2!.type]).toEqual([A, B, A]);
    expect(a2!.customHeaders).toEqual({ n: '2' });
    expect(reply!.variables.trail).toEqual(['a1:1', 'b1:-', 'a2:2']);
  });

  it('retries the whole chain when a step fails, the steps before it finding their own keys again', async () => {
    await engine.deploy([version1]);
    const { processInstanceKey: key } = await engine.createInstance(PROCESS, { trail: [], failB1Once: true });
    const [reply] = await tasks.waitFor(key, 'reply', 1, 20_000);
    const a1Runs = jobs.all(key, 'a1');
    expect(a1Runs.length).toBeGreaterThanOrEqual(2);
    expect(new Set(a1Runs.map((j) => j.key)).size).toBe(1);
    expect(jobs.all(key, 'b1')).toHaveLength(2);
    expect(reply!.variables.trail).toEqual(['a1:1', 'b1:-', 'a2:2']);
  });

  it('migrates an instance between two fused versions with the plan read from the BPMN as policy staff wrote it', async () => {
    const [v1] = await engine.deploy([version1]);
    const { processInstanceKey: key } = await engine.createInstance(PROCESS, { trail: [] }, { version: v1!.version });
    const [reply] = await tasks.waitFor(key, 'reply');
    const [v2] = await engine.deploy([version2]);
    const plan = await planMigration(version1.xml, version2.xml, ['reply']);
    expect(plan.mappings.map((m) => m.sourceElementId)).toEqual(expect.arrayContaining(['a1', 'b1', 'a2', 'reply']));

    await engine.migrateInstance(key, { processDefinitionKey: v2!.key, mappings: plan.mappings, variables: { packVersion: 2 } });
    expect(await engine.completeUserTask(reply!.key, {})).toBe('completed');
    const [review] = await tasks.waitFor(key, 'review');
    expect(review!.processVersion).toBe(v2!.version);
    expect(review!.variables).toMatchObject({ packVersion: 2, trail: ['a1:1', 'b1:-', 'a2:2'] });
  });
});
