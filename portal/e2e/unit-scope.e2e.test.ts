// A unit handler cannot open another unit's task, even with its address.
import { describe, expect, it } from 'vitest';
import { PASSWORD } from './support/api';
import { storyFile } from './support/setup';

const e2e = storyFile();

describe('scope: another unit’s task by URL', () => {
  it('is refused to 劝业场街道’s handler, with nothing of the ticket shown', async () => {
    const { portal, api } = e2e();
    const { page } = portal;
    const ticket = await api.ok<{ number: string }>('tj.registrar', 'POST', '/api/cities/tianjin/tickets', {
      type: 'help',
      urgency: 'general',
      channel: 'phone',
      content: '友谊路街道某小区电梯停运，老人出行困难。',
      caller: { name: '王五', phone: '13700001234' },
    });
    const number = ticket.number;
    let task = await api.taskOf('tj.registrar', 'tianjin', number, 'classify').catch(async () => {
      const register = await api.taskOf('tj.registrar', 'tianjin', number, 'register');
      await api.ok('tj.registrar', 'POST', `/api/cities/tianjin/tasks/${register.id}/complete`, { data: {}, requestId: `r-${number}` });
      return api.taskOf('tj.registrar', 'tianjin', number, 'classify');
    });
    await api.ok('tj.registrar', 'POST', `/api/cities/tianjin/tasks/${task.id}/complete`, { data: { outcome: 'dispatch' }, requestId: `c-${number}` });
    task = await api.taskOf('tj.dispatcher', 'tianjin', number, 'dispatch');
    await api.ok('tj.dispatcher', 'POST', `/api/cities/tianjin/tasks/${task.id}/complete`, { data: { mode: 'single', unit: 'hexi.youyilu' }, requestId: `d-${number}` });
    // a handler of 友谊路街道 (the demo has none) sees the task in their inbox: that is its id
    await api.ok('tj.admin', 'POST', '/api/cities/tianjin/organisation', {
      users: [{ username: 'tj.youyilu', name: '友谊路街道经办人（测试）', unit: 'hexi.youyilu', roles: ['unitHandler'], password: PASSWORD }],
    });
    // the handler's role sees callers: the security administrator approves it (三员分立)
    const { requests } = await api.ok<{ requests: Array<{ id: number; username: string }> }>('tj.security', 'GET', '/api/cities/tianjin/role-grants');
    await api.ok('tj.security', 'POST', `/api/cities/tianjin/role-grants/${requests.find((r) => r.username === 'tj.youyilu')!.id}/approve`, {});
    await api.changeInitialPassword('tj.youyilu');
    const other = await api.taskOf('tj.youyilu', 'tianjin', number, 'accept');

    // the API refuses it as if it did not exist
    const direct = await api.call('tj.handler', 'GET', `/api/cities/tianjin/tasks/${other.id}`);
    expect(direct.status).toBe(404);

    await portal.signIn('tj.handler');
    await page.goto(`${e2e().base}/tasks/${encodeURIComponent(other.id)}`);
    await page.getByTestId('task-error').waitFor();
    expect(await page.getByTestId('task-error').innerText()).toContain('不在您的办理范围内');
    expect(await page.getByTestId('task-page').count()).toBe(0);
    expect(await page.content()).not.toContain('友谊路街道某小区电梯停运');
    // and it is not in their inbox
    await page.goto(`${e2e().base}/?q=${number}`);
    await page.getByTestId('inbox-empty').waitFor();
  });
});
