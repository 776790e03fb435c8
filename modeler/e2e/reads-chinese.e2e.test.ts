// The modeler speaks Chinese and reads well, as tj.policy sees it in a browser against the real
// server (the embedded engine: nothing here touches an engine): a wrong value is named by its row and
// field in Chinese, a source shows as the regulation's title and article, the date picker is Chinese,
// and 适应画布 brings the whole diagram into the canvas.
import { describe, expect, inject, it } from 'vitest';
import type { PackFile } from '@hotline/rules';
import { TestApi } from './support/api';
import { type Browser, closeBrowserAfterEach, launchBrowser } from './support/browser';
import { inputOf, signIn } from './support/modeler-page';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const server = inject('servers').find((s) => s.engine === 'embedded')!;

describe('the modeler in Chinese', () => {
  const api = new TestApi(server.url);
  let browser: Browser;

  closeBrowserAfterEach(() => browser);

  it('names a wrong value by row and field, cites sources by title, picks dates and fits the diagram in Chinese', async () => {
    const versions = (await api.ok('tj.policy', 'GET', '/api/cities/tianjin/pack-versions')) as Json[];
    const { files } = await api.ok('tj.policy', 'GET', `/api/cities/tianjin/pack-versions/${versions.at(-1)!.number}`);
    const rules = JSON.parse((files as PackFile[]).find((f) => f.path === 'versions/2025.json')!.text) as Json;
    const row = (rules.deadlines as Json[]).findIndex((r, i) => i > 0 && r.period !== undefined);

    browser = await launchBrowser();
    const { page } = browser;
    await signIn(page, server.url, 'tj.policy');

    // the date picker: Chinese month names and weekdays
    await page.getByTestId('publish-button').click();
    const picker = page.locator('.ant-picker-dropdown:visible');
    // the dialog may still be checking the draft as it opens: click the date field until its calendar shows
    await expect
      .poll(async () => {
        if ((await picker.count()) === 0) await page.getByTestId('publish-date').click();
        return picker.count();
      }, { timeout: 30_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => picker.locator('.ant-picker-header-view').innerText()).toMatch(/^\d{4}年\s*\d{1,2}月$/);
    expect((await picker.locator('thead').innerText()).replace(/\s+/g, '')).toBe('一二三四五六日');
    await picker.locator('.ant-picker-month-btn').click();
    // the month panel replaces the day grid a frame later
    await expect
      .poll(async () => (await picker.locator('.ant-picker-content').innerText()).replace(/\s+/g, ' ').trim())
      .toBe('1月 2月 3月 4月 5月 6月 7月 8月 9月 10月 11月 12月');
    await page.keyboard.press('Escape');
    await page.getByTestId('publish-cancel').click();

    // a source as the regulation's title and article, the file in its tooltip
    await page.getByTestId('tab-deadlines').click();
    await page.getByTestId('rule-version-select').locator('.ant-select-selector').click();
    await page.locator('.ant-select-item-option').filter({ hasText: /^2025：/ }).click();
    await page.getByTestId(`deadline-row-${row}`).waitFor();
    const citation = page.getByTestId(`deadline-${row}-citation`);
    await expect.poll(() => citation.innerText()).toMatch(/^《天津市[^》]+》第[一二三四五六七八九十]+条/);
    expect(await citation.innerText()).not.toContain('.txt');
    expect(await citation.locator('.citation').first().getAttribute('data-file')).toMatch(/^tianjin-.+\.txt$/);

    // a wrong value: said in Chinese under the field, and in the issue list by row and field
    const amount = inputOf(page, `deadline-${row}-amount`);
    await amount.fill('-3');
    await amount.blur();
    const under = page.getByTestId(`deadline-row-${row}`).getByTestId('field-issues');
    await expect.poll(() => under.innerText()).toContain('不能小于 1（现为 -3）');
    await page.getByTestId('tab-issues').click();
    const list = page.getByTestId('issues-list');
    await expect.poll(() => list.innerText()).toContain(`时限规则 第${row + 1}行「时长」`);
    const issueRow = list.locator('tr').filter({ hasText: `时限规则 第${row + 1}行「时长」` });
    await expect.poll(() => issueRow.innerText()).toContain('不能小于 1（现为 -3）');
    expect(await list.innerText()).not.toMatch(/must be|found -3|\/deadlines\//);

    // 适应画布: zoomed in, the diagram spills over; fitted, every element is inside the canvas
    await page.getByTestId('tab-process').click();
    const canvas = page.getByTestId('bpmn-canvas');
    const shapes = canvas.locator('.djs-element.djs-shape');
    await shapes.first().waitFor();
    const outside = async () => {
      const box = (await canvas.boundingBox())!;
      const rects = await shapes.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.left, r.top, r.right, r.bottom]));
      expect(rects.length).toBeGreaterThan(20);
      return rects.filter(([l, t, r, b]) => l! < box.x - 1 || t! < box.y - 1 || r! > box.x + box.width + 1 || b! > box.y + box.height + 1).length;
    };
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.down('Control');
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    await expect.poll(outside).toBeGreaterThan(0);
    await page.getByTestId('process-fit').click();
    await expect.poll(outside).toBe(0);
    expect(box.height, 'the canvas has a real height').toBeGreaterThan(400);
  });
});
