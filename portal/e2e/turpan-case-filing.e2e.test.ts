// Turpan: a complaint's reply must say how the case was filed (§19). A reply that says "filed" but
// gives neither the decision document nor the case number is refused by the server; the portal
// shows the problem on the field and keeps everything typed.
import { describe, expect, it } from 'vitest';
import { storyFile } from './support/setup';
import { pickerInstant } from './support/ui';

const e2e = storyFile();

describe('Turpan: a complaint’s reply without the case-filing number', () => {
  it('is refused with the problem under the case-filing field, and the typed reply is kept', async () => {
    const { portal, api } = e2e();
    const { page } = portal;
    // registration to acceptance through the API: this test is about the reply
    const ticket = await api.ok<{ number: string }>('tlf.registrar', 'POST', '/api/cities/turpan/tickets', {
      type: 'complaint',
      urgency: 'general',
      channel: 'phone',
      content: '老城街道某商户占道经营，多次反映未处理。',
      caller: { name: '阿依古丽', phone: '13999990000' },
    });
    const number = ticket.number;
    let task = await api.taskOf('tlf.registrar', 'turpan', number, 'classify').catch(async () => {
      const register = await api.taskOf('tlf.registrar', 'turpan', number, 'register');
      await api.ok('tlf.registrar', 'POST', `/api/cities/turpan/tasks/${register.id}/complete`, { data: {}, requestId: `r-${number}` });
      return api.taskOf('tlf.registrar', 'turpan', number, 'classify');
    });
    await api.ok('tlf.registrar', 'POST', `/api/cities/turpan/tasks/${task.id}/complete`, { data: { outcome: 'dispatch' }, requestId: `c-${number}` });
    task = await api.taskOf('tlf.dispatcher', 'turpan', number, 'dispatch');
    await api.ok('tlf.dispatcher', 'POST', `/api/cities/turpan/tasks/${task.id}/complete`, { data: { mode: 'single', unit: 'gaochang.laocheng' }, requestId: `d-${number}` });
    task = await api.taskOf('tlf.handler', 'turpan', number, 'accept');
    await api.ok('tlf.handler', 'POST', `/api/cities/turpan/tasks/${task.id}/complete`, { data: { handler: '买买提' }, requestId: `a-${number}`, action: 'accept' });

    await portal.signIn('tlf.handler');
    await portal.openTask(number, 'reply');
    await portal.dateTime('handledAt', pickerInstant());
    await portal.select('handlingUnit', '老城街道');
    await portal.text('handler', '买买提');
    await portal.text('result', '已责令商户退回店内经营，并清理占道物品。');
    await portal.text('legalBasis', '《城市市容和环境卫生管理条例》第十四条');
    await portal.text('callerReply', '已电话告知诉求人处理结果。');
    await portal.radio('caseFiling_decision', '决定立案');
    const outcome = await portal.act('reply');
    expect(outcome).toBe('refused');
    // the server's own words, under the case-filing group
    const fieldError = page.locator('[data-testid="field-error"][data-field="root_caseFiling"]');
    await fieldError.waitFor();
    expect(await fieldError.innerText()).toMatch(/立案/);
    await expect.poll(() => page.getByTestId('submit-error').innerText()).toContain('提交的内容有误');
    // nothing typed was lost
    expect(await portal.field('result').inputValue()).toBe('已责令商户退回店内经营，并清理占道物品。');
    expect(await portal.field('handler').inputValue()).toBe('买买提');
    expect(await portal.field('caseFiling_decision').locator('input[type=radio]:checked').count()).toBe(1);
    await portal.screenshot('task-page-field-error');

    // with the decision document's number the same reply goes through
    await portal.text('caseFiling_decisionDocument', '吐城管立〔2026〕15号');
    await portal.expectDone('reply');
    expect(portal.errors).toEqual([]);
  });
});
