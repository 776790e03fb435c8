// Deployment: anything outside BPMN-SUBSET.md is refused, naming file, element and reason, and then
// nothing of the deployment is stored; versions follow Zeebe (same XML, same version).
import { readdirSync } from 'node:fs';

import type { Knex } from 'knex';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { TestEngine } from './embedded.harness';
import { engineDatabase, fixture, startEngine } from './embedded.harness';

let db: Knex;
let engine: TestEngine['engine'];

beforeAll(async () => {
  db = await engineDatabase();
});

beforeEach(async () => {
  ({ engine } = await startEngine(db));
});

/** A one-task process around the given flow elements, in the Zeebe dialect. */
function process(id: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="${id}-definitions" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    ${body}
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;
}

const serviceTask = (extensions: string) => `<bpmn:serviceTask id="work"><bpmn:extensionElements>${extensions}</bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />`;

async function rejection(name: string, xml: string): Promise<string> {
  const error: unknown = await engine.deploy([{ name, xml }]).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ name: 'EngineError', code: 'DEPLOY_REJECTED' });
  return (error as Error).message;
}

describe('deploy', () => {
  it('refuses a service task without a job type, naming the element', async () => {
    const { name, xml } = fixture('broken-service-task.bpmn');
    expect(await rejection(name, xml)).toBe(`broken-service-task.bpmn: element 'computeDeadlines' (serviceTask): missing job type (zeebe:taskDefinition type="…")`);
  });

  it.each([
    [
      'an element outside the subset',
      process('p', `<bpmn:scriptTask id="work" /><bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />`),
      `p.bpmn: element 'work' (scriptTask): not in the BPMN subset the embedded engine runs (see BPMN-SUBSET.md)`,
    ],
    [
      'FEEL that does not parse',
      process(
        'p',
        `<bpmn:exclusiveGateway id="work" default="f3" />
         <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=decision = </bpmn:conditionExpression></bpmn:sequenceFlow>
         <bpmn:sequenceFlow id="f3" sourceRef="work" targetRef="end" />`,
      ),
      `p.bpmn: element 'f2' (sequenceFlow): condition '=decision =' is not valid FEEL: does not parse at character 11`,
    ],
    [
      'a condition that is not FEEL',
      process(
        'p',
        `<bpmn:exclusiveGateway id="work" default="f3" />
         <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${decision}</bpmn:conditionExpression></bpmn:sequenceFlow>
         <bpmn:sequenceFlow id="f3" sourceRef="work" targetRef="end" />`,
      ),
      `p.bpmn: element 'f2' (sequenceFlow): condition '\${decision}' must be a FEEL expression (=…)`,
    ],
    [
      'a cycle timer',
      process(
        'p',
        `${serviceTask('<zeebe:taskDefinition type="hotline.notify" />')}
         <bpmn:boundaryEvent id="every" attachedToRef="work" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R3/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>`,
      ),
      `p.bpmn: element 'every' (boundaryEvent): timeCycle is not in the BPMN subset the embedded engine runs (see BPMN-SUBSET.md)`,
    ],
    [
      'a zeebe extension outside the subset',
      process('p', serviceTask('<zeebe:taskDefinition type="hotline.notify" /><zeebe:executionListeners />')),
      `p.bpmn: element 'work' (serviceTask): extension executionListeners is not in the BPMN subset the embedded engine runs (see BPMN-SUBSET.md)`,
    ],
    ['unparsable XML', '<bpmn:definitions', `p.bpmn: unparsable XML: unparsable content <bpmn:definitions detected: unclosed tag (line 1, column 1)`],
  ])('refuses %s', async (_case, xml, message) => {
    expect(await rejection('p.bpmn', xml)).toBe(message);
  });

  it('deploys every shared fixture, except the broken-* ones it refuses', async () => {
    const files = readdirSync(new URL('./fixtures/', import.meta.url)).filter((f) => f.endsWith('.bpmn'));
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) {
      const deployment = engine.deploy([fixture(file)]);
      if (file.startsWith('broken-')) await expect(deployment, file).rejects.toMatchObject({ code: 'DEPLOY_REJECTED' });
      else await expect(deployment, file).resolves.toHaveLength(1);
    }
  });

  it('refuses the whole deployment when one file is broken', async () => {
    const good = process('whole-good', serviceTask('<zeebe:taskDefinition type="hotline.notify" />'));
    const bad = process('whole-bad', serviceTask(''));
    await expect(engine.deploy([{ name: 'good.bpmn', xml: good }, { name: 'bad.bpmn', xml: bad }])).rejects.toMatchObject({
      code: 'DEPLOY_REJECTED',
      message: `bad.bpmn: element 'work' (serviceTask): missing job type (zeebe:taskDefinition type="…")`,
    });
    await expect(engine.createInstance('whole-good', {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps the version for the same XML and counts up when it changes', async () => {
    const v1 = process('versioned', serviceTask('<zeebe:taskDefinition type="hotline.notify" />'));
    const v2 = process('versioned', serviceTask('<zeebe:taskDefinition type="hotline.notify" retries="5" />'));
    const [first] = await engine.deploy([{ name: 'versioned.bpmn', xml: v1 }]);
    const [again] = await engine.deploy([{ name: 'versioned.bpmn', xml: v1 }]);
    const [second] = await engine.deploy([{ name: 'versioned.bpmn', xml: v2 }]);
    expect(first).toMatchObject({ bpmnProcessId: 'versioned', version: 1 });
    expect(again).toEqual(first);
    expect(second).toMatchObject({ bpmnProcessId: 'versioned', version: 2 });
    expect(second?.key).not.toBe(first?.key);

    expect(await engine.createInstance('versioned', {})).toMatchObject({ version: 2 });
    expect(await engine.createInstance('versioned', {}, { version: 1 })).toMatchObject({ version: 1 });
    await expect(engine.createInstance('versioned', {}, { version: 3 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
