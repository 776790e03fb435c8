// A 督办单 as the people who use it: the supervisor finds a ticket the street office is handling on the
// 督办 board and issues an order with what the unit must answer; the unit's handler finds it in the inbox
// and answers; the supervisor reviews the answer and closes the order; the board and the ticket's
// timeline show each step. A second order is escalated to the unit's leader, who gets a new deadline
// (not the first order's), and the 通报 of the month is downloaded as an Excel file.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { storyFile } from './support/setup';

const e2e = storyFile();
const TJ = '/api/cities/tianjin';
const REQUIRED = '说明路灯未修复的原因及预计修复时间';
let number = '';

describe('a 督办单 issued from the board, answered by the unit, closed by the supervisor', () => {
  it('a ticket is with 劝业场街道 (registered, dispatched and accepted through the API)', async () => {
    const { api } = e2e();
    const ticket = await api.ok<{ number: string }>('tj.registrar', 'POST', `${TJ}/tickets`, {
      type: 'complaint',
      urgency: 'general',
      channel: 'phone',
      content: '小区路灯不亮已有两周，多次反映无人处理。',
      caller: { name: '钱七', phone: '13700002222' },
      classify: { outcome: 'dispatch' },
    });
    number = ticket.number;
    const dispatch = await api.taskOf('tj.dispatcher', 'tianjin', number, 'dispatch');
    await api.ok('tj.dispatcher', 'POST', `${TJ}/tasks/${dispatch.id}/complete`, { data: { mode: 'single', unit: 'heping.quanyechang' }, requestId: `d-${number}` });
    const accept = await api.taskOf('tj.handler', 'tianjin', number, 'accept');
    await api.ok('tj.handler', 'POST', `${TJ}/tasks/${accept.id}/complete`, { data: { handler: '李四', handlerPhone: '13900001111' }, requestId: `a-${number}` });
    await api.taskOf('tj.handler', 'tianjin', number, 'reply');
  });

  it('the supervisor issues a 督办单 from the board', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.supervisor');
    await page.getByTestId('nav-supervision').click();
    await page.getByTestId('board-orders').click();
    await page.getByTestId('order-find').fill(number);
    await page.getByTestId('order-find').press('Enter');
    await page.getByTestId('order-issue').click();
    await page.getByTestId('order-required').fill(REQUIRED);
    await page.getByTestId('order-opinion').fill('诉求人多次来电，请三个工作日内反馈');
    await page.getByTestId('order-submit').click();
    const row = page.getByTestId('orders-table').locator(`[data-testid="order-row"][data-ticket="${number}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getByTestId('order-status').innerText()).toBe('待反馈');
    expect(await row.innerText()).toContain(REQUIRED);
    expect(await row.innerText()).toContain('劝业场街道');
    await portal.screenshot('supervision-order-issued');
  });

  it('the street office’s handler finds it in the inbox and answers it', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.handler');
    const inboxRow = await portal.inboxRow(number, 'supervisionAnswer');
    expect(await inboxRow.innerText()).toContain('督办单');
    await portal.openTask(number, 'supervisionAnswer');
    // what the order requires is on the ticket's timeline beside the form
    await expect.poll(async () => page.getByText(REQUIRED, { exact: false }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await portal.text('response', '灯具已订购，周三前更换完毕并告知诉求人');
    await portal.screenshot('supervision-order-answer');
    await portal.expectDone('complete');
  });

  it('the supervisor reviews the answer and closes the order; the board and the timeline say so', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.supervisor');
    await portal.openTask(number, 'supervisionReview');
    await portal.radio('decision', '办结督办单（反馈符合要求）');
    await portal.text('opinion', '反馈符合要求');
    await portal.expectDone('complete');

    await page.getByTestId('nav-supervision').click();
    await page.getByTestId('board-orders').click();
    await page.getByTestId('orders-all').click();
    const row = page.getByTestId('orders-table').locator(`[data-testid="order-row"][data-ticket="${number}"]`);
    await expect
      .poll(
        async () => {
          await page.getByTestId('orders-open').click();
          await page.getByTestId('orders-all').click();
          await row.waitFor({ timeout: 5_000 }).catch(() => undefined);
          return (await row.count()) > 0 ? row.getByTestId('order-status').innerText() : '';
        },
        { timeout: 20_000 },
      )
      .toBe('已办结');
    expect(await row.innerText()).toContain('灯具已订购');
    await row.getByTestId('order-ticket').click();
    await expect.poll(async () => page.getByText('督办单办结').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.getByText('督办单反馈：灯具已订购').count()).toBeGreaterThan(0);
    await portal.screenshot('supervision-order-closed');
    expect(portal.errors).toEqual([]);
  });

  it('a second order is escalated to the unit leader with a new deadline, shown on the board', async () => {
    const { api, portal } = e2e();
    const { page } = portal;
    const { now } = await api.ok<{ now: string }>('tj.admin', 'GET', '/api/engine/clock');
    // issued with a deadline of one hour; the unit answers, the centre escalates it
    const first = await api.ok<{ dueAt: string }>('tj.supervisor', 'POST', `${TJ}/supervision/orders`, {
      ticket: number,
      requiredResponse: '说明更换灯具的具体日期',
      opinion: '诉求人再次来电',
      dueAt: new Date(Date.parse(now) + 3_600_000).toISOString(),
    });
    const answer = await api.taskOf('tj.handler', 'tianjin', number, 'supervisionAnswer');
    await api.ok('tj.handler', 'POST', `${TJ}/tasks/${answer.id}/complete`, { data: { response: '正在协调' }, requestId: `oa2-${number}` });

    await portal.signIn('tj.supervisor');
    await portal.openTask(number, 'supervisionReview');
    await portal.radio('decision', '提级督办（由承办单位负责人反馈）');
    await portal.text('opinion', '反馈未说明具体日期，请单位负责人说明');
    await portal.expectDone('complete');

    await page.getByTestId('nav-supervision').click();
    await page.getByTestId('board-orders').click();
    const row = page.getByTestId('orders-table').locator(`[data-testid="order-row"][data-ticket="${number}"]`);
    await expect
      .poll(
        async () => {
          await page.getByTestId('orders-all').click();
          await page.getByTestId('orders-open').click();
          await row.waitFor({ timeout: 5_000 }).catch(() => undefined);
          return (await row.count()) > 0 ? row.getByTestId('order-status').innerText() : '';
        },
        { timeout: 20_000 },
      )
      .toBe('提级督办，待负责人反馈');
    const orders = await api.ok<{ items: Array<{ ticket: { number: string } | null; status: string; dueAt: string }> }>('tj.supervisor', 'GET', `${TJ}/supervision/orders?state=open`);
    const escalated = orders.items.find((o) => o.ticket?.number === number)!;
    // a new deadline from the pack's escalation period (2 working days), not the first order's hour
    expect(Date.parse(escalated.dueAt)).toBeGreaterThan(Date.parse(first.dueAt) + 86_400_000);
    expect(await row.getByTestId('order-overdue').count()).toBe(0);
    const shown = await row.getByTestId('order-due').innerText();
    expect(shown).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(Date.parse(`${shown.replace(' ', 'T').replace('T24:00', 'T23:59')}:00+08:00`)).toBeGreaterThan(Date.parse(first.dueAt));
    // the leader has it in the inbox
    await api.taskOf('tj.leader', 'tianjin', number, 'supervisionAnswer');
    await portal.screenshot('supervision-order-escalated');
  });

  it('the 通报 of the month is downloaded as Excel: the city, the period and the repeatedly supervised ticket', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await page.getByTestId('board-bulletin').click();
    await page.getByTestId('bulletin-month').click();
    const row = page.locator(`[data-testid="bulletin-row"][data-unit="heping.quanyechang"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.innerText()).toContain(number);
    const [downloaded] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bulletin-export').click()]);
    // read once the export is out: the month's dates replace the previous period's a render later
    const dates = await page.getByTestId('bulletin-dates').innerText();
    expect(downloaded.suggestedFilename()).toMatch(/^督办通报-.*\.xlsx$/);
    const path = await downloaded.path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.getWorksheet('通报')!;
    const cells: string[] = [];
    sheet.eachRow((r) => r.eachCell((c) => cells.push(String(c.value))));
    const text = cells.join('|');
    expect(text).toContain('天津');
    expect(text).toContain(dates.replace(/\s+/g, ' ').trim());
    expect(text).toContain('按月');
    expect(text).toContain('劝业场街道');
    expect(text).toContain(number);
    expect(text).not.toContain('13700002222'); // no caller data
    expect(text).not.toContain('钱七');
    await portal.screenshot('supervision-bulletin');
    expect(portal.errors).toEqual([]);
  });
});
