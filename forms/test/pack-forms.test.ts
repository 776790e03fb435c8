// validatePackForms refuses a broken form with the file and the JSON path of what is wrong, and a
// process whose user task names a form the pack does not have.
import { describe, expect, it } from 'vitest';
import { formatIssue, type PackFile } from '@hotline/rules';
import { userTaskForms, validatePackForms } from '../src/index';
import { shipped } from './fixtures';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const { files, pack } = shipped('turpan');

function withForm(name: string, edit: (form: Json) => void): PackFile[] {
  return files.map((f) => {
    if (f.path !== `forms/${name}.json`) return f;
    const form = JSON.parse(f.text);
    edit(form);
    return { ...f, text: JSON.stringify(form, null, 2) };
  });
}

function bpmn(...formKeys: Array<string | null>): PackFile {
  const tasks = formKeys
    .map((key, i) =>
      key === null
        ? `    <bpmn:userTask id="Task_${i}" name="无表单" />`
        : `    <bpmn:userTask id="Task_${i}" name="任务">\n      <bpmn:extensionElements>\n        <zeebe:formDefinition formKey="${key}" />\n      </bpmn:extensionElements>\n    </bpmn:userTask>`,
    )
    .join('\n');
  return {
    path: 'processes/ticket.bpmn',
    text: `<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0">\n  <bpmn:process id="ticket" isExecutable="true">\n${tasks}\n  </bpmn:process>\n</bpmn:definitions>\n`,
  };
}

interface Case {
  kind: string;
  files: PackFile[];
  file: string;
  path: string;
  says: RegExp;
}

const cases: Case[] = [
  {
    kind: 'a form that is not JSON',
    files: files.map((f) => (f.path === 'forms/accept.json' ? { ...f, text: '{\n  "schema": {\n    type: 1\n' } : f)),
    file: 'forms/accept.json',
    path: '',
    says: /is not valid JSON \(line 3, column 5\)/,
  },
  { kind: 'a form without source', files: withForm('accept', (f) => delete f.source), file: 'forms/accept.json', path: '/source', says: /is missing/ },
  {
    kind: 'a source that cites no article',
    files: withForm('accept', (f) => (f.source = '吐鲁番办法')),
    file: 'forms/accept.json',
    path: '/source',
    says: /must cite its source as "<seed file>\.txt §<article>"/,
  },
  {
    kind: 'an unknown option source',
    files: withForm('reply', (f) => (f.schema.properties.handlingUnit['x-options'] = 'departments')),
    file: 'forms/reply.json',
    path: '/schema/properties/handlingUnit/x-options',
    says: /names no option source: "departments"; sources are ticketTypes, .*units/,
  },
  {
    kind: 'a misspelt keyword',
    files: withForm('reply', (f) => (f.schema.properties.result.maxLenght = 10)),
    file: 'forms/reply.json',
    path: '/schema/properties/result/maxLenght',
    says: /is not a JSON Schema 2020-12 keyword/,
  },
  {
    kind: 'an unknown annotation',
    files: withForm('reply', (f) => (f.schema.properties.result['x-optional'] = true)),
    file: 'forms/reply.json',
    path: '/schema/properties/result/x-optional',
    says: /is not a form annotation/,
  },
  {
    kind: 'a format the forms do not check',
    files: withForm('reply', (f) => (f.schema.properties.caseFiling.allOf[0].then.properties.filingDate.format = 'datum')),
    file: 'forms/reply.json',
    path: '/schema/properties/caseFiling/allOf/0/then/properties/filingDate/format',
    says: /is not a format the forms check: use one of date, date-time/,
  },
  {
    kind: 'a wrong type name',
    files: withForm('accept', (f) => (f.schema.properties.handler.type = 'text')),
    file: 'forms/accept.json',
    path: '/schema/properties/handler/type',
    says: /must be|allowed values/,
  },
  {
    kind: 'a condition naming a ticket type the pack does not have',
    files: withForm('reply', (f) => (f.schema.properties.caseFiling['x-showWhen'] = { ticketTypes: ['complaint', 'petition'] })),
    file: 'forms/reply.json',
    path: '/schema/properties/caseFiling/x-showWhen/ticketTypes/1',
    says: /"petition" is not one of the pack's/,
  },
  {
    kind: 'a policy condition that is not a yes/no setting',
    files: withForm('returnRequest', (f) => (f.schema.properties.suggestedUnit['x-requiredWhen'] = { policy: 'return.source' })),
    file: 'forms/returnRequest.json',
    path: '/schema/properties/suggestedUnit/x-requiredWhen/policy',
    says: /must name a yes\/no setting/,
  },
  {
    kind: 'an option offered only for a stage the pack does not know',
    files: withForm('classify', (f) => (f.schema.properties.outcome.oneOf[1]['x-showWhen'] = { stageAllowed: 'answr' })),
    file: 'forms/classify.json',
    path: '/schema/properties/outcome/oneOf/1/x-showWhen/stageAllowed',
    says: /must name a stage of the pack: .*answer/,
  },
  {
    kind: 'a property annotation on the form itself',
    files: withForm('accept', (f) => (f.schema['x-showWhen'] = { ratedTicket: true })),
    file: 'forms/accept.json',
    path: '/schema/x-showWhen',
    says: /belongs on a property/,
  },
  {
    kind: 'x-requiredIfOption naming a field without options',
    files: withForm('returnVisit', (f) => (f.schema.properties.dissatisfactionReason['x-requiredIfOption'].field = 'callerWords')),
    file: 'forms/returnVisit.json',
    path: '/schema/properties/dissatisfactionReason/x-requiredIfOption/field',
    says: /"callerWords" is not a sibling property with x-options/,
  },
  {
    kind: 'x-period on a field that is not a period',
    files: withForm('extensionRequest', (f) => (f.schema.properties.reason['x-period'] = 'extension')),
    file: 'forms/extensionRequest.json',
    path: '/schema/properties/reason/x-period',
    says: /belongs on an object schema with "amount" and "unit"/,
  },
  {
    kind: 'a required name that is no field of the form, in a branch',
    files: withForm('rework', (f) => (f.schema.allOf[0].then.required = ['dutyStatment', 'explainedToCaller'])),
    file: 'forms/rework.json',
    path: '/schema/allOf/0/then/required/0',
    says: /"dutyStatment" is not a field of the form/,
  },
  {
    kind: 'a uiSchema entry for a field the form does not have',
    files: withForm('accept', (f) => (f.uiSchema.handlr = { 'ui:widget': 'textarea' })),
    file: 'forms/accept.json',
    path: '/uiSchema/handlr',
    says: /is not a field of the form \(fields: handler, handlerPhone, note\)/,
  },
  {
    kind: 'a ui:order that leaves a field out without "*"',
    files: withForm('accept', (f) => (f.uiSchema['ui:order'] = ['handler', 'note'])),
    file: 'forms/accept.json',
    path: '/uiSchema/ui:order',
    says: /leaves out handlerPhone/,
  },
  {
    kind: 'a ui:order naming a field that does not exist',
    files: withForm('accept', (f) => f.uiSchema['ui:order'].push('remarks')),
    file: 'forms/accept.json',
    path: '/uiSchema/ui:order/3',
    says: /"remarks" is not a field of the form/,
  },
  {
    kind: 'a form file name that is not camelCase',
    files: [...files, { path: 'forms/Return-Visit.json', text: '{}' }],
    file: 'forms/Return-Visit.json',
    path: '',
    says: /is not a form file name/,
  },
  {
    kind: 'a process whose user task names a missing form',
    files: [...files, bpmn('hotline:reply', 'hotline:acept')],
    file: 'processes/ticket.bpmn',
    path: '//userTask[@id="Task_1"]',
    says: /formKey "hotline:acept" \(line 9\) names no form of this pack: forms\/acept\.json does not exist/,
  },
  {
    kind: 'a user task without a form',
    files: [...files, bpmn('hotline:reply', null)],
    file: 'processes/ticket.bpmn',
    path: '//userTask[@id="Task_1"]',
    says: /has no form/,
  },
  {
    kind: 'a form key of another shape',
    files: [...files, bpmn('camunda-forms:bpmn:reply')],
    file: 'processes/ticket.bpmn',
    path: '//userTask[@id="Task_0"]',
    says: /is not of the form "hotline:<form>"/,
  },
];

