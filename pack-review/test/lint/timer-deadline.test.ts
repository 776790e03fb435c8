import { describe, expect, it } from 'vitest';
import { STAGES } from '@hotline/rules';
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

  it('accepts the deadline the 督办单 message brings (supervisionOrderDue), which no deadline task computes', async () => {
    const xml = edit(VALID, VISIT_TIMER, '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">=supervisionOrderDue</bpmn:timeDate>');
    expect(brief(await lintWithRule(xml, 'timer-deadline', { stages: PACK.stages }))).toEqual([]);
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

  describe('a deadline set under another name (task header `as`)', () => {
    // After acceptance, a gateway: the handling deadline of the stage itself, or the designated unit's
    // (stage=designatedHandle) written as handleDue; both branches meet before the handling, whose
    // timer and task due date read handleDue.
    const DESIGNATED_TASK = (headers: string) => `<bpmn:serviceTask id="designatedDeadline" name="计算指定承办时限">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="hotline.deadline" retries="3" />
        <zeebe:taskHeaders>${headers}</zeebe:taskHeaders>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f-designated-done" sourceRef="designatedDeadline" targetRef="handling" />
    `;
    const withDesignation = (headers: string, due = 'handleDue') => {
      let xml = edit(
        VALID,
        '<bpmn:sequenceFlow id="f3" sourceRef="acceptTicket" targetRef="handleDeadline" />',
        `<bpmn:sequenceFlow id="f3" sourceRef="acceptTicket" targetRef="designated" />
    <bpmn:exclusiveGateway id="designated" name="指定承办？" default="f-not-designated" />
    <bpmn:sequenceFlow id="f-not-designated" sourceRef="designated" targetRef="handleDeadline" />
    <bpmn:sequenceFlow id="f-designated" sourceRef="designated" targetRef="designatedDeadline">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=designatedUnit != null</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    ${DESIGNATED_TASK(headers)}`,
      );
      xml = edit(
        xml,
        '<zeebe:formDefinition formKey="hotline:handle" />',
        `<zeebe:formDefinition formKey="hotline:handle" />
          <zeebe:taskHeaders><zeebe:header key="due" value="${due}" /></zeebe:taskHeaders>`,
      );
      return xml;
    };
    const STAGES_WITH_DESIGNATION = [...PACK.stages!, 'designatedHandle'];

    it('accepts a timer and a task due date reading <as>Due, set on every path by one task or the other', async () => {
      const xml = withDesignation('<zeebe:header key="stage" value="designatedHandle" /><zeebe:header key="as" value="handle" />');
      expect(await lintWithRule(xml, 'timer-deadline', { stages: STAGES_WITH_DESIGNATION })).toEqual([]);
    });

    it('reports the readers when one branch sets the deadline under its own name', async () => {
      const xml = withDesignation('<zeebe:header key="stage" value="designatedHandle" />');
      const issues = await lintWithRule(xml, 'timer-deadline', { stages: STAGES_WITH_DESIGNATION });
      expect(brief(issues)).toEqual(['handleOverdue TIMER_DEADLINE_NOT_COMPUTED', 'handleTicket TIMER_DEADLINE_NOT_COMPUTED']);
      expect(issues[1]!.message).toContain('任务头 due');
    });

    it('reports a task due date reading a deadline nothing sets', async () => {
      const xml = withDesignation('<zeebe:header key="stage" value="designatedHandle" /><zeebe:header key="as" value="handle" />', 'callbackDue');
      expect(brief(await lintWithRule(xml, 'timer-deadline', { stages: STAGES_WITH_DESIGNATION }))).toEqual(['handleTicket TIMER_UNKNOWN_STAGE']);
    });

    it('needs a period of the rules for a timer, not for a task due date (the task then shows none)', async () => {
      const xml = withDesignation('<zeebe:header key="stage" value="designatedHandle" /><zeebe:header key="as" value="handle" />');
      expect(brief(await lintWithRule(xml, 'timer-deadline', { stages: ['accept', 'returnVisit'] }))).toEqual(['handleOverdue TIMER_STAGE_NOT_IN_RULES']);
    });
  });

  describe('the stages a pack knows (knownStages, default STAGES of @hotline/rules)', () => {
    let xml = edit(VALID, '<zeebe:header key="stage" value="returnVisit" />', '<zeebe:header key="stage" value="mediation" />');
    xml = edit(xml, VISIT_TIMER, '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">=mediationDue</bpmn:timeDate>');
    const stages = [...PACK.stages!, 'mediation'];

    it('reports a deadline task of a stage the pack does not declare', async () => {
      const issues = await lintWithRule(xml, 'timer-deadline', { stages });
      expect(brief(issues)).toEqual(['visitDeadline TIMER_UNKNOWN_STAGE']);
      expect(issues[0]!.message).toContain('mediation');
    });

    it('accepts it once the pack declares the stage', async () => {
      expect(await lintWithRule(xml, 'timer-deadline', { stages, knownStages: [...STAGES, 'mediation'] })).toEqual([]);
    });
  });

  it('reads the stage of =<stage>Due', () => {
    expect(stageOfTimeDate('=acceptDue')).toBe('accept');
    expect(stageOfTimeDate('= returnVisitDue ')).toBe('returnVisit');
    expect(stageOfTimeDate('acceptDue')).toBeNull();
    expect(stageOfTimeDate('=acceptDue + duration("PT1H")')).toBeNull();
  });
});
