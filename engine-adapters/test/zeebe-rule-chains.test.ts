// Fusing rule chains for Zeebe (no broker): which consecutive rule steps become one job, that the
// fused process still parses with its diagram, and what the chain worker hands each step.
import { describe, expect, it } from 'vitest';

import { parseBpmn } from '../src/embedded/moddle';
import type { JobHandler, ServiceJob } from '../src/index';
import { chainWorker } from '../src/zeebe/chain.worker';
import { CHAIN_JOB_TYPE, CHAIN_STEPS_HEADER, fuseRuleChains } from '../src/zeebe/rule-chains';
import { inRow, processXml, type Flow, type Node } from './rule-chain-bpmn';

interface FlowElement {
  id: string;
  sourceRef?: { id: string };
  outgoing?: Array<{ id: string }>;
  extensionElements?: { values: Array<{ type?: string; retries?: string; values?: Array<{ key: string; value: string }> }> };
}

const IN_STEP = new Set(['rule.a', 'rule.b']);
const rule = (id: string, type = 'rule.a', extra: Partial<Extract<Node, { kind: 'service' }>> = {}): Node => ({ id, kind: 'service', type, ...extra });
const user = (id: string): Node => ({ id, kind: 'user' });

const nodes: Node[] = [
  { id: 'start', kind: 'start' },
  rule('s1', 'rule.a', { headers: { stage: 'dispatch' } }),
  rule('s2', 'rule.b'),
  rule('s3', 'rule.a', { headers: { var: 'dispatchedAt' } }),
  user('u1'),
  rule('h1', 'rule.a', { timerBoundary: true }),
  rule('h2', 'rule.b'),
  rule('h3', 'rule.a'),
  user('u2'),
  rule('c1'),
  rule('c2', 'rule.b'),
  user('u3'),
  rule('g1'),
  { id: 'gw', kind: 'gateway' },
  rule('g2', 'rule.b'),
  user('u4'),
  rule('n1'),
  rule('n2', 'other.slow'),
  rule('n3', 'rule.b'),
  user('u5'),
  rule('r1', 'rule.a', { retries: 3 }),
  rule('r2', 'rule.b', { retries: 5 }),
  user('u6'),
  rule('single'),
  { id: 'end', kind: 'end' },
];
// Every node after the one before, except the conditional flow c1 → c2.
const flows: Flow[] = inRow(nodes).map((f) => (f.from === 'c1' ? { ...f, condition: '=true' } : f));
const xml = processXml('chains', nodes, flows);

describe('fusing rule chains', () => {
  it('fuses a run of in-step rule steps into one task with the first id, and nothing across a boundary event, a condition, a gateway, another type or retries', async () => {
    const { chains } = await fuseRuleChains(xml, IN_STEP);
    expect(chains.map((c) => [c.id, c.steps.map((s) => s.elementId)])).toEqual([
      ['s1', ['s1', 's2', 's3']],
      ['h2', ['h2', 'h3']],
    ]);
    expect(chains[0]?.steps).toEqual([
      { elementId: 's1', type: 'rule.a', headers: { stage: 'dispatch' } },
      { elementId: 's2', type: 'rule.b', headers: {} },
      { elementId: 's3', type: 'rule.a', headers: { var: 'dispatchedAt' } },
    ]);
  });

  it('writes a process that parses cleanly, whose diagram names only elements that exist', async () => {
    const fused = await fuseRuleChains(xml, IN_STEP);
    const { definitions, warnings } = await parseBpmn(fused.xml);
    expect(warnings).toEqual([]);
    const process = (definitions.rootElements as Array<{ flowElements: FlowElement[] }>)[0] as { flowElements: FlowElement[] };
    const ids = process.flowElements.map((e) => e.id);
    expect(ids).not.toContain('s2');
    expect(ids).not.toContain('s3');
    expect(ids).not.toContain('h3');
    expect(ids).toEqual(expect.arrayContaining(['s1', 'u1', 'h1', 'h1-timer', 'h2', 'c1', 'c2', 'g1', 'gw', 'g2', 'n1', 'n2', 'n3', 'r1', 'r2', 'single', 'end']));

    const chain = process.flowElements.find((e) => e.id === 's1');
    const [definition, headers] = chain?.extensionElements?.values ?? [];
    expect(definition).toMatchObject({ type: CHAIN_JOB_TYPE, retries: '3' });
    const steps = JSON.parse(headers?.values?.find((h) => h.key === CHAIN_STEPS_HEADER)?.value ?? '[]') as Array<{ elementId: string }>;
    expect(steps.map((s) => s.elementId)).toEqual(['s1', 's2', 's3']);
    // The last step's outgoing flow now leaves the chain.
    const exit = process.flowElements.find((e) => e.id === 'f-s3-u1');
    expect(exit?.sourceRef?.id).toBe('s1');
    expect(chain?.outgoing?.map((f) => f.id)).toEqual(['f-s3-u1']);
    expect(process.flowElements.find((e) => e.id === 'f-s1-s2')).toBeUndefined();

    const plane = (definitions.diagrams as Array<{ plane: { planeElement: Array<{ bpmnElement?: { id: string } }> } }>)[0]?.plane;
    const drawn = plane?.planeElement.map((shape) => shape.bpmnElement?.id) ?? [];
    expect(drawn).not.toContain(undefined);
    expect(drawn).not.toContain('s2');
    expect(drawn).not.toContain('f-s1-s2');
    expect(drawn).toEqual(expect.arrayContaining(['s1', 'f-s3-u1', 'h1-timer', 'n2']));
  });

  it('leaves a process with nothing to fuse, or no in-step types, exactly as it was', async () => {
    const plain = processXml('plain', [{ id: 'start', kind: 'start' }, rule('only'), user('u'), { id: 'end', kind: 'end' }], inRow([{ id: 'start', kind: 'start' }, rule('only'), user('u'), { id: 'end', kind: 'end' }]));
    expect(await fuseRuleChains(plain, IN_STEP)).toEqual({ xml: plain, chains: [] });
    expect(await fuseRuleChains(xml, new Set())).toEqual({ xml, chains: [] });
  });
});

