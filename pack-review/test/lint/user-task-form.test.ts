import { describe, expect, it } from 'vitest';
import { formNameOf } from '../../src/lint/plugin';
import { PACK, VALID, brief, edit, lintWithRule } from './helpers';

describe('hotline/user-task-form', () => {
  it('accepts user tasks whose forms the pack has', async () => {
    expect(await lintWithRule(VALID, 'user-task-form', { forms: PACK.forms })).toEqual([]);
  });

  it('reports a user task without a form, with the task id', async () => {
    const xml = edit(VALID, '<zeebe:formDefinition formKey="hotline:review" />', '');
    const issues = await lintWithRule(xml, 'user-task-form', { forms: PACK.forms });
    expect(brief(issues)).toEqual(['reviewReply FORM_MISSING']);
    expect(issues[0]!.message).toContain('审核答复');
    expect(issues[0]!.message).toContain('没有表单');
  });

  it('reports a form that is not in the pack, naming the missing file', async () => {
    const issues = await lintWithRule(VALID, 'user-task-form', { forms: ['accept', 'handle'] });
    expect(brief(issues)).toEqual(['reviewReply FORM_NOT_IN_PACK']);
    expect(issues[0]!.message).toContain('forms/review.json');
  });

  it('reports a form key that is not hotline:<form>', async () => {
    const xml = edit(VALID, 'formKey="hotline:handle"', 'formKey="camunda-forms:bpmn:handle"');
    expect(brief(await lintWithRule(xml, 'user-task-form', { forms: PACK.forms }))).toEqual(['handleTicket FORM_KEY_MALFORMED']);
  });

  it('only checks the key when no pack is given', async () => {
    expect(await lintWithRule(VALID, 'user-task-form')).toEqual([]);
  });

  it('reads the form name as @hotline/forms names forms', () => {
    expect(formNameOf('hotline:returnVisit')).toBe('returnVisit');
    expect(formNameOf('hotline:')).toBeNull();
    expect(formNameOf('hotline:Return-visit')).toBeNull();
    expect(formNameOf('accept')).toBeNull();
  });
});
