// Issue 12's new intake steps in Tianjin, in the browser:
// - a functional department's matter (市场监管 › 食品安全) is never dispatched to a grassroots unit (2025
//   §8): the dispatcher's unit picker shows 劝业场街道 disabled with the rule's sentence, and the server
//   refuses it with the same sentence;
// - 稍后答复 (2015 §17: a question the knowledge base cannot settle on the spot is answered within one
//   hour): policy staff give the 2025 rules the 2015 answer stage in a draft and publish it, the
//   registrar chooses 稍后答复, calls back and records the answer; the ticket closes as answered.
// This file runs its own server: the published pack version would change the classify form of every
// other file's Tianjin consultations on the shared one.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApi } from './support/api';
import { ownServerStory } from './support/setup';
import type { Portal} from './support/ui';
import { pickerInstant } from './support/ui';

const story = ownServerStory('portal-e2e-intake');
let portal: Portal;
let api: TestApi;
beforeAll(() => void ({ api, portal } = story()));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const TJ = '/api/cities/tianjin';
const VERSIONS = `${TJ}/pack-versions`;
const GRASSROOTS_REFUSAL = '应当由职能部门承办的诉求事项不得分派给基层（实施细则第八条）。';

describe('Tianjin: the grassroots guard at dispatch', () => {
  it('the dispatcher cannot pick a street office for a food-safety matter; the picker says why and the server refuses it', async () => {
    const { page } = portal;
    const { number } = await api.ok<{ number: string }>('tj.registrar', 'POST', `${TJ}/tickets`, {
      type: 'complaint',
      urgency: 'general',
      channel: 'phone',
      summary: '餐馆后厨卫生脏乱',
      content: '劝业场街道某餐馆后厨卫生脏乱，食材露天堆放，请查处。',
      matter: '020101',
      place: 'heping.quanyechang',
      address: '和平区滨江道某号',
      caller: { name: '赵六', phone: '13700005678' },
      classify: { outcome: 'dispatch' },
    });
    await portal.signIn('tj.dispatcher');
    await portal.openTask(number, 'dispatch');
    const open = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';
    // with a lead unit and assisting units, the street is no assisting unit either
    await portal.radio('mode', '主办单位牵头，协办单位配合');
    const assisting = portal.field('assistingUnits');
    await assisting.click();
    await assisting.fill('劝业场');
    const assistingStreet = page.locator(`${open} .ant-select-item-option`).filter({ hasText: '劝业场街道（基层单位，不得分派）' });
    await assistingStreet.first().waitFor();
    expect(await assistingStreet.first().getAttribute('class')).toContain('ant-select-item-option-disabled');
    await page.keyboard.press('Escape');
    await portal.radio('mode', '单一承办单位');
    // the rule's own sentence under the picker
    await expect.poll(() => page.getByTestId('unit-refusal').innerText()).toContain(GRASSROOTS_REFUSAL);
    const picker = portal.field('unit');
    await picker.click();
    await picker.fill('劝业场');
    const street = page.locator(`${open} .ant-select-tree-treenode`).filter({ hasText: '劝业场街道（基层单位，不得分派）' });
    await street.first().waitFor();
    expect(await street.first().getAttribute('class')).toContain('ant-select-tree-treenode-disabled');
    await portal.screenshot('dispatch-grassroots-refused');
    await page.keyboard.press('Escape');

    // the server applies the same guard to a completion that names the street anyway
    const task = await api.taskOf('tj.dispatcher', 'tianjin', number, 'dispatch');
    const refused = await api.call('tj.dispatcher', 'POST', `${TJ}/tasks/${task.id}/complete`, {
      data: { mode: 'single', unit: 'heping.quanyechang', overrideReason: '就近处理' },
      requestId: `grassroots-${number}`,
    });
    expect(refused.status).toBe(422);
    expect((refused.body as Json).error).toMatchObject({ code: 'GRASSROOTS_REFUSED', message: GRASSROOTS_REFUSAL });

    // a municipal department is fine (the catalogue has no entry for the matter: a reason is asked)
    await portal.select('unit', '市城市管理委');
    if (await portal.field('overrideReason').isVisible().catch(() => false)) await portal.text('overrideReason', '派单目录暂无该事项，由市城市管理委牵头处理。');
    await portal.expectDone('complete');
    expect(portal.errors).toEqual([]);
  });
});

