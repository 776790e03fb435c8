// Live updates: the handler's inbox, open in another browser, shows the task the dispatcher just sent
// to their street office without anyone reloading it, with a notice; and a task page open while a
// colleague completes the same task says so and can no longer be submitted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from './support/api';
import { type Browser, launchBrowser } from './support/browser';
import { storyFile } from './support/setup';
import { Portal, reportCspViolations } from './support/ui';

const e2e = storyFile();

describe('live updates: the next task reaches the inbox without a reload', () => {
  let number: string;
  let handlerBrowser: Browser;
  let handler: Portal;

  beforeAll(async () => {
    // the handler works in a browser of their own (another profile: their own session cookie)
    handlerBrowser = await launchBrowser();
    const page = await handlerBrowser.context.newPage();
    await reportCspViolations(page);
    handler = new Portal(page, e2e().base);
  });
  afterAll(async () => {
    await handlerBrowser?.close();
  });

  it('the handler of 劝业场街道 has the inbox open while the dispatcher sends a ticket there', async () => {
    const { portal, api } = e2e();
    const ticket = await api.ok<{ number: string }>('tj.registrar', 'POST', '/api/cities/tianjin/tickets', {
      type: 'complaint',
      urgency: 'general',
      channel: 'phone',
      content: '劝业场街道某路段井盖缺失，夜间行人易跌落。',
      caller: { name: '赵六', phone: '13700005678' },
      classify: { outcome: 'dispatch' },
    });
    number = ticket.number;
    await api.taskOf('tj.dispatcher', 'tianjin', number, 'dispatch');

    await handler.signIn('tj.handler');
    await handler.page.getByTestId('inbox-table').waitFor();
    expect(await handler.page.locator(`[data-testid="inbox-row"][data-ticket="${number}"]`).count()).toBe(0);
    // a reload would lose this mark
    await handler.page.evaluate(() => ((window as unknown as { liveMark: string }).liveMark = 'not reloaded'));

    await portal.signIn('tj.dispatcher');
    await portal.openTask(number, 'dispatch');
    await portal.radio('mode', '单一承办单位');
    await portal.select('unit', '劝业场街道');
    await portal.text('instructions', '请属地街道尽快补装井盖。');
    await portal.expectDone('complete');

    // the new 签收 task appears in the open inbox (pushed; the inbox's own timer runs every minute only)
    const row = handler.page.locator(`[data-testid="inbox-row"][data-ticket="${number}"][data-form="accept"]`);
    await row.waitFor({ timeout: 30_000 });
    await expect.poll(() => handler.page.getByTestId('live-notice').first().innerText(), { timeout: 10_000 }).toContain(`工单 ${number} 已转到您这里`);
    expect(await handler.page.evaluate(() => (window as unknown as { liveMark?: string }).liveMark)).toBe('not reloaded');
    await handler.screenshot('live-inbox-new-task');
  });

  it('the task page open while a colleague completes the task says so and no longer submits', async () => {
    const { api } = e2e();
    // a second handler of 劝业场街道 (the demo has one): added by the administrator, role approved by security
    await api.ok('tj.admin', 'POST', '/api/cities/tianjin/organisation', {
      users: [{ username: 'tj.quanyechang2', name: '劝业场街道经办人二（测试）', unit: 'heping.quanyechang', roles: ['unitHandler'], password: PASSWORD }],
    });
    const { requests } = await api.ok<{ requests: Array<{ id: number; username: string }> }>('tj.security', 'GET', '/api/cities/tianjin/role-grants');
    const pending = requests.find((r) => r.username === 'tj.quanyechang2');
    if (pending) await api.ok('tj.security', 'POST', `/api/cities/tianjin/role-grants/${pending.id}/approve`, {});
    await api.changeInitialPassword('tj.quanyechang2');

    const row = handler.page.locator(`[data-testid="inbox-row"][data-ticket="${number}"][data-form="accept"]`);
    await row.getByTestId('task-link').click();
    await handler.page.locator('[data-testid="task-page"][data-form="accept"]').waitFor();
    expect(await handler.page.getByTestId('action-accept').isEnabled()).toBe(true);

    const task = await api.taskOf('tj.quanyechang2', 'tianjin', number, 'accept');
    await api.ok('tj.quanyechang2', 'POST', `/api/cities/tianjin/tasks/${task.id}/complete`, {
      data: { handler: '王强', handlerPhone: '13900002222' },
      requestId: `live-accept-${number}`,
    });

    await expect.poll(() => handler.page.getByTestId('task-gone').innerText(), { timeout: 30_000 }).toContain('此任务已由他人办理完成');
    expect(await handler.page.getByTestId('action-accept').isEnabled()).toBe(false);
    await handler.screenshot('live-task-completed-elsewhere');
    expect([...e2e().portal.errors, ...handler.errors]).toEqual([]);
  });
});
