// What a ticket is about and where (issue 15): the registrar finds the matter by typing its pinyin
// initials and the place by part of its name; the dispatcher sees both on the dispatch task and can
// narrow the inbox to the place.
import { describe, expect, it } from 'vitest';
import { storyFile } from './support/setup';

const e2e = storyFile();
let number = '';

describe("Tianjin: a ticket's matter and place", () => {
  it('the registrar picks 占道经营 by typing zdjy and 新兴社区 by searching 新兴', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.registrar');
    await page.getByTestId('nav-register').click();
    await page.getByTestId('registration-page').waitFor();
    await portal.select('channel', '电话');
    await portal.select('ticketType', '投诉');
    await portal.select('matter', '城乡建设 › 市容环境 › 占道经营', 'zdjy');
    await portal.select('urgency', '一般诉求');
    await portal.text('summary', '商户占道经营');
    await portal.text('content', '某水果店长期在人行道上摆摊，行人只能走机动车道。');
    await portal.place('place', '新兴', '新兴社区');
    // chosen, the place shows by its path
    await expect.poll(() => portal.field('place').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').innerText()).toContain('和平区 › 劝业场街道 › 新兴社区');
    await portal.text('location', '滨江道100号门前');
    await portal.text('callerName', '赵六');
    await portal.text('callerPhone', '13812345678');
    await portal.screenshot('registration-matter-and-place');
    await page.getByTestId('register-submit').click();
    await page.getByTestId('task-page').waitFor();
    number = (await page.getByTestId('ticket-number').innerText()).trim();
    if ((await page.getByTestId('task-page').getAttribute('data-form')) === 'register') {
      await portal.expectDone('complete');
      await page.getByTestId('next-task').click();
      await page.locator('[data-testid="task-page"][data-form="classify"]').waitFor();
    }
    await portal.radio('outcome', '派单至承办单位');
    await portal.expectDone('complete');
  });

  it('the dispatcher sees the matter and the place on the task, and finds it by place in the inbox', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.dispatcher');
    await portal.openTask(number, 'dispatch');
    await expect.poll(() => page.getByTestId('ticket-matter').innerText()).toBe('城乡建设 › 市容环境 › 占道经营');
    await expect.poll(() => page.getByTestId('ticket-place').innerText()).toBe('和平区 › 劝业场街道 › 新兴社区');
    await expect.poll(() => page.getByTestId('ticket-summary').innerText()).toContain('滨江道100号门前');

    await page.goto(`${e2e().base}/?place=heping.quanyechang`);
    await page.locator(`[data-testid="inbox-row"][data-ticket="${number}"]`).waitFor();
    await page.goto(`${e2e().base}/?place=hexi`);
    await page.getByTestId('inbox-filters').waitFor();
    await expect.poll(() => page.getByTestId('filter-place').innerText()).toContain('河西区');
    await expect.poll(() => page.locator(`[data-testid="inbox-row"][data-ticket="${number}"]`).count()).toBe(0);
  });
});
