// 工单查询 as the centre uses it: the registrar finds a caller's ticket by the phone they give (shown
// masked, never in full); a number too short is refused under its own field; the dispatcher, whose role
// never sees a caller, is not offered the 来电号码 box at all (the server would only refuse it).
import { describe, expect, it } from 'vitest';
import { storyFile } from './support/setup';

const e2e = storyFile();
const PHONE = '13566660001';
let number = '';

describe('工单查询 by role', () => {
  it('a ticket is registered (through the API)', async () => {
    const ticket = await e2e().api.ok<{ number: string }>('tj.registrar', 'POST', '/api/cities/tianjin/tickets', {
      type: 'complaint',
      channel: 'phone',
      content: '南京路某小区门口路灯不亮已有一周',
      address: '南京路',
      caller: { name: '孙九', phone: PHONE },
      classify: { outcome: 'dispatch' },
    });
    number = ticket.number;
  });

  it('the registrar finds it by the caller’s phone, shown masked; a short number is refused under its field', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.registrar');
    await page.getByTestId('nav-search').click();
    await page.getByTestId('search-page').waitFor();
    await page.getByTestId('search-phone').fill(PHONE);
    await page.getByTestId('search-submit').click();
    const row = page.locator(`[data-testid="search-row"][data-ticket="${number}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('135****0001');
    expect(await page.getByTestId('search-results').innerText()).not.toContain(PHONE);

    await page.getByTestId('search-phone').fill('');
    await page.getByTestId('search-number').fill('12');
    await page.getByTestId('search-submit').click();
    await page.getByTestId('search-error').waitFor();
    // the reason stands under 工单编号, and the earlier rows are gone
    await expect.poll(() => page.locator('.ant-form-item-explain-error').allInnerTexts()).toEqual([expect.stringContaining('工单编号（number）须为至少 4 位数字')]);
    expect(await page.getByTestId('search-row').count()).toBe(0);
    await portal.screenshot('ticket-search-refused');
  });

  it('the dispatcher searches by words, with no 来电号码 box and no caller column', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.dispatcher');
    await page.getByTestId('nav-search').click();
    await page.getByTestId('search-page').waitFor();
    expect(await page.getByTestId('search-phone').count()).toBe(0);
    expect(await page.getByTestId('search-page').innerText()).not.toContain('来电号码');
    await page.getByTestId('search-words').fill('路灯不亮');
    await page.getByTestId('search-address').fill('南京路');
    await page.getByTestId('search-submit').click();
    await page.locator(`[data-testid="search-row"][data-ticket="${number}"]`).waitFor();
    expect(await page.getByTestId('search-results').innerText()).not.toContain('诉求人');
    await portal.screenshot('ticket-search-dispatcher');
    expect(portal.errors).toEqual([]);
  });
});
