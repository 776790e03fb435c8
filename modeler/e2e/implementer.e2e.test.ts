// An implementer brings a fourth city in through the browser, on both engines: a new city copied from
// Turpan's pack (as `hotline city new shanshan --from turpan`), signed in with its first account, the
// roll-out checklist of what it still lacks, the pack downloaded as a .zip and uploaded back as a
// draft, the organisation imported, the pack published, and a first ticket run through it.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { TestApi } from './support/api';
import { type Browser, closeBrowserAfterEach, launchBrowser } from './support/browser';
import { REPO_ROOT } from './support/server';
import { publishToday, signIn, today } from './support/modeler-page';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SS = '/api/cities/shanshan';
const PASSWORD = 'shanshan-e2e-2026';

describe.each(inject('servers'))('an implementer rolls out a new city ($engine engine)', ({ url }) => {
  const api = new TestApi(url);
  api.password('ss.admin', PASSWORD);
  let browser: Browser;

  closeBrowserAfterEach(() => browser);

  it('creates Shanshan from Turpan, checks what it lacks, exports and re-imports it, publishes it and runs a ticket through it', async () => {
    browser = await launchBrowser();
    const { page, context } = browser;
    await signIn(page, url, 'tlf.admin');
    await page.getByTestId('new-city-button').click();
    await page.getByTestId('new-city-id').fill('shanshan');
    await page.getByTestId('new-city-name').fill('鄯善县');
    await page.getByTestId('new-city-username').fill('ss.admin');
    await page.getByTestId('new-city-display-name').fill('鄯善实施人员');
    await page.getByTestId('new-city-password-input').fill(PASSWORD);
    await page.getByTestId('new-city-submit').click();
    await page.getByTestId('new-city-result').waitFor();
    expect(await page.getByTestId('new-city-result').innerText()).toContain('已新建城市 鄯善县（shanshan），草稿 #1 复制自 turpan');

    // the new city's own account, whose initial password must change first
    await api.changeInitialPassword('ss.admin', PASSWORD);
    await context.clearCookies();
    await signIn(page, url, 'ss.admin', PASSWORD);
    expect(await page.getByTestId('version-status').innerText()).toBe('草稿');
    await page.getByTestId('tab-rollout').click();
    await page.getByTestId('rollout-summary').waitFor();
    const year = Number(today().slice(0, 4));
    for (const key of ['copied:versions/2021.json', `calendar:national:${year + 1}`, 'role:registrar', 'units:handling']) {
      await page.getByTestId(`rollout-item-${key}`).waitFor();
    }
    expect(await page.getByTestId('rollout-item-copied:versions/2021.json').innerText()).toContain('复制自 turpan');
    expect(await page.getByTestId(`rollout-item-calendar:national:${year + 1}`).innerText()).toContain('缺少');
    const assumptions = await page.getByTestId('rollout-group-assumptions').locator('tbody tr.ant-table-row').count();
    expect(assumptions).toBeGreaterThan(0);

    // the pack as a .zip, and back as a new draft
    const downloads = await mkdtemp(join(tmpdir(), 'modeler-e2e-download-'));
    try {
      await page.getByTestId('export-button').hover();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-zip').click()]);
      expect(download.suggestedFilename()).toBe('shanshan-v1.zip');
      const saved = join(downloads, download.suggestedFilename());
      await download.saveAs(saved);
      expect(readFileSync(saved).subarray(0, 2).toString('latin1')).toBe('PK');
      await page.getByTestId('import-archive-input').setInputFiles(saved);
      await page.getByText('已导入为草稿 #2').waitFor();
    } finally {
      await rm(downloads, { recursive: true, force: true });
    }
    const one = await api.ok('ss.admin', 'GET', `${SS}/pack-versions/1`);
    const two = await api.ok('ss.admin', 'GET', `${SS}/pack-versions/2`);
    expect(two.version).toMatchObject({ status: 'draft', source: 'uploaded shanshan-v1.zip' });
    expect(two.files).toEqual(one.files);
    expect((two.files as Json[]).find((f) => f.path === 'processes/ticket.bpmn')?.text).toContain('id="ticket-shanshan"');

    // the organisation (the implementer's file, here Turpan's demo one renamed), then publish
    const org = JSON.parse(readFileSync(join(REPO_ROOT, 'server', 'demo', 'turpan.json'), 'utf8').replaceAll('"tlf.', '"ss.')) as Json;
    org.units = (org.units as Json[]).filter((u) => u.code !== 'centre');
    // the first account's own row stays out: nobody changes their own roles (三员分立)
    org.users = (org.users as Json[]).filter((u) => u.username !== 'ss.admin');
    await api.ok('ss.admin', 'POST', `${SS}/organisation`, org);
    for (const person of ['ss.registrar', 'ss.dispatcher']) await api.changeInitialPassword(person);
    await page.getByTestId('rollout-reload').click();
    await page.getByTestId('rollout-group-organisation').getByText('（已完成）').waitFor();

    const result = await publishToday(page);
    expect(result.text).toContain('ticket-shanshan');

    const ticket = await api.ok('ss.registrar', 'POST', `${SS}/tickets`, {
      type: 'complaint',
      urgency: 'general',
      channel: 'phone',
      content: '小区供暖不热',
      caller: { name: '买买提', phone: '13912345678' },
      classify: { outcome: 'dispatch' },
    });
    expect(ticket.packVersion).toBe(2);
    const dispatch = await api.taskOf('ss.dispatcher', 'shanshan', ticket.number, 'dispatch');
    expect(dispatch).toMatchObject({ status: 'open', candidateGroups: ['dispatcher'] });
  });
});
