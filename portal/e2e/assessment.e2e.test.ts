// 考核: the centre runs this month's assessment and opens a figure down to its ticket; a unit's leader
// sees only the unit's own row and appeals a figure (申诉), which then waits for the centre's answer.
import { describe, expect, it } from 'vitest';
import { storyFile } from './support/setup';

const e2e = storyFile();
const TJ = '/api/cities/tianjin';

describe('unit assessment 考核', () => {
  let number = '';

  it('a ticket 劝业场街道 signed for in time', async () => {
    const { api } = e2e();
    ({ number } = await api.ok<{ number: string }>('tj.registrar', 'POST', `${TJ}/tickets`, {
      type: 'complaint',
      urgency: 'general',
      channel: 'phone',
      content: '劝业场街道某小区楼道堆物，存在消防隐患。',
      caller: { name: '孙八', phone: '13700003333' },
      classify: { outcome: 'dispatch' },
    }));
    const complete = async (username: string, form: string, data: Record<string, unknown>) => {
      const task = await api.taskOf(username, 'tianjin', number, form);
      await api.ok(username, 'POST', `${TJ}/tasks/${task.id}/complete`, { data, requestId: `assess-${form}-${number}` });
    };
    await complete('tj.dispatcher', 'dispatch', { mode: 'single', unit: 'heping.quanyechang' });
    await complete('tj.handler', 'accept', { handler: '李四', handlerPhone: '13900001111' });
  });

  it('the centre runs the assessment and drills from 按时签收率 down to the ticket', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.supervisor');
    await page.getByTestId('nav-assessment').click();
    await page.getByTestId('assessment-page').waitFor();
    await page.getByTestId('assessment-run-now').click();
    const row = page.locator('[data-testid="assessment-row"][data-unit="heping.quanyechang"]');
    await row.waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="assessment-row"]').count()).toBeGreaterThan(1);
    const acceptance = row.getByTestId('figure-onTimeAcceptance');
    expect(await acceptance.innerText()).toBe('100.00%');
    await acceptance.click();
    const drill = page.getByTestId('assessment-drill');
    await drill.waitFor();
    const ticket = drill.locator(`[data-testid="drill-row"][data-ticket="${number}"]`);
    await ticket.waitFor();
    expect(await ticket.innerText()).toContain('计入分子（及分母）');
    expect(await drill.innerText()).not.toContain('13700003333');
    await portal.screenshot('assessment-drill');
    expect(portal.errors).toEqual([]);
  });

  it('和平区’s leader sees only 和平区 and appeals its 满意率', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('tj.leader');
    await page.getByTestId('nav-assessment').click();
    const rows = page.locator('[data-testid="assessment-row"]');
    await rows.first().waitFor({ timeout: 15_000 });
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-unit')).toBe('heping');
    expect(await page.getByTestId('assessment-run-now').count()).toBe(0);
    await rows.first().getByTestId('appeal-satisfaction').click();
    await page.getByTestId('appeal-reason').fill('本期满意率统计未计入已撤回的投诉');
    await page.getByTestId('appeal-evidence').fill('回访记录');
    await page.getByRole('button', { name: '提交申诉' }).click();
    await page.getByText('申诉已提交').waitFor();
    const appeals = page.getByTestId('assessment-appeals');
    await appeals.getByText('处理中').waitFor();
    expect(await appeals.innerText()).toContain('满意率');
    expect(portal.errors).toEqual([]);
  });
});
