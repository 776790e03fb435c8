// The task form in @rjsf/antd shows the server's field problems under their fields and keeps the
// data it was given (rendered on the server side: no DOM needed).
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { splitProblems } from '../src/lib/field-errors';
import { TaskForm } from '../src/features/task/TaskForm';
import { resolved } from './fixtures';

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

describe('TaskForm', () => {
  it('renders a Turpan complaint’s reply with the refused case filing under its field, typed data kept', () => {
    const { schema, uiSchema } = resolved('turpan', 'reply', { ticket: { type: 'complaint', urgency: 'general' } });
    const data = { handler: '王五', result: '已督促物业修复路灯', caseFiling: { decision: 'filed' } };
    const { tree } = splitProblems([{ path: '/caseFiling', message: '立案情况：须上传立案决定书，或注明立案编号和立案日期' }], schema);
    const html = renderToString(<TaskForm schema={schema as never} uiSchema={uiSchema as never} formData={data} onChange={() => undefined} errors={tree} />);
    // the field is marked in error (antd draws the message itself once mounted; the e2e test reads it)
    expect(html).toMatch(/rjsf-field-object rjsf-field-error"><div class="ant-form-item[^"]*ant-form-item-has-error[^"]*"><div[^>]*><div[^>]*><div[^>]*><div[^>]*><fieldset id="root_caseFiling"/);
    expect(html).toContain('已督促物业修复路灯');
    expect(html).toContain('王五');
    expect(html).toContain('立案编号');
    // no chooser of the anyOf alternatives' titles
    expect(html).not.toContain('anyof_select');
    expect(html).not.toMatch(/<button[^>]*type="submit"/);
  });

  it('renders Tianjin’s return visit with no rating chosen for the caller', () => {
    const { schema, uiSchema } = resolved('tianjin', 'returnVisit', { ticket: { type: 'complaint', urgency: 'general' }, reworksSoFar: 0 });
    const html = renderToString(<TaskForm schema={schema as never} uiSchema={uiSchema as never} formData={{}} onChange={() => undefined} errors={{}} />);
    expect(html).toContain('不满意');
    expect(html).not.toMatch(/checked=""/);
  });

  it('renders Tianjin’s dispatch to a lead unit with assisting units as searchable selects', () => {
    const units = [
      { key: 'heping.quanyechang', label: '劝业场街道' },
      { key: 'hexi.youyilu', label: '友谊路街道' },
      { key: 'tj.swj', label: '市水务局' },
    ];
    const { schema, uiSchema } = resolved('tianjin', 'dispatch', { ticket: { type: 'complaint', urgency: 'general' }, units });
    const html = renderToString(
      <TaskForm schema={schema as never} uiSchema={uiSchema as never} formData={{ mode: 'leadAndAssist', leadUnit: 'heping.quanyechang', assistingUnits: ['tj.swj'] }} onChange={() => undefined} errors={{}} />,
    );
    expect(html).toContain('主办单位');
    expect(html).toContain('协办单位');
    expect(html).toContain('劝业场街道');
    expect(html).toContain('市水务局');
    expect(html).toMatch(/ant-select-multiple/);
  });
});
