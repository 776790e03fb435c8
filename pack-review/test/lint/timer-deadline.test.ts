import { describe, expect, it } from 'vitest';
import { stageOfTimeDate } from '../../src/lint/plugin';
import { PACK, VALID, brief, edit, lintWithRule } from './helpers';

const VISIT_TIMER = '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">=returnVisitDue</bpmn:timeDate>';

describe('hotline/timer-deadline', () => {
  it('accepts timers on deadlines computed before them, also in a loop and around a sub-process', async () => {
    expect(await lintWithRule(VALID, 'timer-deadline', { stages: PACK.stages })).toEqual([]);
  });

  it('reports a timer with no deadline variable (a fixed duration)', async () => {
    const xml = edit(VALID, VISIT_TIMER, '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT24H</bpmn:timeDuration>');
    const issues = await lintWithRule(xml, 'timer-deadline', { stages: PACK.stages });
    expect(brief(issues)).toEqual(['visitDue TIMER_NOT_DEADLINE']);
    expect(issues[0]!.message).toContain('PT24H');
  });

  it('reports a timer reading a variable that is not a deadline', async () => {
    const xml = edit(VALID, VISIT_TIMER, '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">=dueAt</bpmn:timeDate>');
    expect(brief(await lintWithRule(xml, 'timer-deadline', { stages: PACK.stages }))).toEqual(['visitDue TIMER_NOT_DEADLINE']);
  });

  it('reports a deadline variable of a stage the rules do not know', async () => {
    const xml = edit(VALID, VISIT_TIMER, '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">=callbackDue</bpmn:timeDate>');
    const issues = await lintWithRule(xml, 'timer-deadline', { stages: PACK.stages });
    expect(brief(issues)).toEqual(['visitDue TIMER_UNKNOWN_STAGE']);
    expect(issues[0]!.message).toContain('callback');
  });

  it('reports a deadline no rule of the pack produces', async () => {
    const issues = await lintWithRule(VALID, 'timer-deadline', { stages: ['accept', 'handle'] });
    expect(brief(issues)).toEqual(['visitDue TIMER_STAGE_NOT_IN_RULES']);
  });

  it('reports a timer whose deadline no hotline.deadline task computes', async () => {
    const xml = edit(VALID, '<zeebe:header key="stage" value="handle" />', '<zeebe:header key="stage" value="extension" />');
    const issues = await lintWithRule(xml, 'timer-deadline', { stages: PACK.stages });
    expect(brief(issues)).toEqual(['handleOverdue TIMER_DEADLINE_NOT_COMPUTED']);
    expect(issues[0]!.message).toContain('stage = handle');
  });

  it('reports a timer reached on a path that bypasses the task computing its deadline', async () => {
    let xml = edit(VALID, '<bpmn:sequenceFlow id="f-warned" sourceRef="warnOverdue" targetRef="warned" />', '<bpmn:sequenceFlow id="f-warned" sourceRef="warnOverdue" targetRef="handling" />');
    xml = edit(xml, '<bpmn:endEvent id="warned" name="已预警">\n      <bpmn:incoming>f-warned</bpmn:incoming>\n    </bpmn:endEvent>', '');
    const issues = await lintWithRule(xml, 'timer-deadline', { stages: PACK.stages });
    expect(brief(issues)).toEqual(['handleOverdue TIMER_DEADLINE_NOT_COMPUTED']);
    expect(issues[0]!.message).toContain('不经过');
    expect(issues[0]!.message).toContain('handleDeadline');
  });

  it('reports a boundary timer whose deadline is computed only after its activity', async () => {
    let xml = edit(VALID, 'sourceRef="received" targetRef="acceptDeadline"', 'sourceRef="received" targetRef="acceptTicket"');
    xml = edit(xml, 'sourceRef="acceptTicket" targetRef="handleDeadline"', 'sourceRef="acceptTicket" targetRef="acceptDeadline"');
    xml = edit(xml, 'sourceRef="acceptDeadline" targetRef="acceptTicket"', 'sourceRef="acceptDeadline" targetRef="handleDeadline"');
    const issues = await lintWithRule(xml, 'timer-deadline', { stages: PACK.stages });
    expect(brief(issues)).toEqual(['acceptOverdue TIMER_DEADLINE_NOT_COMPUTED']);
  });

  it('reads the stage of =<stage>Due', () => {
    expect(stageOfTimeDate('=acceptDue')).toBe('accept');
    expect(stageOfTimeDate('= returnVisitDue ')).toBe('returnVisit');
    expect(stageOfTimeDate('acceptDue')).toBeNull();
    expect(stageOfTimeDate('=acceptDue + duration("PT1H")')).toBeNull();
  });
});
