// The centre's views: classification with the words to say to the caller, the review queues, the
// return-visit call list with the city's rating scale, the supervision board.
import { describe, expect, it } from 'vitest';
import { storyFile } from './support/setup';

const e2e = storyFile();

describe('centre views', () => {
  it('classification: a redirect category shows the words to say to the caller and fills them in', async () => {
    const { portal, api } = e2e();
    const { page } = portal;
    const ticket = await api.ok<{ number: string }>('tj.registrar', 'POST', '/api/cities/tianjin/tickets', {
      type: 'complaint',
      urgency: 'general',
      channel: 'phone',
      content: '邻居家中有人呼救，疑似煤气泄漏。',
      caller: { name: '赵六', phone: '13600001111' },
    });
    await portal.signIn('tj.registrar');
    await portal.openTask(ticket.number, 'classify');
    await portal.radio('outcome', '分类处理（转接紧急热线或告知相应途径）');
    await portal.select('redirectCategory', '应当通过110、119、120等紧急热线处理的事项');
    const script = page.getByTestId('redirect-script');
    await script.waitFor();
    expect(await script.innerText()).toMatch(/110|119|120/);
    await expect.poll(() => portal.field('toldCaller').inputValue()).toMatch(/110|119|120/);
    await portal.screenshot('classify-redirect');
    await portal.expectDone('complete');
  });

  it('the return-visit list shows Tianjin’s rating scale', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.returnvisit');
    await page.getByTestId('nav-return-visits').click();
    await page.getByTestId('rating-scale').waitFor();
    expect(await page.getByTestId('rating-level').allInnerTexts()).toEqual(['满意', '基本满意', '不满意（可退回重办）']);
  });

  it('the reviewer’s three queues and the supervision board load, each with rows or an empty state', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.reviewer');
    await page.getByTestId('nav-reviews').click();
    for (const queue of ['returnReview', 'extensionReview', 'completionReview']) {
      await page.getByTestId(`queue-${queue}`).click();
      const list = page.getByTestId(`queue-${queue}-list`);
      await expect.poll(async () => (await list.getByTestId('inbox-row').count()) + (await list.getByTestId('inbox-empty').count()), { timeout: 10_000 }).toBeGreaterThan(0);
    }
    // the board's API first, so that a server fault is named as such
    for (const kind of ['overdue', 'dissatisfied', 'supervised']) {
      const answer = await e2e().api.call('tj.supervisor', 'GET', `/api/cities/tianjin/supervision?kind=${kind}&page=1&pageSize=50`);
      expect(answer.status, `GET supervision?kind=${kind} answered ${answer.status}: ${JSON.stringify(answer.body)}`).toBe(200);
    }
    await portal.signIn('tj.supervisor');
    await page.getByTestId('nav-supervision').click();
    for (const kind of ['overdue', 'dissatisfied', 'supervised']) {
      await page.getByTestId(`board-${kind}`).click();
      const table = page.getByTestId(`board-${kind}-table`);
      await expect.poll(async () => (await table.getByTestId('board-ticket').count()) + (await table.getByTestId('board-empty').count()), { timeout: 10_000 }).toBeGreaterThan(0);
    }
    await portal.screenshot('supervision-board');
    expect(portal.errors).toEqual([]);
  });
});