const chainJob: ServiceJob = {
  key: '2251799813685300',
  type: CHAIN_JOB_TYPE,
  processInstanceKey: '2251799813685251',
  bpmnProcessId: 'chains',
  elementId: 's1',
  elementInstanceKey: '2251799813685299',
  customHeaders: {
    [CHAIN_STEPS_HEADER]: JSON.stringify([
      { elementId: 's1', type: 'rule.a', headers: { stage: 'dispatch' } },
      { elementId: 's2', type: 'rule.b', headers: {} },
      { elementId: 's3', type: 'rule.a', headers: { var: 'dispatchedAt' } },
    ]),
  },
  variables: { ticketId: 'T-1', count: 0 },
  retries: 3,
};

describe('the chain worker', () => {
  it('runs the steps in order, each as its own job seeing the variables the steps before it set, and answers all of them merged', async () => {
    const seen: ServiceJob[] = [];
    const handler: JobHandler = async (job) => {
      seen.push(job);
      return { count: (job.variables.count as number) + 1, [`${job.elementId}Done`]: true };
    };
    const result = await chainWorker(() => handler)(chainJob);
    expect(seen.map((j) => [j.key, j.elementId, j.type, j.customHeaders, j.variables.count])).toEqual([
      ['2251799813685300-s1', 's1', 'rule.a', { stage: 'dispatch' }, 0],
      ['2251799813685300-s2', 's2', 'rule.b', {}, 1],
      ['2251799813685300-s3', 's3', 'rule.a', { var: 'dispatchedAt' }, 2],
    ]);
    expect(seen[0]?.processInstanceKey).toBe(chainJob.processInstanceKey);
    expect(result).toEqual({ count: 3, s1Done: true, s2Done: true, s3Done: true });
  });

  it("throws a step's BPMN error for the chain, with what the steps before it set; a step that fails fails the chain", async () => {
    const erring: JobHandler = async (job) => (job.elementId === 's2' ? { bpmnError: { code: 'NO_UNIT', message: 'no unit' } } : { [`${job.elementId}Done`]: true });
    expect(await chainWorker(() => erring)(chainJob)).toEqual({ bpmnError: { code: 'NO_UNIT', message: 'no unit', variables: { s1Done: true } } });

    const ran: string[] = [];
    const failing: JobHandler = async (job) => {
      ran.push(job.elementId);
      if (job.elementId === 's2') throw new Error('database away');
      return {};
    };
    await expect(chainWorker(() => failing)(chainJob)).rejects.toThrow('database away');
    expect(ran).toEqual(['s1', 's2']);
    await expect(chainWorker((type) => (type === 'rule.a' ? failing : undefined))({ ...chainJob })).rejects.toThrow(/no worker for "rule.b"/);
  });
});