describe('Tianjin: 稍后答复, answered within the hour', () => {
  it('policy staff keep the 2015 answer stage under the 2025 rules and publish it today', async () => {
    const versions = await api.ok<Json[]>('tj.policy', 'GET', VERSIONS);
    const from = Math.max(...versions.filter((v) => v.status === 'published').map((v) => v.number as number));
    const draft = (await api.ok<Json>('tj.policy', 'POST', `${VERSIONS}/${from}/drafts`)).number as number;
    const read = async (path: string) => JSON.parse((await api.ok<Json>('tj.policy', 'GET', `${VERSIONS}/${draft}/files/${path}`)).text as string) as Json;
    const old = await read('versions/2015.json');
    const current = await read('versions/2025.json');
    // the rule cites the 2015 document, which the version then lists
    current.documents.push(...old.documents.filter((document: Json) => document.file === 'tianjin-implementing-rules-2015.txt'));
    current.deadlines.push(...old.deadlines.filter((rule: Json) => rule.stage === 'answer'));
    current.supervisionTriggers.push(...old.supervisionTriggers.filter((trigger: Json) => trigger.key === 'answerWarning'));
    current.warnings = [...(current.warnings ?? []), ...old.warnings.filter((warning: Json) => warning.stage === 'answer')];
    await api.ok('tj.policy', 'PUT', `${VERSIONS}/${draft}/files/versions/2025.json`, { text: `${JSON.stringify(current, null, 2)}\n` });
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(await api.ok<Json>('tj.policy', 'POST', `${VERSIONS}/${draft}/publish`, { effectiveFrom: today })).toMatchObject({ status: 'published' });
  });

  it('the registrar chooses 稍后答复, calls back with the answer, and the ticket closes as answered', async () => {
    const { page } = portal;
    const { number } = await api.ok<{ number: string }>('tj.registrar', 'POST', `${TJ}/tickets`, {
      type: 'consult',
      urgency: 'general',
      channel: 'phone',
      summary: '新生儿医保参保材料',
      content: '想咨询新生儿办理城乡居民医保参保需要哪些材料，在哪里办理。',
      caller: { name: '孙女士', phone: '13600002222' },
    });
    await portal.signIn('tj.registrar');
    await portal.openTask(number, 'classify');
    await portal.radio('outcome', '稍后答复（知识库不能当场确定答案，限时回电答复）');
    await portal.expectDone('complete');

    await portal.openTask(number, 'answerLater');
    // due one hour after the call (the registration), as the inbox and the task page count it down
    const ticket = await api.ok<Json>('tj.registrar', 'GET', `${TJ}/tickets/${number}`);
    const task = await api.ok<Json>('tj.registrar', 'GET', `${TJ}/tasks/${(await api.taskOf('tj.registrar', 'tianjin', number, 'answerLater')).id}`);
    expect(Date.parse(task.task.dueAt) - Date.parse(ticket.registeredAt)).toBe(3600_000);
    await expect.poll(() => page.getByTestId('handoff-context').innerText()).toContain('新生儿办理城乡居民医保参保');
    await portal.radio('answerOutcome', '已回电答复诉求人');
    await portal.text('answer', '携带出生医学证明和户口簿，到户籍所在地社区服务中心办理参保登记。');
    await portal.dateTime('calledBackAt', pickerInstant());
    await portal.screenshot('answer-later');
    await portal.expectDone('complete');

    await expect.poll(async () => (await api.ok<Json>('tj.registrar', 'GET', `${TJ}/tickets/${number}`)).status, { timeout: 20_000 }).toBe('closed');
    const timeline = await api.ok<Json>('tj.registrar', 'GET', `${TJ}/tickets/${number}/timeline`);
    const summaries = (timeline.items as Json[]).map((item) => String(item.summary));
    expect(summaries.some((s) => s.startsWith('稍后答复：') && s.endsWith('回电答复诉求人，办结'))).toBe(true);
    expect(summaries.some((s) => s.includes('稍后答复时限'))).toBe(true);
    expect(portal.errors).toEqual([]);
  });
});
