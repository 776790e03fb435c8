import camundaCompat from 'bpmnlint-plugin-camunda-compat';
import { STAGES } from '@hotline/rules';
import { describe, expect, it } from 'vitest';
import { camundaCompatRules } from '../../src/lint/camunda-compat-rules';
import { createLintConfig } from '../../src/lint/lint-config';
import { formNamesOf, knownStagesOf, lintContextOf, producedStagesOf } from '../../src/lint/lint-context';
import { localizeLintMessage } from '../../src/lint/messages-zh';
import { miniCity, miniPackFiles, miniVersion, json } from '../fixtures/mini-pack';
import { PACK, VALID, brief, edit, lintAll } from './helpers';

describe('the process lint configuration', () => {
  it('bundles exactly the rules of the Camunda 8.5 compatibility config', () => {
    const configured = Object.keys(camundaCompat.configs['camunda-cloud-8-5']!.rules!).filter((r) => !r.startsWith('bpmnlint/'));
    expect(Object.keys(camundaCompatRules).sort()).toEqual(configured.sort());
  });

  it('extends the compat config and passes the pack to the house rules', () => {
    const knownStages = [...STAGES, 'mediation'];
    expect(createLintConfig({ ...PACK, knownStages })).toEqual({
      extends: 'plugin:camunda-compat/camunda-cloud-8-5',
      rules: {
        'camunda-compat/user-task-definition': 'off',
        'hotline/user-task-form': ['error', { forms: PACK.forms }],
        'hotline/timer-deadline': ['error', { stages: PACK.stages, knownStages }],
        'hotline/no-dangling-flow': 'error',
        'hotline/outcome-header': 'error',
      },
    });
  });

  it('finds nothing wrong in a valid ticket process', async () => {
    expect(await lintAll(VALID)).toEqual([]);
  });

  it('reports Zeebe 8.5 problems next to ours, errors first, in Chinese where it can', async () => {
    let xml = edit(VALID, '<zeebe:taskDefinition type="hotline.notify" retries="3" />', '');
    xml = edit(xml, '<zeebe:formDefinition formKey="hotline:review" />', '');
    const issues = await lintAll(xml);
    expect(brief(issues)).toEqual(['reviewReply FORM_MISSING', 'warnOverdue camunda-compat/implementation']);
    expect(issues[1]!.message).toBe('服务任务（bpmn:ServiceTask）必须有一个扩展元素 <zeebe:TaskDefinition>');
  });

  it('turns a file that is not BPMN into one issue', async () => {
    const issues = await lintAll('<not-bpmn');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ rule: 'bpmn-xml', severity: 'error', elementId: null });
  });

  it('reads the forms and the produced deadline stages of a pack', () => {
    const files = miniPackFiles();
    expect(formNamesOf(files)).toEqual(['accept', 'handle', 'review']);
    // extension is allowed for some types (notAllowed for consult only); dispatch has no rule.
    expect(producedStagesOf(files)).toEqual(['accept', 'extension', 'handle', 'returnVisit']);
    expect(lintContextOf(files)).toEqual({
      forms: ['accept', 'handle', 'review'],
      stages: ['accept', 'extension', 'handle', 'returnVisit'],
      knownStages: [...STAGES],
    });
  });

  it('knows the core stages and those the city declares', () => {
    const city = { ...miniCity(), stages: [{ key: 'mediation', label: '调解', source: 'mini-rules.txt §14' }] };
    expect(knownStagesOf(miniPackFiles())).toEqual([...STAGES]);
    expect(knownStagesOf(miniPackFiles({ city }))).toEqual([...STAGES, 'mediation']);
    expect(knownStagesOf([{ path: 'city.json', text: '{ broken' }])).toEqual([...STAGES]);
  });

  it('does not count a stage that is only ever notAllowed, and skips the check without readable versions', () => {
    const onlyForbidden = miniVersion({
      deadlines: [{ stage: 'rework', notAllowed: '不重办', source: 'mini-rules.txt §9' }],
    });
    expect(producedStagesOf([{ path: 'versions/v1.json', text: json(onlyForbidden) }])).toEqual([]);
    expect(producedStagesOf([{ path: 'versions/v1.json', text: '{ broken' }])).toBeUndefined();
  });

  it('says common compat messages in Chinese and leaves unknown ones alone', () => {
    expect(localizeLintMessage('Element of type <bpmn:InclusiveGateway> not allowed')).toBe('Zeebe 8.5 不支持包容网关（bpmn:InclusiveGateway）');
    expect(localizeLintMessage('Property <conditionExpression> is not a valid FEEL expression')).toBe('属性 <conditionExpression> 不是合法的 FEEL 表达式');
    expect(localizeLintMessage('Something new')).toBe('Something new');
  });
});
