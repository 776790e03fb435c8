import { describe, expect, it } from 'vitest';
import { VALID, brief, edit, lintWithRule } from './helpers';

describe('hotline/no-dangling-flow', () => {
  it('accepts a process where every node lies on a path from start to end', async () => {
    expect(await lintWithRule(VALID, 'no-dangling-flow')).toEqual([]);
  });

  it('reports a task that leads nowhere and the end event nothing reaches', async () => {
    const xml = edit(VALID, '<bpmn:sequenceFlow id="f-warned" sourceRef="warnOverdue" targetRef="warned" />', '');
    const issues = await lintWithRule(xml, 'no-dangling-flow');
    expect(brief(issues).sort()).toEqual(['warnOverdue NODE_DEAD_END', 'warned NODE_UNREACHABLE']);
    expect(issues.find((i) => i.elementId === 'warnOverdue')!.message).toContain('超时预警');
  });

  it('reports an element with no flow at all', async () => {
    const xml = edit(VALID, '</bpmn:process>', '<bpmn:task id="forgotten" name="遗漏的任务" />\n  </bpmn:process>');
    expect(brief(await lintWithRule(xml, 'no-dangling-flow'))).toEqual(['forgotten NODE_UNCONNECTED']);
  });

  it('reports a sequence flow whose target does not exist', async () => {
    const xml = edit(VALID, 'sourceRef="visitDue" targetRef="closed"', 'sourceRef="visitDue" targetRef="nowhere"');
    const found = brief(await lintWithRule(xml, 'no-dangling-flow'));
    expect(found).toContain('f-closed FLOW_UNCONNECTED');
    expect(found).toContain('visitDue NODE_DEAD_END');
    expect(found).toContain('closed NODE_UNREACHABLE');
  });

  it('checks inside sub-processes too', async () => {
    const xml = edit(VALID, '<bpmn:sequenceFlow id="h2" sourceRef="handleTicket" targetRef="handlingDone" />', '');
    expect(brief(await lintWithRule(xml, 'no-dangling-flow')).sort()).toEqual(['handleTicket NODE_DEAD_END', 'handlingDone NODE_UNREACHABLE']);
  });

  it('reports a loop that never reaches an end on the loop, not on what leads into it', async () => {
    let xml = edit(VALID, 'sourceRef="visitDue" targetRef="closed"', 'sourceRef="visitDue" targetRef="visitDeadline"');
    xml = edit(xml, '<bpmn:endEvent id="closed" name="办结">\n      <bpmn:incoming>f-closed</bpmn:incoming>\n    </bpmn:endEvent>', '');
    const issues = await lintWithRule(xml, 'no-dangling-flow');
    expect(brief(issues).sort()).toEqual([
      'awaitVisit NODE_ENDLESS_LOOP',
      'deadlineChanged NODE_ENDLESS_LOOP',
      'visitDeadline NODE_ENDLESS_LOOP',
      'visitDue NODE_ENDLESS_LOOP',
    ]);
    expect(issues[0]!.message).toContain('循环');
  });

  it('reports only the first element of an unreachable chain', async () => {
    const xml = edit(
      VALID,
      '</bpmn:process>',
      `<bpmn:task id="orphanA" /><bpmn:task id="orphanB" /><bpmn:endEvent id="orphanEnd" />
       <bpmn:sequenceFlow id="o1" sourceRef="orphanA" targetRef="orphanB" /><bpmn:sequenceFlow id="o2" sourceRef="orphanB" targetRef="orphanEnd" />
  </bpmn:process>`,
    );
    expect(brief(await lintWithRule(xml, 'no-dangling-flow'))).toEqual(['orphanA NODE_UNREACHABLE']);
  });
});
