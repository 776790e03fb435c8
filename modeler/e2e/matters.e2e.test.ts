// Policy staff replace Tianjin's matter taxonomy from the centre's spreadsheet in the browser: a table
// with a bad row is refused with its row and column, a good one fills the 诉求事项 tree, and the saved
// draft's matters.json carries its classes. The engine plays no part: one server is enough.
import { describe, expect, inject, it } from 'vitest';
import type { PackFile } from '@hotline/rules';
import { TestApi } from './support/api';
import { type Browser, closeBrowserAfterEach, launchBrowser } from './support/browser';
import { freshDraft, issueCount, saveDraft, signIn } from './support/modeler-page';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TJ = '/api/cities/tianjin';
const [server] = inject('servers');
const csv = (rows: string[]) => ({ mimeType: 'text/csv', buffer: Buffer.from(`${rows.join('\n')}\n`, 'utf8') });

describe('policy staff import the matter taxonomy from a spreadsheet', () => {
  const api = new TestApi(server!.url);
  let browser: Browser;

  closeBrowserAfterEach(() => browser);

  it('refuses a table with a bad row naming it, then takes a good one into the draft', async () => {
    await freshDraft(api, 'tj.policy', 'tianjin');
    browser = await launchBrowser();
    const { page } = browser;
    await signIn(page, server!.url, 'tj.policy');
    await page.getByTestId('tab-matters').click();
    await page.getByTestId('matters-tree').waitFor();

    // 9801's parent 98 is not in the table (codes the shipped taxonomy lacks)
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('matters-import').click();
    await (await chooser).setFiles({ name: '事项-有误.csv', ...csv(['编码,名称,上级编码,职能部门事项', '99,城乡建设,,否', '9901,占道经营,99,否', '9801,食品安全,98,是']) });
    await expect.poll(() => page.getByText(/第 4 行/).first().innerText()).toContain('98');
    await expect(page.getByTestId('matter-99').count()).resolves.toBe(0);

    const again = page.waitForEvent('filechooser');
    await page.getByTestId('matters-import').click();
    await (await again).setFiles({ name: '事项.csv', ...csv(['编码,名称,上级编码,职能部门事项', '99,城乡建设,,否', '9901,占道经营,99,否', '98,市场监管,,否', '9801,食品安全,98,是']) });
    await page.getByTestId('matter-98').waitFor();
    await expect.poll(() => page.getByTestId('matters-view').innerText()).toContain('4 个分类，其中 2 个末级事项');
    // the pack's 数据分析 sensitive matters (0201, 0204, 0603, 0701) name codes the new table lacks: one issue each
    await expect.poll(() => issueCount(page), { timeout: 30_000 }).toBe(4);

    const saved = await saveDraft(page);
    const { files } = await api.ok('tj.policy', 'GET', `${TJ}/pack-versions/${saved}`);
    const matters = JSON.parse((files as PackFile[]).find((f) => f.path === 'matters.json')!.text) as Json;
    expect(matters.source).toBe('从表格 事项.csv 导入');
    expect(matters.matters).toEqual([
      // 否 is kept: a class's own mark wins over the one it would inherit
      { code: '99', label: '城乡建设', functional: false, children: [{ code: '9901', label: '占道经营', functional: false }] },
      { code: '98', label: '市场监管', functional: false, children: [{ code: '9801', label: '食品安全', functional: true }] },
    ]);
  });
});
