// Policy staff add a ticket type (企业诉求) to Hangzhou's pack through the draft API, with its own
// handling period, and publish it today: the registrar can choose it at once, in Chinese, and the
// ticket carries it. No file of the repository is touched.
import { describe, expect, it } from 'vitest';
import { storyFile } from './support/setup';

const e2e = storyFile();

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const VERSIONS = '/api/cities/hangzhou/pack-versions';

describe('Hangzhou: a new ticket type, 企业诉求, without code', () => {
  it('policy staff add it with its own handling period and publish it', async () => {
    const { api } = e2e();
    const versions = await api.ok<Json[]>('hz.policy', 'GET', VERSIONS);
    const from = Math.max(...versions.filter((v) => v.status === 'published').map((v) => v.number as number));
    const draft = (await api.ok<Json>('hz.policy', 'POST', `${VERSIONS}/${from}/drafts`)).number as number;
    const edit = async (path: string, change: (value: Json) => void) => {
      const value = JSON.parse((await api.ok<Json>('hz.policy', 'GET', `${VERSIONS}/${draft}/files/${path}`)).text as string) as Json;
      change(value);
      await api.ok('hz.policy', 'PUT', `${VERSIONS}/${draft}/files/${path}`, { text: `${JSON.stringify(value, null, 2)}\n` });
    };
    await edit('city.json', (city) => city.ticketTypes.push({ key: 'business', label: '企业诉求', assumption: '营商环境诉求并入12345后新增；时限待确认' }));
    await edit('versions/draft-2023.json', (version) =>
      version.deadlines.unshift({ stage: 'handle', types: ['business'], period: { amount: 3, unit: 'workingDay' }, countFrom: 'registration', source: 'hangzhou-hotline-measures-draft-2023.txt §14', assumption: '企业诉求 3 个工作日办结' }),
    );
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const published = await api.ok<Json>('hz.policy', 'POST', `${VERSIONS}/${draft}/publish`, { effectiveFrom: today });
    expect(published).toMatchObject({ status: 'published', number: draft });
  });

  it('the registrar chooses 企业诉求 at registration and the ticket shows it', async () => {
    const { portal } = e2e();
    const { page } = portal;
    await portal.signIn('hz.registrar');
    await page.getByTestId('nav-register').click();
    await page.getByTestId('registration-page').waitFor();
    await portal.select('channel', '12345电话');
    await portal.select('ticketType', '企业诉求');
    await portal.select('matter', '企业开办');
    await portal.select('urgency', '一般');
    await portal.text('summary', '企业开办材料被反复退回');
    await portal.text('content', '某科技公司办理开办登记，材料三次被退回且未一次性告知需补正的内容，请求协调。');
    await portal.place('place', '湖滨', '湖滨街道');
    await portal.text('callerName', '王经理');
    await portal.text('callerPhone', '13700001234');
    await portal.screenshot('new-ticket-type-registration');
    await page.getByTestId('register-submit').click();
    await page.getByTestId('task-page').waitFor();
    await expect.poll(() => page.getByTestId('ticket-summary').innerText()).toContain('企业诉求');
    const number = (await page.getByTestId('ticket-number').innerText()).trim();
    const ticket = await e2e().api.ok<Json>('hz.registrar', 'GET', `/api/cities/hangzhou/tickets/${number}`);
    expect(ticket.type).toBe('business');
    expect(portal.errors).toEqual([]);
  });
});