describe('validatePackForms', () => {
  it('accepts the shipped pack, with a process naming its forms', () => {
    expect(validatePackForms([...files, bpmn('hotline:accept', 'hotline:reply', 'hotline:returnVisit')], pack)).toEqual([]);
  });

  it('refuses a form that chooses a matter in a pack without matters.json', () => {
    const { matters: _, ...noTaxonomy } = pack;
    const issues = validatePackForms(files, noTaxonomy, { label: 'cities/turpan' });
    expect(issues).toContainEqual(
      expect.objectContaining({ file: 'cities/turpan/forms/register.json', path: '/schema/properties/matter/x-options', message: expect.stringMatching(/no matters\.json/) }),
    );
  });

  it.each(cases)('refuses $kind, naming file and path', ({ files: broken, file, path, says }) => {
    const issues = validatePackForms(broken, pack, { label: 'cities/turpan' });
    const issue = issues.find((i) => i.file === `cities/turpan/${file}` && i.path === path);
    expect(issue, JSON.stringify(issues, null, 2)).toBeDefined();
    expect(issue!.message).toMatch(says);
    expect(formatIssue(issue!)).toBe(`cities/turpan/${file} at ${path || '/'}: ${issue!.message}`);
  });

  it('reports every broken form, not just the first', () => {
    const broken = withForm('reply', (f) => {
      f.schema.properties.result.maxLenght = 10;
      f.schema.properties.handlingUnit['x-options'] = 'departments';
    }).map((f) => (f.path === 'forms/accept.json' ? { ...f, text: '' } : f));
    expect(validatePackForms(broken, pack).map((i) => `${i.file} ${i.path}`)).toEqual([
      'forms/accept.json ',
      'forms/reply.json /schema/properties/handlingUnit/x-options',
      'forms/reply.json /schema/properties/result/maxLenght',
    ]);
  });

  it('finds the user tasks of a process and their form keys', () => {
    expect(userTaskForms(bpmn('hotline:accept', null, 'other:x').text)).toEqual([
      { taskId: 'Task_0', line: 4, formKey: 'hotline:accept', form: 'accept' },
      { taskId: 'Task_1', line: 9, formKey: null, form: null },
      { taskId: 'Task_2', line: 10, formKey: 'other:x', form: null },
    ]);
  });
});
