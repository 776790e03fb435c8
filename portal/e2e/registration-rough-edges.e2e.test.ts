// The most-used screens, as a registrar and a dispatcher meet them: registration errors in Chinese under
// the field they concern; the registered ticket going on to the registrar's own next step without a
// separate 认领; the handling unit picked from the organisation tree; the timeline saying what was
// decided; the inbox's 承办单位 agreeing with the ticket page; the modeler linked only for those who may edit.
import { describe, expect, it } from 'vitest';
import { storyFile } from './support/setup';

const e2e = storyFile();
let number = '';

describe('registration and the portal’s rough edges (Tianjin)', () => {
  it('a registration with mistakes is refused in Chinese, under the fields concerned', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.registrar');
    await page.getByTestId('nav-register').click();
    await page.getByTestId('registration-page').waitFor();
    await portal.select('channel', '电话');
    await portal.select('ticketType', '投诉');
    await portal.select('matter', '路灯照明');
    await portal.select('urgency', '一般诉求');
    await portal.text('content', '劝业场街道某小区路灯不亮。');
    await portal.place('place', '劝业场', '劝业场街道');
    await portal.check('contactNeeded');
    await portal.text('callerName', '王五');
    await portal.text('callerPhone', '1381234');
    await page.getByTestId('register-submit').click();

    const error = (field: string) => page.locator(`[data-testid="field-error"][data-field="root_${field}"]`);
    await expect.poll(() => error('callerPhone').innerText()).toBe('联系电话格式不正确，请核对后重新填写');
    expect(await error('summary').innerText()).toBe('请填写诉求摘要');
    expect(await page.getByTestId('submit-error').innerText()).toContain('有 2 处需要修改');
    expect(await page.getByTestId('submit-error').innerText()).not.toMatch(/must|body\//);
    // the fields are marked
    expect(await page.locator('.ant-form-item-has-error #root_callerPhone').count()).toBe(1);
    await portal.screenshot('registration-errors');

    await portal.text('summary', '小区路灯不亮');
    await portal.text('callerPhone', '13812345678');
    await page.getByTestId('register-submit').click();
    await page.getByTestId('task-page').waitFor();
    number = (await page.getByTestId('ticket-number').innerText()).trim();
  });

  it('the registrar goes on with the ticket’s next step without a separate 认领', async () => {
    const { portal } = e2e();
    const { page } = portal;
    if ((await page.getByTestId('task-page').getAttribute('data-form')) === 'register') {
      await portal.expectDone('complete');
      await page.getByTestId('next-task').click();
      await page.locator('[data-testid="task-page"][data-form="classify"]').waitFor();
    }
    const card = page.getByTestId('form-card');
    await expect.poll(() => card.locator('.ant-card-extra').innerText()).toMatch(/^办理人：/);
    expect(await page.getByTestId('claim').count()).toBe(0);
    await portal.radio('outcome', '派单至承办单位');
    await portal.expectDone('complete');
  });

  it('the dispatcher picks the unit from the organisation tree; the timeline says where it went', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.dispatcher');
    await portal.openTask(number, 'dispatch');
    await portal.radio('mode', '单一承办单位');
    // the tree: 和平区 › 劝业场街道 › its communities, searched by name
    const picker = portal.field('unit');
    await picker.click();
    const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
    await open.locator('.ant-select-tree-node-content-wrapper[title="和平区"]').waitFor();
    await picker.fill('劝业场');
    await expect.poll(() => open.locator('.ant-select-tree-node-content-wrapper[title="劝业场街道"]').count()).toBe(1);
    await open.locator('.ant-select-tree-node-content-wrapper[title="劝业场街道"]').click();
    await portal.screenshot('dispatch-unit-tree');
    await portal.expectDone('complete');

    await portal.signIn('tj.handler');
    await portal.openTask(number, 'accept');
    const completed = page.locator('[data-testid="timeline-item"][data-kind="taskCompleted"]');
    await expect.poll(() => completed.allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/派单至劝业场街道/), expect.stringMatching(/受理分类：派单至承办单位/)]));
    expect((await completed.allInnerTexts()).join('\n')).not.toMatch(/完成「/);
  });

  it('the inbox’s 承办单位 is the ticket page’s', async () => {
    const { portal } = e2e();
    const { page } = portal;
    const accept = await portal.inboxRow(number, 'accept');
    expect(await accept.getByTestId('inbox-unit').innerText()).toBe('劝业场街道');
    await accept.getByTestId('task-link').click();
    await page.locator('[data-testid="task-page"][data-form="accept"]').waitFor();
    expect(await page.getByTestId('ticket-summary').innerText()).toContain('劝业场街道');
  });

  it('the modeler is linked for policy staff only', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.policy');
    await page.getByTestId('nav-modeler').waitFor();
    expect(await page.getByTestId('nav-modeler').getAttribute('href')).toBe('/modeler/');
    for (const who of ['tj.registrar', 'tj.supervisor', 'tj.handler']) {
      await portal.signIn(who);
      expect(await page.getByTestId('nav-modeler').count(), who).toBe(0);
    }
    expect(portal.errors).toEqual([]);
  });
});
