// Policy staff change Tianjin's rules in the browser and publish them, nobody writes code — on the
// embedded engine and on Zeebe. Each scenario signs in as tj.policy in a fresh chromium profile,
// works in the modeler served by the real server at /modeler/, and checks the outcome through the
// tickets and tasks API: a shorter handling period reaches new tickets only, a new redirect category
// reaches the classify form, an invalid edit is refused with its reasons, and the diff shows the change.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CityRules, type PackFile, parsePack } from '@hotline/rules';
import { TestApi } from './support/api';
import { type Browser, closeBrowserAfterEach, launchBrowser } from './support/browser';
import { inputOf, issueCount, publishToday, saveDraft, signIn, today, waitForNoIssues } from './support/modeler-page';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TJ = '/api/cities/tianjin';
const FORM_DATA = {
  dispatch: { mode: 'single', unit: 'heping.quanyechang' },
  accept: { handler: '李四', handlerPhone: '13900001111' },
};
const complaint = (content: string, classified = true) => ({
  type: 'complaint',
  urgency: 'general',
  channel: 'phone',
  content,
  caller: { name: '张三丰', phone: '13812345678' },
  ...(classified ? { classify: { outcome: 'dispatch' } } : {}),
});
const isGeneralHandling = (r: Json) => r.stage === 'handle' && r.types === undefined && r.urgencies === undefined;

const servers = inject('servers');

