// 数据分析 as a centre leader uses it: tickets registered today appear on the dashboard (its own server,
// so no other story's tickets count): the volume chart's bars carry the counts by type, the totals
// card the sum; a click on the 投诉 bar opens 工单查询 with exactly those tickets.
import { describe, expect, it } from 'vitest';
import { ownServerStory } from './support/setup';

const story = ownServerStory('portal-e2e-analysis');
const numbers: Record<string, string[]> = { complaint: [], consult: [] };

describe('数据分析 dashboard', () => {
  it('tickets are registered today (through the API) and the counts brought up to date', async () => {
    const { api } = story();
    const seed: Array<[string, string, string, string]> = [
      ['complaint', 'heping.quanyechang', '020101', '餐馆后厨卫生差'],
      ['complaint', 'heping.quanyechang', '020101', '餐馆油烟扰民'],
      ['complaint', 'hexi.youyilu', '010101', '路口占道经营'],
      ['consult', 'heping.xiaobailou', '070101', '劳动合同怎么签'],
      ['consult', 'hexi.youyilu', '130101', '停水什么时候恢复'],
    ];
    for (const [type, place, matter, content] of seed) {
      const ticket = await api.ok<{ number: string }>('tj.registrar', 'POST', '/api/cities/tianjin/tickets', {
        type,
        channel: 'phone',
        content,
        place,
        matter,
        caller: { name: '周十一', phone: '13577770001' },
        classify: { outcome: 'dispatch' },
      });
      numbers[type]!.push(ticket.number);
    }
    await api.ok('tj.supervisor', 'POST', '/api/cities/tianjin/analysis/refresh', {});
  });

  it('the dashboard shows the day’s tickets by type on the volume chart, summing to the total', async () => {
    const { portal } = story();
    const { page } = portal;
    await portal.signIn('tj.supervisor');
    await page.getByTestId('nav-analysis').click();
    await page.getByTestId('analysis-page').waitFor();
    await expect.poll(() => page.getByTestId('analysis-kpi-tickets').innerText()).toContain('5');
    const volume = page.getByTestId('chart-volume');
    // the bars' labels are the counts; the legend names the types
    await expect.poll(() => volume.locator('svg text').evaluateAll((texts) => texts.map((t) => t.textContent)), { timeout: 10_000 }).toEqual(expect.arrayContaining(['投诉', '咨询', '3', '2']));
    const texts = await page.getByTestId('analysis-page').innerText();
    expect(texts).not.toContain('周十一');
    expect(texts).not.toContain('13577770001');
    await page.getByTestId('analysis-sensitive').getByText('食品安全').waitFor();
    await portal.screenshot('analysis-dashboard');
  });

  it('a click on the 投诉 bar opens 工单查询 with exactly those tickets', async () => {
    const { portal } = story();
    const { page } = portal;
    // the bar's count, not the y axis's tick of the same number (the rightmost '3'), and on the bar just below it
    const threes = page.getByTestId('chart-volume').locator('svg text', { hasText: /^3$/ });
    const boxes = await Promise.all((await threes.all()).map((t) => t.boundingBox()));
    const label = boxes.filter((b) => b !== null).sort((a, b) => b.x - a.x)[0]!;
    await page.mouse.click(label.x + label.width / 2, label.y + label.height + 8);
    await page.getByTestId('search-page').waitFor();
    expect(page.url()).toContain('type=complaint');
    await expect.poll(() => page.locator('[data-testid="search-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket')).sort())).toEqual([...numbers.complaint!].sort());
  });
});
