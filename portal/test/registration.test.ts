import { describe, expect, it } from 'vitest';
import { checkRegistration, problemsOnRegistration, registrationProblems, ticketFromRegistration } from '../src/features/centre/registration';

describe('registration → ticket', () => {
  it('maps the register form to the ticket the server registers', () => {
    expect(
      ticketFromRegistration({ channel: 'phone', ticketType: 'complaint', urgency: 'general', summary: ' 路灯不亮 ', content: '小区路灯不亮一周', callerName: '张三', callerPhone: '13812345678', location: '' }),
    ).toEqual({ type: 'complaint', urgency: 'general', channel: 'phone', summary: '路灯不亮', content: '小区路灯不亮一周', caller: { name: '张三', phone: '13812345678' } });
    expect(ticketFromRegistration({ ticketType: 'help', content: '电梯停运', matter: '010101', place: 'heping.quanyechang', location: ' 3号楼 ' })).toEqual({
      type: 'help',
      content: '电梯停运',
      matter: '010101',
      place: 'heping.quanyechang',
      address: '3号楼',
      caller: { name: '', phone: '' },
    });
  });

  it('puts the server’s ticket problems on the form’s fields', () => {
    expect(problemsOnRegistration([{ path: '/caller/phone', message: '电话格式不对' }, { path: '/type', message: 'x' }, { path: '/content', message: 'y' }]).map((p) => p.path)).toEqual([
      '/callerPhone',
      '/ticketType',
      '/content',
    ]);
  });
});

describe('registration errors in Chinese, on the field they concern', () => {
  const schema = {
    type: 'object',
    properties: {
      content: { type: 'string', title: '诉求内容', minLength: 1, maxLength: 20 },
      callerName: { type: 'string', title: '诉求人姓名' },
      callerPhone: { type: 'string', title: '联系电话', pattern: '^(1\\d{10}|0\\d{2,3}-?\\d{7,8})$' },
      contactNeeded: { type: 'boolean' },
    },
    required: ['content'],
    allOf: [{ if: { properties: { contactNeeded: { const: true } }, required: ['contactNeeded'] }, then: { required: ['callerName', 'callerPhone'] } }],
  };

  it('reads fastify’s one English sentence for the field it names', () => {
    const problems = registrationProblems({ message: 'body/caller/phone must match pattern "^[0-9+][0-9 -]{2,24}$"' }, schema);
    expect(problems).toEqual([{ path: '/callerPhone', message: '联系电话格式不正确，请核对后重新填写' }]);
  });

  it('says the server’s English field problems in Chinese, and keeps its Chinese ones', () => {
    expect(
      registrationProblems(
        {
          message: 'x',
          fieldProblems: [
            { path: '/content', message: 'must NOT have more than 20 characters' },
            { path: '/place', message: '事发区划“x”不是本市的区划' },
          ],
        },
        schema,
      ),
    ).toEqual([
      { path: '/content', message: '诉求内容不能超过 20 个字' },
      { path: '/place', message: '事发区划“x”不是本市的区划' },
    ]);
  });

  it('checks the city’s form in the browser: what is missing and a phone that is not one', () => {
    expect(checkRegistration(schema, {})).toEqual([{ path: '/content', message: '请填写诉求内容' }]);
    expect(checkRegistration(schema, { content: '路灯不亮', contactNeeded: true, callerName: '张三', callerPhone: '1381234' })).toEqual([
      { path: '/callerPhone', message: '联系电话格式不正确，请核对后重新填写' },
    ]);
    expect(checkRegistration(schema, { content: '路灯不亮', contactNeeded: true })).toEqual([
      { path: '/callerName', message: '请填写诉求人姓名' },
      { path: '/callerPhone', message: '请填写联系电话' },
    ]);
    expect(checkRegistration(schema, { content: '路灯不亮', contactNeeded: false })).toEqual([]);
  });
});