describe.each(servers)('policy staff in the modeler ($engine engine)', ({ engine, url }) => {
  const api = new TestApi(url);
  let browser: Browser;

  beforeAll(async () => {
    const me = await api.ok('tj.policy', 'GET', '/api/auth/me');
    expect(me.cityId).toBe('tianjin');
  });
  closeBrowserAfterEach(() => browser);
  afterAll(async () => {
    const health = await api.ok('tj.admin', 'GET', '/api/health/details');
    expect(health.engine).toMatchObject({ kind: engine, status: 'up' });
  });

  /** Registers a complaint, dispatches it and has the unit accept it; the unit's reply task then carries the handling deadline. */
  async function toReply(number: string): Promise<Json> {
    await api.complete('tj.dispatcher', 'tianjin', await api.taskOf('tj.dispatcher', 'tianjin', number, 'dispatch'), FORM_DATA.dispatch);
    await api.complete('tj.handler', 'tianjin', await api.taskOf('tj.handler', 'tianjin', number, 'accept'), FORM_DATA.accept);
    return api.taskOf('tj.handler', 'tianjin', number, 'reply');
  }

  async function packRules(number: number): Promise<CityRules> {
    const { files } = await api.ok('tj.policy', 'GET', `${TJ}/pack-versions/${number}`);
    return new CityRules(parsePack(files as PackFile[], { label: `tianjin/${number}` }));
  }

  it('changes the general handling period from 7 to 5 working days and publishes it today: the diff shows it, a new ticket gets 5 days, one registered before keeps 7', async () => {
    const before = await api.ok('tj.registrar', 'POST', `${TJ}/tickets`, complaint('路灯不亮（修改前登记）'));
    expect(before.packVersion).toBe(1);

    const { files } = await api.ok('tj.policy', 'GET', `${TJ}/pack-versions/1`);
    const rules = JSON.parse((files as PackFile[]).find((f) => f.path === 'versions/2025.json')!.text) as Json;
    const row = (rules.deadlines as Json[]).findIndex(isGeneralHandling);
    expect(rules.deadlines[row].period).toEqual({ amount: 7, unit: 'workingDay' });

    browser = await launchBrowser();
    const { page } = browser;
    await signIn(page, url, 'tj.policy');
    await page.getByTestId('tab-deadlines').click();
    await page.getByTestId(`deadline-row-${row}`).waitFor();
    const amount = inputOf(page, `deadline-${row}-amount`);
    await expect.poll(() => amount.inputValue()).toBe('7');
    await amount.fill('5');
    await amount.blur();
    await page.getByTestId('dirty-indicator').waitFor();
    const saved = await saveDraft(page);
    expect(await page.getByTestId('version-status').innerText()).toBe('草稿');
    const draft = (await api.ok('tj.policy', 'GET', `${TJ}/pack-versions/${saved}`)).version as Json;
    expect(draft).toMatchObject({ status: 'draft', source: 'draft from 1' });

    // the diff: the version in force against the draft
    await page.getByTestId('tab-diff').click();
    const diffRow = page.getByTestId('diff-deadline-handle-complaint-general');
    await diffRow.waitFor();
    expect(await diffRow.getByTestId('diff-old').innerText()).toBe('7 个工作日');
    expect(await diffRow.getByTestId('diff-new').innerText()).toBe('5 个工作日');
    const changes = (await api.ok('tj.policy', 'GET', `${TJ}/pack-diff?from=1&to=${draft.number}`)).rules.deadlines.changes as Json[];
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.stage === 'handle' && c.urgency === 'general')).toBe(true);
    expect(await page.getByTestId('diff-deadlines').locator('tbody tr.ant-table-row').count()).toBe(changes.length);
    expect(await page.getByTestId('diff-processes').innerText()).toContain('流程没有变化');

    await waitForNoIssues(page);
    const result = await publishToday(page);
    expect(result.text).toContain(`版本 #${draft.number} 已发布，${today()} 起生效`);
    expect(result.text).toContain('ticket-tianjin');
    expect(result.text).toContain(engine === 'zeebe' ? '已部署到 Zeebe' : '已部署到 内嵌流程引擎');
    await expect.poll(() => page.getByTestId('version-status').innerText()).toBe('已发布');

    const after = await api.ok('tj.registrar', 'POST', `${TJ}/tickets`, complaint('路灯不亮（修改后登记）'));
    expect(after.packVersion).toBe(draft.number);

    const rulesOf = { [before.number]: await packRules(1), [after.number]: await packRules(draft.number) };
    const periods: Record<string, number> = {};
    for (const ticket of [before, after]) {
      const reply = await toReply(ticket.number);
      const handling = await api.waitFor(`the handling deadline of ${ticket.number}`, async () => {
        const { items } = await api.ok('tj.dispatcher', 'GET', `${TJ}/tickets/${ticket.number}/timeline`);
        return (items as Json[]).find((e) => e.kind === 'deadlineSet' && e.data.stage === 'handle');
      });
      periods[ticket.number] = handling.data.period.amount;
      const expected = rulesOf[ticket.number]!.deadline({ stage: 'handle', type: 'complaint', urgency: 'general', from: handling.at, at: ticket.registeredAt });
      expect(Date.parse(reply.dueAt), `the reply task of ${ticket.number}`).toBe(expected.dueMs);
    }
    expect(periods).toEqual({ [before.number]: 7, [after.number]: 5 });
  });

  it('adds a redirect category, publishes it, and the classify form the server resolves for a new ticket offers it', async () => {
    const label = '无具体诉求、无法核实的事项';
    browser = await launchBrowser();
    const { page } = browser;
    await signIn(page, url, 'tj.policy');
    await page.getByTestId('tab-redirects').click();
    await page.getByTestId('redirect-add').click();
    const index = (await page.locator('[data-testid^="redirect-"][data-testid$="-delete"]').count()) - 1;
    await inputOf(page, `redirect-${index}-label`).fill(label);
    await inputOf(page, `redirect-${index}-key`).fill('noConcreteDemand');
    await inputOf(page, `redirect-${index}-script`).fill('您反映的事项没有具体诉求或无法核实，请补充具体情况后再来电。');
    await inputOf(page, `redirect-${index}-source`).fill('tianjin-hotline-measures-2024.txt §13');
    await waitForNoIssues(page);
    const result = await publishToday(page);
    expect(result.text).toContain('已发布');

    const ticket = await api.ok('tj.registrar', 'POST', `${TJ}/tickets`, complaint('想问问', false));
    const classify = await api.taskOf('tj.registrar', 'tianjin', ticket.number, 'classify');
    const detail = await api.ok('tj.registrar', 'GET', `${TJ}/tasks/${classify.id}`);
    expect(JSON.stringify(detail.form.schema)).toContain(label);
  });

  it('refuses to publish a timer with no deadline variable and a rating scale with no rework level, saying why in the browser and on the server', async () => {
    browser = await launchBrowser();
    const { page } = browser;
    await signIn(page, url, 'tj.policy');
    expect(await issueCount(page)).toBe(0);

    await page.getByTestId('tab-rating').click();
    const rework = page.locator('button[data-testid^="rating-"][data-testid$="-rework"][aria-checked="true"]');
    expect(await rework.count()).toBe(1);
    await rework.first().click();
    await page.getByTestId('rating-levels-issues').waitFor();
    expect(await page.getByTestId('rating-levels-issues').innerText()).toContain('没有任何等级会触发重办');

    await page.getByTestId('tab-process').click();
    await page.locator('.djs-element[data-element-id="watchTimer"] .djs-hit').first().click({ force: true });
    await page.getByTestId('hotline-timer-stage').waitFor();
    const timerGroup = page.locator('.bio-properties-panel-group-header', { hasText: '定时器' });
    if (!(await page.locator('#bio-properties-panel-timerEventDefinitionType').isVisible())) await timerGroup.click();
    await page.locator('#bio-properties-panel-timerEventDefinitionType').selectOption('timeDuration');
    const timerIssue = page.getByTestId('lint-issue-watchTimer').filter({ hasText: '定时器期限' });
    await timerIssue.waitFor({ timeout: 30_000 });
    expect(await timerIssue.innerText()).toContain('没有读取规则计算的期限');

    await page.getByTestId('publish-button').click();
    await page.getByTestId('publish-blocked').waitFor();
    expect(await page.getByTestId('publish-confirm').isDisabled()).toBe(true);
    const reasons = await page.getByTestId('publish-issues').innerText();
    expect(reasons).toContain('没有任何等级会触发重办');
    expect(reasons).toContain('没有读取规则计算的期限');
    await page.getByTestId('publish-cancel').click();
    await page.getByTestId('publish-blocked').waitFor({ state: 'detached' });

    // saved as a draft, the server refuses it too, naming the file and the element or JSON path
    const draft = await saveDraft(page);
    const refused = await page.evaluate(
      async ({ path, date }) => {
        // as the modeler sends it: the session cookie plus its CSRF token echoed in the header
        const csrf = /(?:^|;\s*)hotline_csrf=([^;]*)/.exec(document.cookie)?.[1] ?? '';
        const headers = { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) };
        const res = await fetch(path, { method: 'POST', headers, body: JSON.stringify({ effectiveFrom: date }) });
        return { status: res.status, body: await res.json() };
      },
      { path: `${TJ}/pack-versions/${draft}/publish`, date: today() },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('PACK_INVALID');
    const where = (refused.body.error.issues as Json[]).map((i) => i.where);
    expect(where).toContain('versions/2025.json at /rating/levels');
    expect(where).toContain('processes/ticket.bpmn#watchTimer');
    expect((await api.ok('tj.policy', 'GET', `${TJ}/pack-versions/${draft}`)).version.status).toBe('draft');
  });
});
