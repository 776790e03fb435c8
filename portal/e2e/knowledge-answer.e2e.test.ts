// 热线知识库 at registration (Tianjin 2024 §15, 2025 §15–§20): a caller asks how to draw their housing
// fund; the registrar searches the knowledge base beside the registration form, reads the entry (the
// reading is counted), answers from it on the spot (当场答复 carries the entry in), and the ticket's
// timeline names the entry and its version. The unit that supplies the entry sees it in 知识库.
import { describe, expect, it } from 'vitest';
import { storyFile } from './support/setup';

const e2e = storyFile();
let number = '';

describe('Tianjin: a consultation answered from a knowledge entry', () => {
  it('the registrar finds the entry beside the registration form, reads it and chooses to answer from it', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.registrar');
    await page.getByTestId('nav-register').click();
    await page.getByTestId('registration-page').waitFor();
    const panel = page.getByTestId('knowledge-panel');
    const box = panel.locator('input[data-testid="knowledge-search"], [data-testid="knowledge-search"] input').first();
    await box.fill('公积金 提取');
    await box.press('Enter');
    const hit = panel.getByTestId('knowledge-hit').filter({ hasText: '住房公积金提取条件及所需材料' });
    await hit.waitFor();
    await expect.poll(() => hit.innerText()).toMatch(/KB-\d{6} 第1版 · 住房保障 \/ 住房公积金 · 市住房城乡建设委/);
    await hit.getByText('查看').click();
    const reading = page.getByTestId('knowledge-reading');
    await expect.poll(() => reading.getByTestId('knowledge-content').innerText()).toContain('离休、退休的');
    await expect.poll(() => reading.innerText()).toContain('《住房公积金管理条例》第二十四条');
    await portal.screenshot('knowledge-reading');
    await reading.getByTestId('knowledge-use').click();
    await expect.poll(() => page.getByTestId('knowledge-chosen').innerText()).toMatch(/将依据 〔KB-\d{6} 第1版〕住房公积金提取条件及所需材料 当场答复/);
  });

  it('registers the consultation and answers it on the spot, citing the entry', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.select('channel', '电话');
    await portal.select('ticketType', '咨询');
    await portal.select('matter', '办事流程咨询');
    await portal.select('urgency', '一般诉求');
    await portal.text('summary', '咨询公积金提取');
    await portal.text('content', '来电人咨询退休后如何提取住房公积金，需要带什么材料。');
    await portal.place('place', '劝业场', '劝业场街道');
    await portal.text('callerName', '钱七');
    await portal.text('callerPhone', '13655557777');
    await page.getByTestId('register-submit').click();
    await page.getByTestId('task-page').waitFor();
    number = (await page.getByTestId('ticket-number').innerText()).trim();
    if ((await page.getByTestId('task-page').getAttribute('data-form')) === 'register') {
      await portal.expectDone('complete');
      await page.getByTestId('next-task').click();
      await page.locator('[data-testid="task-page"][data-form="classify"]').waitFor();
    }
    expect(await page.getByTestId('task-page').getAttribute('data-form')).toBe('classify');
    // 当场答复 with the entry cited, its content as the answer (the registrar may reword it)
    await expect.poll(() => page.locator('#root_knowledgeRef').inputValue()).toMatch(/^〔KB-\d{6} 第1版〕住房公积金提取条件及所需材料$/);
    await expect.poll(() => page.locator('#root_answer').inputValue()).toContain('离休、退休的');
    await portal.screenshot('knowledge-direct-answer');
    await portal.expectDone('complete');
  });

  it('the ticket’s timeline names the entry and its version', async () => {
    const { portal, base } = e2e();
    const { page } = portal;
    await page.goto(`${base}/tickets/${number}`);
    await page.getByTestId('ticket-page').waitFor();
    const used = page.locator('[data-testid="timeline-item"][data-kind="knowledgeUsed"]');
    await expect.poll(() => used.innerText()).toMatch(/依据知识库答复：〔KB-\d{6} 第1版〕住房公积金提取条件及所需材料/);
    await portal.screenshot('knowledge-on-ticket');
  });

  it('the supplying department sees its entry in 知识库 with its views counted', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.supervisor');
    await page.getByTestId('nav-knowledge').click();
    await page.getByTestId('knowledge-page').waitFor();
    const row = page.getByTestId('knowledge-row').filter({ hasText: '住房公积金提取条件及所需材料' });
    await row.waitFor();
    await expect.poll(() => row.innerText()).toContain('第1版 已发布');
    await row.click();
    await page.getByTestId('knowledge-entry-page').waitFor();
    await expect.poll(() => page.getByTestId('knowledge-entry-page').innerText()).toMatch(/已浏览 [1-9]\d* 次/);
  });

  it('a street office writes an entry: a mobile number in the content is refused under its field, then the draft is saved', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.handler');
    await page.getByTestId('nav-knowledge').click();
    await page.getByTestId('knowledge-page').waitFor();
    await page.getByTestId('knowledge-new').click();
    const editor = page.getByTestId('knowledge-editor');
    await editor.locator('#category').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree-node-content-wrapper[title="物业管理"]').click();
    await editor.locator('#kind').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="答复口径"]').click();
    await editor.locator('#title').fill('劝业场街道物业报修渠道');
    await editor.locator('#content').fill('物业报修请联系街道物业科张科长，电话13912345678。');
    await editor.locator('#basis').fill('《天津市物业管理条例》');
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const later = new Date(Date.now() + 8 * 3600_000 + 90 * 86_400_000).toISOString().slice(0, 10);
    for (const [id, value] of [['#effectiveFrom', today], ['#expiresOn', later]] as const) {
      await editor.locator(id).click();
      await editor.locator(id).fill(value);
      await editor.locator(id).press('Enter');
    }
    await editor.getByTestId('knowledge-save').click();
    await expect.poll(() => editor.innerText()).toContain('内容含有手机号码，属个人信息，不得上传至热线知识库');
    await portal.screenshot('knowledge-refused');
    await editor.locator('#content').fill('物业报修请拨打街道物业服务热线或到街道便民服务中心登记。');
    await editor.getByTestId('knowledge-save').click();
    await page.getByTestId('knowledge-entry-page').waitFor();
    await expect.poll(() => page.getByTestId('knowledge-status').innerText()).toBe('第1版 草稿');
  });
});
