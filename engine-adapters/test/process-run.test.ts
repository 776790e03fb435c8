// The interpreter alone (no database): how tokens move through the subset's elements.
import { describe, expect, it } from 'vitest';

import { compileProcess } from '../src/embedded/process-model';
import { ProcessRun } from '../src/embedded/process-run';

const clock = { nowMs: () => Date.parse('2026-11-23T09:00:00+08:00') };

async function model(body: string, messages = '') {
  return compileProcess({
    name: 'test.bpmn',
    xml: `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="x">
      ${messages}<bpmn:process id="p" isExecutable="true">${body}</bpmn:process></bpmn:definitions>`,
  });
}

const task = (id: string) => `<bpmn:userTask id="${id}"><bpmn:extensionElements><zeebe:formDefinition formKey="hotline:${id}" /></bpmn:extensionElements></bpmn:userTask>`;
const flow = (id: string, from: string, to: string, condition?: string) =>
  condition
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression>${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const open = (run: ProcessRun) => run.opened('always').tasks.map((t) => t.elementId).sort();
const complete = (run: ProcessRun, elementId: string, result = {}) => {
  const found = run.opened('always').tasks.find((t) => t.elementId === elementId);
  if (!found) throw new Error(`no open ${elementId}`);
  expect(run.completeTask(found.executionId, {}, result)).toBe(true);
};

describe('the embedded interpreter', () => {
  it('joins a parallel split once a token came on every incoming flow, then completes', async () => {
    const m = await model(`<bpmn:startEvent id="s" />${flow('f1', 's', 'split')}<bpmn:parallelGateway id="split" />
      ${flow('f2', 'split', 'a')}${flow('f3', 'split', 'b')}${task('a')}${task('b')}
      ${flow('f4', 'a', 'join')}${flow('f5', 'b', 'join')}<bpmn:parallelGateway id="join" />${flow('f6', 'join', 'after')}${task('after')}${flow('f7', 'after', 'e')}<bpmn:endEvent id="e" />`);
    const run = ProcessRun.start(m, {}, clock);
    expect(open(run)).toEqual(['a', 'b']);
    complete(run, 'a');
    expect(open(run)).toEqual(['b']);
    complete(run, 'b');
    expect(open(run)).toEqual(['after']);
    complete(run, 'after');
    expect(run.completed).toBe(true);
  });

  it('waits at a join whose other path an exclusive gateway did not take, as Zeebe (no dead-path elimination)', async () => {
    const m = await model(`<bpmn:startEvent id="s" />${flow('f1', 's', 'split')}<bpmn:parallelGateway id="split" />
      ${flow('f2', 'split', 'gw')}${flow('f3', 'split', 'b')}<bpmn:exclusiveGateway id="gw" default="f5" />
      ${flow('f4', 'gw', 'a', '=go')}${flow('f5', 'gw', 'join')}${task('a')}${task('b')}
      ${flow('f6', 'a', 'join')}${flow('f7', 'b', 'join')}<bpmn:parallelGateway id="join" />${flow('f8', 'join', 'e')}<bpmn:endEvent id="e" />`);
    const run = ProcessRun.start(m, { go: false }, clock);
    expect(open(run)).toEqual(['b']);
    complete(run, 'b');
    expect(run.completed).toBe(false);
    expect(run.failure).toBeUndefined();
  });

  it('takes the first true condition in document order, else the default, else fails naming the gateway', async () => {
    const m = await model(`<bpmn:startEvent id="s" />${flow('f1', 's', 'gw')}<bpmn:exclusiveGateway id="gw" />
      ${flow('f2', 'gw', 'a', '=n &gt; 1')}${flow('f3', 'gw', 'b', '=n &gt; 0')}${task('a')}${task('b')}`);
    expect(open(ProcessRun.start(m, { n: 2 }, clock))).toEqual(['a']);
    expect(open(ProcessRun.start(m, { n: 1 }, clock))).toEqual(['b']);
    expect(ProcessRun.start(m, { n: 0 }, clock).failure?.message).toContain("exclusive gateway 'gw'");
  });

  it('closes the other branch of an event-based gateway when one fires, and reads timeDate from a variable', async () => {
    const m = await model(
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'gw')}<bpmn:eventBasedGateway id="gw"><bpmn:outgoing>f2</bpmn:outgoing><bpmn:outgoing>f3</bpmn:outgoing></bpmn:eventBasedGateway>${flow('f2', 'gw', 'due')}${flow('f3', 'gw', 'msg')}
      <bpmn:intermediateCatchEvent id="due"><bpmn:timerEventDefinition><bpmn:timeDate>=dueAt</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="msg"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
      ${flow('f4', 'due', 'late')}${task('late')}${flow('f5', 'msg', 'moved')}${task('moved')}`,
      `<bpmn:message id="m" name="changed"><bpmn:extensionElements><zeebe:subscription correlationKey="=id" /></bpmn:extensionElements></bpmn:message>`,
    );
    const run = ProcessRun.start(m, { id: 't1', dueAt: '2026-11-24T00:00:00+08:00' }, clock);
    const { timers, subscriptions } = run.opened();
    expect(timers.map((t) => t.dueAt.toISOString())).toEqual(['2026-11-23T16:00:00.000Z']);
    expect(run.deliverMessage(subscriptions[0]?.executionId ?? '', { moved: true })).toBe(true);
    expect(open(run)).toEqual(['moved']);
    expect(run.opened('always').timers).toEqual([]);
    expect(run.variables.moved).toBe(true);
  });

  it('keeps a non-interrupting message boundary armed while its task runs; an interrupting timer ends the task', async () => {
    const m = await model(
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'work')}${task('work')}
      <bpmn:boundaryEvent id="onOrder" attachedToRef="work" cancelActivity="false"><bpmn:messageEventDefinition messageRef="m" /></bpmn:boundaryEvent>
      <bpmn:boundaryEvent id="timeout" attachedToRef="work"><bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      ${flow('f2', 'onOrder', 'note')}${task('note')}${flow('f3', 'timeout', 'e')}<bpmn:endEvent id="e" />`,
      `<bpmn:message id="m" name="order"><bpmn:extensionElements><zeebe:subscription correlationKey="=id" /></bpmn:extensionElements></bpmn:message>`,
    );
    const run = ProcessRun.start(m, { id: 't1' }, clock);
    const subscription = run.opened().subscriptions[0]?.executionId ?? '';
    expect(run.opened().timers[0]?.dueAt.getTime()).toBe(clock.nowMs() + 2 * 3_600_000);
    expect(run.deliverMessage(subscription, {})).toBe(true);
    expect(run.deliverMessage(subscription, {})).toBe(true);
    expect(open(run)).toEqual(['note', 'note', 'work']);
    expect(run.fireTimer(run.opened().timers[0]?.executionId ?? '')).toBe(true);
    expect(open(run)).toEqual(['note', 'note']);
    expect(run.deliverMessage(subscription, {})).toBe(false);
  });

  it('runs a parallel multi-instance task once per item and collects the outputs in order', async () => {
    const m = await model(`<bpmn:startEvent id="s" />${flow('f1', 's', 'assist')}
      <bpmn:userTask id="assist"><bpmn:extensionElements><zeebe:formDefinition formKey="hotline:assist" /></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=units" inputElement="unit" outputCollection="answers" outputElement="=answer" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
      </bpmn:userTask>${flow('f2', 'assist', 'e')}<bpmn:endEvent id="e" />`);
    const run = ProcessRun.start(m, { units: ['water', 'roads'] }, clock);
    const tasks = run.opened().tasks;
    expect(tasks.map((t) => t.iteration)).toEqual([
      { index: 0, cardinality: 2, item: 'water' },
      { index: 1, cardinality: 2, item: 'roads' },
    ]);
    run.completeTask(tasks[1]?.executionId ?? '', {}, { answer: 'R' });
    expect(run.completed).toBe(false);
    run.completeTask(tasks[0]?.executionId ?? '', {}, { answer: 'W' });
    expect(run.completed).toBe(true);
    expect(run.variables.answers).toEqual(['W', 'R']);
    expect(ProcessRun.start(m, { units: [] }, clock).completed).toBe(true);
  });

  it('resumes its stored state as JSON, and refuses a state whose element the process lacks', async () => {
    const m = await model(`<bpmn:startEvent id="s" />${flow('f1', 's', 'a')}${task('a')}${flow('f2', 'a', 'b')}${task('b')}`);
    const first = ProcessRun.start(m, {}, clock);
    const stored = JSON.parse(JSON.stringify(first.snapshot())) as Record<string, unknown>;
    const resumed = ProcessRun.resume(m, stored, {}, clock);
    complete(resumed, 'a');
    expect(resumed.closed().map((c) => c.table)).toEqual(['userTask']);
    expect(resumed.opened().tasks.map((t) => t.elementId)).toEqual(['b']);
    const other = await model(`<bpmn:startEvent id="s" />${flow('f1', 's', 'x')}${task('x')}`);
    expect(ProcessRun.resume(other, JSON.parse(JSON.stringify(first.snapshot())) as Record<string, unknown>, {}, clock).failure?.message).toContain("no element a");
  });
});
