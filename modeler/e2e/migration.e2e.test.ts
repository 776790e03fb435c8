// A regulation that applies to tickets already open: policy staff publish a longer general handling
// period, then move the open tickets to the new version from the modeler — on the embedded engine and
// on Zeebe. The dialog previews a complaint waiting at the reply step with its handling deadline
// counted again (old → new, China time), applies, and the ticket then carries the new pack version
// and the new deadline on its reply task.
import { describe, expect, inject, it } from 'vitest';
import type { PackFile } from '@hotline/rules';
import { TestApi } from './support/api';
import { type Browser, closeBrowserAfterEach, launchBrowser } from './support/browser';
import { confirmPublish, freshDraft, inputOf, signIn, waitForNoIssues } from './support/modeler-page';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TJ = '/api/cities/tianjin';
const isGeneralHandling = (r: Json) => r.stage === 'handle' && r.types === undefined && r.urgencies === undefined;
/** What the dialog shows for an instant: China time to the minute. */
const chinaMinute = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

const servers = inject('servers');

describe.each(servers)('moving open tickets to a newer pack version in the modeler ($engine engine)', ({ url }) => {
  const api = new TestApi(url);
  let browser: Browser;

  closeBrowserAfterEach(() => browser);

  it('publishes a longer general handling period, previews the open complaint at the reply step with its handle deadline moving, applies, and the ticket is on the new version', async () => {
    const ticket = await api.ok('tj.registrar', 'POST', `${TJ}/tickets`, {
      type: 'complaint',
      urgency: 'general',
      channel: 'phone',
      content: '小区门口路灯不亮（迁移前登记）',
      caller: { name: '张三丰', phone: '13812345678' },
      classify: { outcome: 'dispatch' },
    });
    await api.complete('tj.dispatcher', 'tianjin', await api.taskOf('tj.dispatcher', 'tianjin', ticket.number, 'dispatch'), { mode: 'single', unit: 'heping.quanyechang' });
    await api.complete('tj.handler', 'tianjin', await api.taskOf('tj.handler', 'tianjin', ticket.number, 'accept'), { handler: '李四', handlerPhone: '13900001111' });
    const reply = await api.taskOf('tj.handler', 'tianjin', ticket.number, 'reply');
    await api.waitFor(`the handling deadline of ${ticket.number}`, async () => {
      const { items } = await api.ok('tj.dispatcher', 'GET', `${TJ}/tickets/${ticket.number}/timeline`);
      return (items as Json[]).find((e) => e.kind === 'deadlineSet' && e.data.stage === 'handle');
    });

    // the period the ticket's version gives, and a longer one for the new version
    const { files } = await api.ok('tj.policy', 'GET', `${TJ}/pack-versions/${ticket.packVersion}`);
    const rules = JSON.parse((files as PackFile[]).find((f) => f.path === 'versions/2025.json')!.text) as Json;
    const row = (rules.deadlines as Json[]).findIndex(isGeneralHandling);
    const period = rules.deadlines[row].period.amount as number;

    await freshDraft(api, 'tj.policy', 'tianjin');
    browser = await launchBrowser();
    const { page } = browser;
    await signIn(page, url, 'tj.policy');
    await page.getByTestId('tab-deadlines').click();
    await page.getByTestId(`deadline-row-${row}`).waitFor();
    const amount = inputOf(page, `deadline-${row}-amount`);
    await expect.poll(() => amount.inputValue()).toBe(String(period));
    await amount.fill(String(period + 2));
    await amount.blur();
    await page.getByTestId('dirty-indicator').waitFor();
    await waitForNoIssues(page);

    await confirmPublish(page);
    const published = (await api.ok('tj.policy', 'GET', `${TJ}/pack-versions`)).at(-1) as Json;
    expect(published.status).toBe('published');
    expect(published.number).toBeGreaterThan(ticket.packVersion);

    // offered right after publishing
    await page.getByTestId('publish-migrate').click();
    await page.getByTestId('migration-dialog').waitFor();
    expect(await page.locator('.ant-modal-title').filter({ hasText: '迁移在办工单' }).innerText()).toBe(`迁移在办工单到版本 #${published.number}`);
    await expect.poll(() => inputOf(page, 'migration-recompute').isChecked()).toBe(true);
    const ticketRow = page.getByTestId(`migration-row-${ticket.number}`);
    await ticketRow.waitFor({ timeout: 60_000 });

    // the server's own preview: the handle deadline counted again, later by the two added days
    const preview = await api.ok('tj.policy', 'POST', `${TJ}/packs/${published.number}/migration/preview`, { recomputeDeadlines: true });
    const planned = (preview.tickets as Json[]).find((t) => t.ticket === ticket.number)!;
    expect(planned.problems).toEqual([]);
    const handle = (planned.deadlines as Json[]).find((d) => d.stage === 'handle')!;
    expect(Date.parse(handle.previousDue)).toBe(Date.parse(reply.dueAt));
    expect(Date.parse(handle.due)).toBeGreaterThan(Date.parse(handle.previousDue));

    const shown = (await ticketRow.innerText()).replace(/\s+/g, ' ');
    expect(shown).toContain(ticket.number);
    expect(shown).toContain(`#${ticket.packVersion}`);
    expect(shown).toContain(`${reply.name} → reply`);
    expect(await page.getByTestId(`migration-deadlines-${ticket.number}`).innerText()).toContain(`办结：${chinaMinute(handle.previousDue)} → ${chinaMinute(handle.due)}`);
    expect(await page.getByTestId(`migration-refused-${ticket.number}`).count()).toBe(0);

    // without recomputation the deadline stays as it was
    await inputOf(page, 'migration-recompute').click();
    await expect.poll(() => page.getByTestId(`migration-row-${ticket.number}`).innerText(), { timeout: 30_000 }).toContain('不变');
    await inputOf(page, 'migration-recompute').click();
    await page.getByTestId(`migration-deadlines-${ticket.number}`).waitFor({ timeout: 30_000 });

    await page.getByTestId('migration-confirm').click();
    await page.getByTestId('migration-result').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('migration-result').innerText()).toMatch(/已迁移 \d+ 张工单/);
    await page.getByTestId('migration-moved').getByTestId(`migration-row-${ticket.number}`).waitFor();
    await page.getByTestId('migration-close').click();

    const moved = await api.ok('tj.dispatcher', 'GET', `${TJ}/tickets/${ticket.number}`);
    expect(moved.packVersion).toBe(published.number);
    const replyAfter = await api.taskOf('tj.handler', 'tianjin', ticket.number, 'reply');
    expect(Date.parse(replyAfter.dueAt)).toBe(Date.parse(handle.due));

    // from the toolbar, for the published version shown: the ticket is no longer on an older version
    await page.getByTestId('migrate-button').click();
    await page.getByTestId('migration-dialog').waitFor();
    await expect.poll(async () => (await page.getByTestId('migration-none').count()) + (await page.getByTestId('migration-table').count()), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId(`migration-row-${ticket.number}`).count()).toBe(0);
  });
});
