// A warning 预警 the city's pack declares reaches the supervision board: Turpan (§29) warns once three
// quarters of a ticket's handling period have passed in working time; the supervisor finds the ticket
// under 督办记录, filtered by the pack's trigger 预警. This file runs its own server with an engine
// clock it may move days ahead: on the shared server that would make other files' tickets overdue.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApi } from './support/api';
import { ownServerStory } from './support/setup';
import type { Portal } from './support/ui';

const story = ownServerStory('portal-e2e-warning', () => ({ ENGINE_CLOCK_CONTROLLED: 'true' }));
let portal: Portal;
let api: TestApi;
beforeAll(() => void ({ api, portal } = story()));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const TLF = '/api/cities/turpan';

describe('the supervision board shows the warnings a pack declares', () => {
  it('a Turpan ticket at 75 % of its handling period is on the board as 预警, with the pack’s label, and stays under that filter', async () => {
    const { page } = portal;
    const ticket = await api.ok<{ number: string }>('tlf.registrar', 'POST', `${TLF}/tickets`, {
      type: 'help',
      urgency: 'general',
      channel: 'phone',
      content: '小区路灯损坏一周，夜间出行不便。',
      caller: { name: '阿依古丽', phone: '13999990001' },
    });
    const number = ticket.number;
    let task = await api.taskOf('tlf.registrar', 'turpan', number, 'classify').catch(async () => {
      const register = await api.taskOf('tlf.registrar', 'turpan', number, 'register');
      await api.ok('tlf.registrar', 'POST', `${TLF}/tasks/${register.id}/complete`, { data: {}, requestId: `r-${number}` });
      return api.taskOf('tlf.registrar', 'turpan', number, 'classify');
    });
    await api.ok('tlf.registrar', 'POST', `${TLF}/tasks/${task.id}/complete`, { data: { outcome: 'dispatch' }, requestId: `c-${number}` });
    task = await api.taskOf('tlf.dispatcher', 'turpan', number, 'dispatch');
    await api.ok('tlf.dispatcher', 'POST', `${TLF}/tasks/${task.id}/complete`, { data: { mode: 'single', unit: 'gaochang.laocheng' }, requestId: `d-${number}` });
    task = await api.taskOf('tlf.handler', 'turpan', number, 'accept');
    await api.ok('tlf.handler', 'POST', `${TLF}/tasks/${task.id}/complete`, { data: { handler: '买买提' }, requestId: `a-${number}`, action: 'accept' });
    await api.taskOf('tlf.handler', 'turpan', number, 'reply');

    // the handling deadline carries the pack's warning; move the engine's clock to its instant
    let warnAt: string | undefined;
    await expect
      .poll(async () => {
        const timeline = await api.ok<{ items: Json[] }>('tlf.supervisor', 'GET', `${TLF}/tickets/${number}/timeline`);
        warnAt = timeline.items.find((e) => e.kind === 'deadlineSet' && e.data.stage === 'handle')?.data.warnings?.[0]?.at;
        return warnAt;
      }, { timeout: 15_000 })
      .toBeDefined();
    const { now } = await api.ok<{ now: string }>('tlf.admin', 'GET', '/api/engine/clock');
    await api.ok('tlf.admin', 'POST', '/api/engine/clock', { advanceMs: Date.parse(warnAt!) - Date.parse(now) });
    const board = `${TLF}/supervision?kind=supervised&trigger=warning&page=1&pageSize=50`;
    await expect.poll(async () => (await api.ok<{ items: Json[] }>('tlf.supervisor', 'GET', board)).items.some((i) => i.ticket.number === number), { timeout: 20_000 }).toBe(true);

    await portal.signIn('tlf.supervisor');
    await page.getByTestId('nav-supervision').click();
    await page.getByTestId('board-supervised').click();
    await page.getByTestId('board-trigger').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: /^预警$/ }).click();
    const row = page.getByTestId('board-supervised-table').locator(`[data-testid="board-row"][data-ticket="${number}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getByTestId('board-reason').innerText()).toMatch(/^预警 · 办理环节 · 时限 /);
    expect(new URL(page.url()).searchParams.get('trigger')).toBe('warning');
    // every row under this filter is a warning
    const reasons = await page.getByTestId('board-supervised-table').getByTestId('board-reason').allInnerTexts();
    expect(reasons.every((r) => r.startsWith('预警'))).toBe(true);
    await portal.screenshot('supervision-warning');
    expect(portal.errors).toEqual([]);
  });
});
