// Nothing lost at a hand-off: the return visitor reads the unit's reply and its policy basis on the
// return-visit task before rating, and the rework handler reads why the caller was dissatisfied. What
// each task shows is the pack's (forms/<form>.json `context`); the steps before are set up through the API.
import { describe, expect, it } from 'vitest';
import { storyFile } from './support/setup';
import { pickerInstant } from './support/ui';

const e2e = storyFile();
const TJ = '/api/cities/tianjin';
let number = '';

describe('hand-off context on the task page (Tianjin)', () => {
  it('a ticket reaches the return visit with the unit’s reply', async () => {
    const { api } = e2e();
    const ticket = await api.ok<{ number: string }>('tj.registrar', 'POST', `${TJ}/tickets`, {
      type: 'complaint',
      urgency: 'general',
      channel: 'phone',
      content: '劝业场街道某小区门口有人占道摆摊，影响通行。',
      caller: { name: '赵六', phone: '13812340001' },
      classify: { outcome: 'dispatch' },
    });
    number = ticket.number;
    let task = await api.taskOf('tj.dispatcher', 'tianjin', number, 'dispatch');
    await api.ok('tj.dispatcher', 'POST', `${TJ}/tasks/${task.id}/complete`, {
      data: { mode: 'single', unit: 'heping.quanyechang' },
      requestId: `d-${number}`,
    });
    task = await api.taskOf('tj.handler', 'tianjin', number, 'accept');
    await api.ok('tj.handler', 'POST', `${TJ}/tasks/${task.id}/complete`, { data: { handler: '李明' }, requestId: `a-${number}`, action: 'accept' });
    task = await api.taskOf('tj.handler', 'tianjin', number, 'reply');
    await api.ok('tj.handler', 'POST', `${TJ}/tasks/${task.id}/complete`, {
      data: {
        policyBasis: '《天津市市容和环境卫生管理条例》第二十条',
        progress: '已联合城管清理。',
        result: '占道摊点已清理，门口通行恢复。',
        process: '现场核查后联合城管劝离摊贩。',
        callerDeclinedReply: true,
      },
      requestId: `r-${number}`,
      action: 'reply',
    });
    await api.taskOf('tj.returnvisit', 'tianjin', number, 'returnVisit');
  });

  it('the return visitor reads the unit’s reply and its basis before rating', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.returnvisit');
    await page.getByTestId('nav-return-visits').click();
    // a centre step of a dispatched ticket: the inbox names the ticket's handling unit, as the ticket page does
    const row = page.locator(`[data-testid="inbox-row"][data-ticket="${number}"]`);
    await expect.poll(() => row.getByTestId('inbox-unit').innerText()).toBe('劝业场街道');
    await portal.openTask(number, 'returnVisit');
    expect(await page.getByTestId('ticket-summary').innerText()).toContain('劝业场街道');
    const card = page.getByTestId('handoff-context');
    await card.waitFor();
    expect(await card.locator('.ant-card-head').innerText()).toContain('承办单位答复');
    const item = (label: string) => card.locator(`[data-testid="context-item"][data-label="${label}"]`);
    await expect.poll(() => item('办理结果').innerText()).toContain('占道摊点已清理，门口通行恢复。');
    expect(await item('政策依据').innerText()).toContain('《天津市市容和环境卫生管理条例》第二十条');
    expect(await item('诉求内容（诉求人原话）').innerText()).toContain('占道摆摊');
    // where it came from: the unit's step
    expect(await item('办理结果').innerText()).toMatch(/劝业场街道经办人/);
    // the context is above the form the visitor fills in
    const cardBox = await card.boundingBox();
    const formBox = await page.getByTestId('form-card').boundingBox();
    expect(cardBox!.y).toBeLessThan(formBox!.y);
    await portal.screenshot('return-visit-context');

    await portal.dateTime('visitedAt', pickerInstant());
    await portal.radio('method', '电话');
    await portal.radio('handlingRating', '不满意');
    await portal.text('callerWords', '摊贩第二天又回来了。');
    await portal.radio('sendBack', '退回承办单位再次办理');
    await portal.expectDone('complete');
  });

  it('the supervisor reads the whole record of a dissatisfied ticket on the board', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.supervisor');
    await page.getByTestId('nav-supervision').click();
    await page.getByTestId('board-dissatisfied').click();
    const row = page.locator(`[data-testid="board-row"][data-ticket="${number}"]`);
    await row.waitFor();
    await row.getByTestId('board-ticket').click();
    const record = page.getByTestId('context-record');
    await expect.poll(() => record.innerText()).toContain('占道摊点已清理，门口通行恢复。');
    expect(await record.innerText()).toContain('《天津市市容和环境卫生管理条例》第二十条');
    expect(await record.innerText()).toContain('摊贩第二天又回来了。');
  });

  it('the rework handler reads why the caller was dissatisfied and the earlier reply', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.handler');
    await portal.openTask(number, 'rework');
    const card = page.getByTestId('handoff-context');
    const item = (label: string) => card.locator(`[data-testid="context-item"][data-label="${label}"]`);
    await expect.poll(() => item('诉求人不满意的原话').innerText()).toContain('摊贩第二天又回来了。');
    expect(await item('回访评价').innerText()).toContain('不满意');
    expect(await item('原办理结果').innerText()).toContain('占道摊点已清理');
    expect(portal.errors).toEqual([]);
  });
});
