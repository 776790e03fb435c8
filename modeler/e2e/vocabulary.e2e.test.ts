// Policy staff give Tianjin a new role and a warning at three quarters of the handling period in the
// browser, with no file open in the raw editor: the saved draft's city.json and rule version carry
// them, read back through the API, and the draft has no issues.
import { describe, expect, inject, it } from 'vitest';
import type { PackFile } from '@hotline/rules';
import { TestApi } from './support/api';
import { type Browser, closeBrowserAfterEach, launchBrowser } from './support/browser';
import { freshDraft, inputOf, saveDraft, signIn, waitForNoIssues } from './support/modeler-page';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TJ = '/api/cities/tianjin';
const SOURCE = 'tianjin-hotline-measures-2024.txt §22';
const servers = inject('servers');

describe.each(servers)('policy staff edit roles and warnings ($engine engine)', ({ url }) => {
  const api = new TestApi(url);
  let browser: Browser;

  closeBrowserAfterEach(() => browser);

  it('adds a role with the supervision page and a 75 % warning of the handling stage, saves the draft, and the saved files contain both', async () => {
    const draft = await freshDraft(api, 'tj.policy', 'tianjin');
    const { files: before } = await api.ok('tj.policy', 'GET', `${TJ}/pack-versions/${draft}`);
    const cityBefore = JSON.parse((before as PackFile[]).find((f) => f.path === 'city.json')!.text) as Json;
    const newRole = (cityBefore.roles as Json[]).length;

    browser = await launchBrowser();
    const { page } = browser;
    await signIn(page, url, 'tj.policy');

    // 角色与阶段: a knowledge-base editor who works from the supervision page
    await page.getByTestId('tab-roles').click();
    await page.getByTestId('role-add').click();
    await page.getByTestId(`role-row-${newRole}`).waitFor();
    await inputOf(page, `role-${newRole}-label`).fill('知识库管理员');
    await inputOf(page, `role-${newRole}-key`).fill('knowledgeEditor');
    await page.getByTestId(`role-${newRole}-page-supervision`).click();
    await inputOf(page, `role-${newRole}-source`).fill(SOURCE);
    await expect.poll(() => page.getByTestId(`role-${newRole}-citation`).innerText()).toContain('第二十二条');

    // 预警与督办: a warning at 75 % of the handling period, recorded as 超出办理期限未办结
    await page.getByTestId('tab-warnings').click();
    // after the warning the 2025 rules ship (acceptHalf, row 0)
    await page.getByTestId('warning-add').click();
    await page.getByTestId('warning-row-1').waitFor();
    await expect.poll(() => inputOf(page, 'warning-1-percent').inputValue()).toBe('75');
    await inputOf(page, 'warning-1-label').fill('办理时限已过四分之三');
    await page.getByTestId('warning-1-trigger').locator('.ant-select-selector').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '超出办理期限未办结' }).click();
    await inputOf(page, 'warning-1-source').fill(SOURCE);
    await waitForNoIssues(page);

    const saved = await saveDraft(page);
    const { version, files } = await api.ok('tj.policy', 'GET', `${TJ}/pack-versions/${saved}`);
    expect(version.status).toBe('draft');
    const read = (path: string) => JSON.parse((files as PackFile[]).find((f) => f.path === path)!.text) as Json;

    const roles = read('city.json').roles as Json[];
    expect(roles).toHaveLength(newRole + 1);
    expect(roles.at(-1)).toEqual({ key: 'knowledgeEditor', label: '知识库管理员', scope: 'centre', pages: ['supervision'], revealCaller: 'never', source: SOURCE });
    const warnings = read('versions/2025.json').warnings as Json[];
    expect(warnings.map((w) => w.key)).toEqual(['acceptHalf', 'warning1']);
    expect(warnings[1]).toEqual({ key: 'warning1', stage: 'handle', fraction: 0.75, label: '办理时限已过四分之三', trigger: 'overdue', source: SOURCE });
  });
});
