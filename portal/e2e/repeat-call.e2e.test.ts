// 重复来电 (Tianjin 2024 §13(5)) and 工单查询: a caller rings again about an open ticket; as the
// registrar types the number the screen offers that ticket, the registrar links the call instead of
// registering a duplicate and reads out what to tell the caller; the call is then on the ticket's
// timeline. A centre role finds the ticket on 工单查询 by words and opens it.
import { describe, expect, it } from 'vitest';
import { storyFile } from './support/setup';

const e2e = storyFile();
const PHONE = '13877776666';
let number = '';

describe('Tianjin: a repeat call linked at registration', () => {
  it('a first call is registered (through the API: not what this story is about)', async () => {
    const ticket = await e2e().api.ok<{ number: string }>('tj.registrar', 'POST', '/api/cities/tianjin/tickets', {
      type: 'complaint',
      channel: 'phone',
      content: '卫津路88号楼下井盖缺失，夜里有人差点掉进去',
      address: '卫津路88号',
      caller: { name: '周八', phone: PHONE },
      classify: { outcome: 'dispatch' },
    });
    number = ticket.number;
    expect(number).toMatch(/^\d{13}$/);
  });

  it('the registrar types the caller’s number, is offered the open ticket and links the call to it', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.registrar');
    await page.getByTestId('nav-register').click();
    await page.getByTestId('registration-page').waitFor();
    await portal.text('callerName', '周八');
    await portal.text('callerPhone', PHONE);
    await portal.text('content', '又打电话问井盖什么时候修好');
    const offered = page.locator(`[data-testid="repeat-candidate"][data-ticket="${number}"]`);
    await offered.waitFor({ timeout: 15_000 });
    await expect.poll(() => offered.innerText()).toContain('同一来电人');
    await portal.screenshot('repeat-call-offered');
    await offered.getByTestId('repeat-link').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '关 联' }).or(page.locator('.ant-modal-confirm').getByRole('button', { name: '关联' })).first().click();
    await page.getByTestId('repeat-linked').waitFor();
    await expect.poll(() => page.getByTestId('repeat-tell-caller').innerText()).toContain(`工单编号 ${number}`);
    await expect.poll(() => page.getByTestId('repeat-tell-caller').innerText()).toContain('我们已将您本次来电记入该工单');
    await portal.screenshot('repeat-call-linked');
    await page.getByTestId('repeat-linked-ticket').click();
    await page.getByTestId('ticket-page').waitFor();
    const call = page.locator('[data-testid="timeline-item"][data-kind="repeatCall"]');
    await expect.poll(() => call.innerText()).toContain('诉求人再次来电：又打电话问井盖什么时候修好');
  });

  it('the supervisor finds it on 工单查询 by words and opens it, the repeat call counted, the phone never shown', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.supervisor');
    await page.getByTestId('nav-search').click();
    await page.getByTestId('search-page').waitFor();
    await page.getByTestId('search-words').fill('井盖缺失');
    await page.getByTestId('search-address').fill('卫津路');
    await page.getByTestId('search-submit').click();
    const row = page.locator(`[data-testid="search-row"][data-ticket="${number}"]`);
    await row.waitFor();
    await expect.poll(() => row.innerText()).toContain('1 次');
    expect(await page.getByTestId('search-results').innerText()).not.toContain(PHONE);
    await portal.screenshot('ticket-search');
    await row.getByTestId('search-ticket').click();
    await page.getByTestId('ticket-page').waitFor();
    await expect.poll(() => page.getByTestId('timeline').innerText()).toContain('诉求人再次来电');
  });
});
