// Rework after a first 不满意 is the centre's decision, case by case (Tianjin 2025 §14 根据情况): the
// return visitor records the caller's 不满意 but chooses 不退回，办结; no rework task reaches the unit (only
// the 履职尽责说明 it may submit, declined here), the ticket closes, and the timeline says the centre
// decided not to send it back.
import { describe, expect, it } from 'vitest';
import { storyFile } from './support/setup';
import { pickerInstant } from './support/ui';

const e2e = storyFile();
const TJ = '/api/cities/tianjin';

describe('Tianjin: the centre decides not to send a 不满意 ticket back', () => {
  it('the unit replies (through the API), the return visitor rates 不满意 and keeps it, the timeline says so', async () => {
    const { portal, api } = e2e();
    const { page } = portal;
    const { number } = await api.ok<{ number: string }>('tj.registrar', 'POST', `${TJ}/tickets`, {
      type: 'complaint',
      urgency: 'general',
      channel: 'phone',
      content: '小区门口路面破损，雨天积水。',
      caller: { name: '钱七', phone: '13700002222' },
      classify: { outcome: 'dispatch' },
    });
    const complete = async (username: string, form: string, data: Record<string, unknown>) => {
      const task = await api.taskOf(username, 'tianjin', number, form);
      await api.ok(username, 'POST', `${TJ}/tasks/${task.id}/complete`, { data, requestId: `kept-${form}-${number}` });
    };
    await complete('tj.dispatcher', 'dispatch', { mode: 'single', unit: 'heping.quanyechang' });
    await complete('tj.handler', 'accept', { handler: '李四', handlerPhone: '13900001111' });
    await complete('tj.handler', 'reply', {
      policyBasis: '《天津市城市道路管理条例》',
      progress: '已安排修补',
      result: '破损路面已修补',
      process: '现场勘查后安排养护单位修补',
      contactedAt: new Date().toISOString(),
      callerFeedback: '诉求人表示知悉',
    });

    await portal.signIn('tj.returnvisit');
    await portal.openTask(number, 'returnVisit');
    await portal.dateTime('visitedAt', pickerInstant());
    await portal.radio('method', '电话');
    await portal.radio('handlingRating', '不满意');
    await portal.text('callerWords', '修补得太粗糙，雨天还是积水。');
    await portal.radio('sendBack', '不退回，办结');
    await portal.screenshot('return-visit-not-sent-back');
    await portal.expectDone('complete');

    // no rework: the unit is offered a 履职尽责说明 on the 不满意 that now counts (2025 §24); it declines, the ticket closes
    const statement = await api.taskOf('tj.handler', 'tianjin', number, 'dutyStatement');
    const tasks = await api.ok<{ items: Array<{ form: string }> }>('tj.handler', 'GET', `${TJ}/tasks?q=${number}&page=1&pageSize=50`);
    expect(tasks.items.map((t) => t.form)).not.toContain('rework');
    await api.ok('tj.handler', 'POST', `${TJ}/tasks/${statement.id}/complete`, { action: 'decline', data: {}, requestId: `kept-decline-${number}` });
    await expect
      .poll(async () => (await api.ok<{ status: string }>('tj.returnvisit', 'GET', `${TJ}/tickets/${number}`)).status, { timeout: 15_000 })
      .toBe('closed');

    await portal.signIn('tj.supervisor');
    await page.getByTestId('nav-supervision').click();
    await page.getByTestId('board-dissatisfied').click();
    const row = page.locator(`[data-testid="board-row"][data-ticket="${number}"]`);
    await row.waitFor();
    await row.getByTestId('board-ticket').click();
    await expect.poll(() => page.getByTestId('timeline').innerText(), { timeout: 15_000 }).toContain('回访评价：不满意；热线工作机构决定不退回承办单位再次办理');
    await portal.screenshot('timeline-not-sent-back');
    expect(portal.errors).toEqual([]);
  });
});
