import { describe, expect, it } from 'vitest';
import { problemsOnRegistration, ticketFromRegistration } from '../src/features/centre/registration';

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
