// 履职尽责说明 (Tianjin 2024 §23, 2025 §24): the caller's 不满意 counts (the centre did not send the ticket
// back), so the unit may explain in writing, with evidence, that it did its duty. The handler submits the
// statement on its task page, the centre's reviewer accepts it, and the ticket then shows 不予负面评价 on
// its page and in its timeline — the marker assessment reads.
import { describe, expect, it } from 'vitest';
import { storyFile } from './support/setup';

const e2e = storyFile();
const TJ = '/api/cities/tianjin';

describe('Tianjin: a unit explains a 不满意 and the centre spares it the negative rating', () => {
  it('the handler submits the statement, the reviewer accepts it, the ticket shows the exemption', async () => {
    const { portal, api } = e2e();
    const { page } = portal;
    const { number } = await api.ok<{ number: string }>('tj.registrar', 'POST', `${TJ}/tickets`, {
      type: 'complaint',
      urgency: 'general',
      channel: 'phone',
      content: '楼道声控灯损坏，夜间无法照明。',
      caller: { name: '孙八', phone: '13700003333' },
      classify: { outcome: 'dispatch' },
    });
    const complete = async (username: string, form: string, data: Record<string, unknown>) => {
      const task = await api.taskOf(username, 'tianjin', number, form);
      await api.ok(username, 'POST', `${TJ}/tasks/${task.id}/complete`, { data, requestId: `duty-${form}-${number}` });
    };
    await complete('tj.dispatcher', 'dispatch', { mode: 'single', unit: 'heping.quanyechang' });
    await complete('tj.handler', 'accept', { handler: '李四', handlerPhone: '13900001111' });
    await complete('tj.handler', 'reply', {
      policyBasis: '《天津市物业管理条例》',
      progress: '已更换',
      result: '声控灯已由物业更换',
      process: '联系物业当日更换',
      contactedAt: new Date().toISOString(),
      callerFeedback: '诉求人表示知悉',
    });
    await complete('tj.returnvisit', 'returnVisit', {
      visitedAt: new Date().toISOString(),
      method: 'phone',
      handlingRating: 'dissatisfied',
      callerWords: '换得太慢了。',
      sendBack: false,
    });

    // the unit's handler: the statement, due within the pack's period
    await portal.signIn('tj.handler');
    const row = await portal.inboxRow(number, 'dutyStatement');
    expect(await row.innerText()).toContain('履职尽责说明');
    await row.getByTestId('task-link').click();
    await page.locator('[data-testid="task-page"][data-form="dutyStatement"]').waitFor();
    expect(await page.getByTestId('task-actions').innerText()).toContain('不提交说明');
    await portal.text('explanation', '接到工单当日即联系物业更换声控灯，并电话告知诉求人。');
    await portal.text('evidence', '物业维修单 WY-0318，更换后现场照片 2 张');
    await portal.screenshot('duty-statement');
    await portal.expectDone('submit');

    // the centre's reviewer: the ticket says it awaits the review, and the review accepts it
    await portal.signIn('tj.reviewer');
    await page.goto(`${portal.base}/tickets/${number}`);
    await page.getByTestId('ticket-page').waitFor();
    await expect.poll(() => page.getByTestId('ticket-open-steps').innerText(), { timeout: 15_000 }).toBe('履职尽责说明审核');
    expect(await page.getByTestId('ticket-status').innerText()).toBe('办理中');
    await portal.openTask(number, 'dutyStatementReview');
    expect(await page.getByTestId('task-page').innerText()).toContain('物业维修单 WY-0318');
    await portal.radio('decision', '确已尽责，不予负面评价');
    await portal.text('opinion', '当日处置，答复如实，确已尽责。');
    await portal.expectDone('complete');

    await expect
      .poll(async () => (await api.ok<{ status: string }>('tj.reviewer', 'GET', `${TJ}/tickets/${number}`)).status, { timeout: 15_000 })
      .toBe('closed');
    await page.goto(`${portal.base}/tickets/${number}`);
    await page.getByTestId('ticket-page').waitFor();
    await expect.poll(() => page.getByTestId('ticket-marker-exempt').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByTestId('ticket-status').innerText()).toBe('已办结');
    const timeline = await page.getByTestId('timeline').innerText();
    expect(timeline).toContain('承办单位提交履职尽责说明，待热线工作机构审核');
    expect(timeline).toContain('热线工作机构审核认为承办单位确已尽责：回访评价「不满意」不予负面评价，审核意见：当日处置，答复如实，确已尽责。');
    await portal.screenshot('ticket-rating-exempt');
    expect(portal.errors).toEqual([]);
  });
});
