// 三员分立: the audit administrator finds a refused access in the audit trail, by action, actor and day.
import { describe, expect, it } from 'vitest';
import { storyFile } from './support/setup';

const e2e = storyFile();

describe('the audit administrator’s audit page', () => {
  it('finds the handler’s refused attempt to list the users, filtered by action, actor and today', async () => {
    const { portal, api } = e2e();
    const { page } = portal;
    // a handler tries the system administrator's user list: refused, and audited
    expect((await api.call('tj.handler', 'GET', '/api/cities/tianjin/users')).status).toBe(403);

    await portal.signIn('tj.auditor');
    // the auditor's menu: the audit trail, not the role grants nor the inbox's work
    expect(await page.getByTestId('nav-role-grants').count()).toBe(0);
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-page').waitFor();

    const action = page.locator('#action');
    await action.click();
    await action.fill('拒绝访问');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title*="拒绝访问"]').first().click();
    await page.getByTestId('audit-filter-actor').fill('tj.handler');
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10); // the day in China
    const [from, to] = [page.locator('.ant-picker-range input').nth(0), page.locator('.ant-picker-range input').nth(1)];
    await from.click();
    await from.fill(today);
    await from.press('Enter');
    await to.fill(today);
    await to.press('Enter');
    await page.keyboard.press('Escape');
    await page.getByTestId('audit-search').click();

    const rows = page.locator('[data-testid="audit-row"][data-action="access.denied"]');
    await rows.first().waitFor();
    const text = await rows.first().innerText();
    expect(text).toContain('tj.handler');
    expect(text).toContain('拒绝访问');
    expect(text).toContain('GET /api/cities/:city/users');
    // every row shown is one of those asked for
    expect(await page.locator('[data-testid="audit-row"]').count()).toBe(await rows.count());
    expect(portal.errors).toEqual([]);
  });
});
