// 提醒发送情况: a reminder the SMS gateway refused reaches the centre's screen, and 重试 sends it. The
// server runs with a local fake SMS gateway (the one the server's tests use) that refuses the first
// message (HTTP 400, final: the row is given up at once). Tianjin's pack texts the contact person of
// 劝业场街道 (tj.handler) once half the acceptance period has passed. The supervisor opens the page from
// the menu, sees the failed SMS with the gateway's reason, one attempt and the number masked, presses
// 重试, and the contact person gets the message — once. This file runs its own server with an engine
// clock it may move ahead.
import { FakeSmsGateway } from '@hotline/server/fake-sms-gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApi } from './support/api';
import { ownServerStory } from './support/setup';
import type { Portal } from './support/ui';

const CONTACT_PHONE = '13900001234'; // tj.handler, contact person of 劝业场街道 in the demo organisation
const sms = new FakeSmsGateway();
beforeAll(() => sms.start());
afterAll(() => sms.stop());
const story = ownServerStory('portal-e2e-deliveries', () => ({ ENGINE_CLOCK_CONTROLLED: 'true', SMS_GATEWAY_URL: sms.url, SMS_GATEWAY_KEY: 'e2e-key' }));
let portal: Portal;
let api: TestApi;
beforeAll(() => void ({ api, portal } = story()));

const TJ = '/api/cities/tianjin';

describe('the failed deliveries screen', () => {
  it('shows the centre an SMS reminder the gateway refused, and 重试 delivers it once', async () => {
    const { page } = portal;
    sms.refuseNext = 1;
    const { number } = await api.ok<{ number: string }>('tj.registrar', 'POST', `${TJ}/tickets`, {
      type: 'complaint',
      urgency: 'general',
      channel: 'phone',
      content: '劝业场街道某路口信号灯不亮，车辆通行混乱。',
      caller: { name: '赵六', phone: '13812349999' },
      classify: { outcome: 'dispatch' },
    });
    const dispatch = await api.taskOf('tj.dispatcher', 'tianjin', number, 'dispatch');
    await api.ok('tj.dispatcher', 'POST', `${TJ}/tasks/${dispatch.id}/complete`, { data: { mode: 'single', unit: 'heping.quanyechang' }, requestId: `d-${number}` });
    const accept = await api.taskOf('tj.handler', 'tianjin', number, 'accept');
    const { dueAt } = await api.ok<{ task: { dueAt: string } }>('tj.handler', 'GET', `${TJ}/tasks/${accept.id}`).then((d) => d.task);
    const { now } = await api.ok<{ now: string }>('tj.admin', 'GET', '/api/engine/clock');
    await api.ok('tj.admin', 'POST', '/api/engine/clock', { advanceMs: Date.parse(dueAt) - 60_000 - Date.parse(now) });
    // the gateway refused it: nothing reached the contact person
    await expect.poll(() => sms.requests.filter((r) => r.text.includes(number)).length, { timeout: 40_000, interval: 500 }).toBe(1);
    expect(sms.messagesTo(CONTACT_PHONE).filter((m) => m.text.includes(number))).toHaveLength(0);

    await portal.signIn('tj.supervisor');
    await page.getByTestId('nav-deliveries').click();
    await page.getByTestId('deliveries-page').waitFor();
    await page.getByTestId('deliveries-failed').click();
    const row = page.locator(`[data-testid="delivery-row"][data-ticket="${number}"][data-channel="sms"]`);
    await row.waitFor({ timeout: 15_000 });
    const text = await row.innerText();
    expect(text).toContain('发送失败');
    expect(text).toContain('短信');
    expect(text).toContain('劝业场街道经办人（演示）');
    expect(text).toContain('139****1234');
    expect(text).not.toContain(CONTACT_PHONE);
    expect(await row.getByTestId('delivery-error').innerText()).toContain('短信网关拒绝发送（HTTP 400）');
    expect(await row.getByTestId('delivery-attempts').innerText()).toBe('1 次');
    await portal.screenshot('failed-deliveries');

    await row.getByTestId('delivery-retry').click();
    await page.getByText('已重新加入发送队列').waitFor();
    // delivered once, under the same key the refused attempt had
    await expect.poll(() => sms.messagesTo(CONTACT_PHONE).filter((m) => m.text.includes(number)).length, { timeout: 20_000, interval: 500 }).toBe(1);
    const keys = new Set(sms.requests.filter((r) => r.text.includes(number)).map((r) => r.key));
    expect(keys.size).toBe(1);
    // no longer among the failed ones
    await expect
      .poll(
        async () => {
          await page.getByTestId('deliveries-all').click();
          await page.getByTestId('deliveries-failed').click();
          return row.count();
        },
        { timeout: 15_000, interval: 1_000 },
      )
      .toBe(0);
    expect(portal.errors).toEqual([]);
  });
});
