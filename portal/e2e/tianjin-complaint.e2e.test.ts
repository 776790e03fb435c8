// A Tianjin general complaint through the portal, one person after another: registration and
// classification, dispatch, acceptance, an extension request and its approval, the reply, a return
// visit rated dissatisfied, the rework and a second rating.
import { describe, expect, it } from 'vitest';
import { storyFile } from './support/setup';
import { pickerInstant } from './support/ui';

const e2e = storyFile();
let number = '';

describe('Tianjin: a general complaint from registration to its second rating', () => {
  it('the registrar registers it and classifies it for dispatch', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.registrar');
    await page.getByTestId('nav-register').click();
    await page.getByTestId('registration-page').waitFor();
    await portal.select('channel', '电话');
    await portal.select('ticketType', '投诉');
    await portal.select('matter', '路灯照明');
    await portal.select('urgency', '一般诉求');
    await portal.text('summary', '小区路灯不亮');
    await portal.text('content', '和平区劝业场街道某小区3号楼前路灯已损坏一周，夜间出行不便，希望尽快维修。');
    await portal.place('place', '劝业场', '劝业场街道');
    await portal.text('location', '劝业场街道某小区3号楼');
    await portal.check('contactNeeded');
    await portal.text('callerName', '张三');
    await portal.text('callerPhone', '13812345678');
    await page.getByTestId('register-submit').click();
    await page.getByTestId('task-page').waitFor();
    number = (await page.getByTestId('ticket-number').innerText()).trim();
    expect(number).not.toBe('');
    // the caller is masked on the ticket
    await expect.poll(() => page.getByTestId('caller-phone').innerText()).toBe('138****5678');
    if ((await page.getByTestId('task-page').getAttribute('data-form')) === 'register') {
      await portal.expectDone('complete');
      await page.getByTestId('next-task').click();
      await page.locator('[data-testid="task-page"][data-form="classify"]').waitFor();
    }
    expect(await page.getByTestId('task-page').getAttribute('data-form')).toBe('classify');
    // the redirect categories, each with the words to say to the caller
    await expect.poll(() => page.getByTestId('redirect-guide').innerText()).toContain('应当通过110、119、120等紧急热线处理的事项');
    await portal.radio('outcome', '派单至承办单位');
    await portal.expectDone('complete');
  });

  it('the dispatcher sends it to 劝业场街道', async () => {
    const { portal } = e2e();
    await portal.signIn('tj.dispatcher');
    await portal.openTask(number, 'dispatch');
    await portal.radio('mode', '单一承办单位');
    await portal.select('unit', '劝业场街道');
    await portal.text('instructions', '请属地街道核实并协调维修。');
    await portal.expectDone('complete');
  });

  it('the street office’s handler sees it in the inbox and accepts it', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.handler');
    await page.goto(`${e2e().base}/`);
    await page.locator(`[data-testid="inbox-row"][data-ticket="${number}"]`).waitFor();
    const row = page.locator(`[data-testid="inbox-row"][data-ticket="${number}"]`);
    expect(await row.getByTestId('task-due').getAttribute('data-due-state')).toMatch(/^(ok|soon)$/);
    await expect.poll(() => row.innerText()).toMatch(/剩余 /);
    await portal.screenshot('inbox-unit-handler');
    await portal.openTask(number, 'accept');
    await expect.poll(() => page.getByTestId('task-actions').innerText()).toContain('申请退回');
    await portal.text('handler', '李明');
    await portal.text('handlerPhone', '13900001111');
    await portal.expectDone('accept');
  });

  it('the handler asks for an extension, the unit leader files it, the reviewer approves it', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.openTask(number, 'reply');
    const dueBefore = await page.getByTestId('task-due').first().innerText();
    await portal.expectDone('extension', { note: '需协调产权单位共同维修' });

    await portal.signIn('tj.leader');
    await portal.openTask(number, 'extensionRequest');
    await portal.radio('cause', '情况复杂');
    await portal.text('reason', '路灯线路属产权单位维护，需协调产权单位共同维修。');
    await portal.text('requestedPeriod_amount', '5');
    await portal.text('progress', '已现场查看，已联系产权单位。');
    await portal.expectDone('complete');

    await portal.signIn('tj.reviewer');
    await page.getByTestId('nav-reviews').click();
    await page.getByTestId('queue-extensionReview').click();
    await page.locator(`[data-testid="queue-extensionReview-list"] [data-testid="inbox-row"][data-ticket="${number}"]`).waitFor();
    await portal.openTask(number, 'extensionReview');
    await portal.radio('decision', '同意延期');
    await portal.text('approvedPeriod_amount', '5');
    await portal.text('opinion', '同意延期5个工作日，请向诉求人解释。');
    await portal.expectDone('complete');

    // 2025 §12 ¶2: the unit tells the caller the progress, the measures and the new period first
    await portal.signIn('tj.handler');
    await portal.openTask(number, 'extensionNotice');
    await expect.poll(() => page.getByTestId('handoff-context').innerText()).toMatch(/路灯线路属产权单位维护/);
    await portal.dateTime('informedAt', pickerInstant());
    await portal.radio('informedHow', '电话');
    await portal.text('told', '路灯线路需产权单位共同维修，办理期限延长5个工作日，修复后回复您。');
    await portal.expectDone('complete');
    await portal.openTask(number, 'reply');
    await expect.poll(() => page.getByTestId('task-due').first().innerText()).not.toBe(dueBefore);
    await expect.poll(() => page.getByTestId('timeline').innerText()).toMatch(/延期告知诉求人/);
  });

  it('the handler reveals the caller with a reason (a category of the pack offered), then replies', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await page.getByTestId('reveal-caller').click();
    // Tianjin's reason categories (city.json revealReasons); the handler holds a task of the ticket: choosing one is optional
    await page.getByTestId('reveal-category').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="回访联系诉求人"]').click();
    await page.getByTestId('reveal-reason').fill('需电话联系诉求人告知维修进度');
    await page.getByTestId('reveal-confirm').click();
    await expect.poll(() => page.getByTestId('caller-phone').innerText()).toBe('13812345678');
    await portal.text('policyBasis', '《天津市城市照明管理规定》');
    await portal.text('progress', '已协调产权单位更换灯具。');
    await portal.text('result', '路灯已于本周修复，夜间照明恢复正常。');
    await portal.text('process', '现场核实后联系产权单位，更换损坏灯具并检查线路。');
    await portal.dateTime('contactedAt', pickerInstant());
    await portal.text('callerFeedback', '诉求人表示知悉。');
    await portal.screenshot('task-page-reply');
    await portal.expectDone('reply');
  });

  it('the return visit rates it dissatisfied and sends it back; the handler reworks it', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.returnvisit');
    await page.getByTestId('nav-return-visits').click();
    await page.getByTestId('rating-scale').waitFor();
    await page.locator(`[data-testid="inbox-row"][data-ticket="${number}"]`).waitFor();
    await portal.openTask(number, 'returnVisit');
    await portal.dateTime('visitedAt', pickerInstant());
    await portal.radio('method', '电话');
    await portal.radio('handlingRating', '不满意');
    await portal.text('callerWords', '灯修好了两天又不亮了。');
    await portal.radio('sendBack', '退回承办单位再次办理');
    await portal.expectDone('complete');

    // the supervisor sees it on the board of dissatisfied tickets, with why
    await portal.signIn('tj.supervisor');
    await page.getByTestId('nav-supervision').click();
    await page.getByTestId('board-dissatisfied').click();
    const row = page.locator(`[data-testid="board-row"][data-ticket="${number}"]`);
    await row.waitFor();
    expect(await row.getByTestId('board-reason').innerText()).toMatch(/不满意/);
    await portal.screenshot('supervision-board-dissatisfied');
    await row.getByTestId('board-ticket').click();
    await expect.poll(() => page.getByTestId('timeline').innerText()).toMatch(/回访/);

    await portal.signIn('tj.handler');
    await portal.openTask(number, 'rework');
    await expect.poll(() => page.getByTestId('task-actions').innerText()).toContain('提交重办结果');
    await portal.text('process', '再次到场排查，发现线路老化，已整体更换。');
    await portal.text('result', '线路和灯具已整体更换，连续三晚照明正常。');
    await portal.dateTime('contactedAt', pickerInstant());
    await portal.text('callerFeedback', '诉求人表示满意。');
    await portal.expectDone('complete');
  });

  it('the second rating closes the ticket, and the timeline holds every step', async () => {
    const { portal, api } = e2e();
    const { page } = portal;
    await portal.signIn('tj.returnvisit');
    await portal.openTask(number, 'returnVisit');
    await expect(await page.locator('#root_sendBack').count()).toBe(0); // rework only once
    await portal.dateTime('visitedAt', pickerInstant());
    await portal.radio('method', '电话');
    await portal.radio('handlingRating', '满意');
    await portal.text('callerWords', '这次修好了，谢谢。');
    await portal.expectDone('complete');

    const tasks = await api.ok<{ items: unknown[] }>('tj.returnvisit', 'GET', `/api/cities/tianjin/tasks?q=${number}&page=1&pageSize=50`);
    expect(tasks.items).toEqual([]);
    expect(portal.errors).toEqual([]);
  });
});
