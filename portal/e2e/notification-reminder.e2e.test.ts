// A reminder reaches a unit handler in the portal: Tianjin's pack reminds the contact person of 劝业场街道
// (the demo's tj.handler) once half a ticket's acceptance period has passed. Signed in, without reloading
// the page, the handler sees the bell's unread count go up, opens the notification centre, reads the
// reminder and opens the task from it. This file runs its own server with an engine clock it may move
// ahead: on the shared server that would make other files' tickets overdue.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApi } from './support/api';
import { ownServerStory } from './support/setup';
import type { Portal } from './support/ui';

const story = ownServerStory('portal-e2e-reminder', () => ({ ENGINE_CLOCK_CONTROLLED: 'true' }));
let portal: Portal;
let api: TestApi;
beforeAll(() => void ({ api, portal } = story()));

const TJ = '/api/cities/tianjin';

describe('the notification centre', () => {
  it('shows a unit handler the reminder to accept a ticket as it arrives, and opens the task from it', async () => {
    const { page } = portal;
    await portal.signIn('tj.handler');
    const bell = page.getByTestId('notification-count');
    const unread = async () => Number((await bell.locator('.ant-scroll-number').getAttribute('title').catch(() => null)) ?? '0');
    const before = await unread();

    const ticket = await api.ok<{ number: string }>('tj.registrar', 'POST', `${TJ}/tickets`, {
      type: 'complaint',
      urgency: 'general',
      channel: 'phone',
      content: '劝业场街道某小区门前路灯损坏，夜间出行不便。',
      caller: { name: '王五', phone: '13812340000' },
      classify: { outcome: 'dispatch' },
    });
    const number = ticket.number;
    const dispatch = await api.taskOf('tj.dispatcher', 'tianjin', number, 'dispatch');
    await api.ok('tj.dispatcher', 'POST', `${TJ}/tasks/${dispatch.id}/complete`, { data: { mode: 'single', unit: 'heping.quanyechang' }, requestId: `d-${number}` });
    const accept = await api.taskOf('tj.handler', 'tianjin', number, 'accept');
    const { dueAt } = await api.ok<{ task: { dueAt: string } }>('tj.handler', 'GET', `${TJ}/tasks/${accept.id}`).then((d) => d.task);

    // a minute before the acceptance is due: half the period has long passed
    const { now } = await api.ok<{ now: string }>('tj.admin', 'GET', '/api/engine/clock');
    await api.ok('tj.admin', 'POST', '/api/engine/clock', { advanceMs: Date.parse(dueAt) - 60_000 - Date.parse(now) });

    // the bell counts it without a reload (the task's own reminder and the acceptance reminder)
    await expect.poll(unread, { timeout: 40_000, interval: 1_000 }).toBeGreaterThanOrEqual(before + 2);
    await page.getByTestId('notification-bell').click();
    const reminder = page.getByTestId('notification-item').filter({ hasText: `请尽快签收工单${number}` });
    await reminder.waitFor({ timeout: 10_000 });
    expect(await reminder.innerText()).toContain(`劝业场街道：工单${number}签收时限已过半，请于`);
    expect(await page.getByTestId('notification-item').filter({ hasText: `新工单${number}待办理` }).count()).toBe(1);
    const countBefore = await unread();
    await reminder.click();

    await page.locator('[data-testid="task-page"][data-form="accept"]').waitFor({ timeout: 15_000 });
    expect(new URL(page.url()).pathname).toBe(`/tasks/${encodeURIComponent(accept.id)}`);
    expect(await page.getByTestId('task-title').innerText()).toContain('签收');
    await expect.poll(unread).toBe(countBefore - 1);
    await portal.screenshot('notification-reminder');
    expect(portal.errors).toEqual([]);
  });
});
