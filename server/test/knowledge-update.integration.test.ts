// 知识更新 (Tianjin 2025 §17, §19) on the embedded engine with the real subject processes: an entry the
// centre flags (需更新) or that nears its expiry becomes a task in its unit's inbox, due by the pack's
// period (2 working days; 1 calendar day for an emergency; the end of the last day for an expiring one);
// 无需更新 with the reason clears the flag, 已提交更新 keeps it until the new version is published.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShippedPack } from '@hotline/cities';
import { CityRules, formatInstant, updateDueAt } from '@hotline/rules';
import { type Json, type LifecycleWorld, lifecycleWorld, waitFor } from './support/lifecycle';

const TJ = '/api/cities/tianjin';
const DAY = 86_400_000;

describe('知识更新: a flagged entry is a task of its unit', () => {
  let world: LifecycleWorld;
  let today: string;
  const dayOffset = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
  const draft = (overrides: Record<string, unknown> = {}) => ({
    category: 'housingFund',
    kind: 'answerScript',
    title: '公交线路调整',
    content: '公交线路调整以公交集团公告为准。',
    basis: '《天津市公共交通管理办法》',
    classification: 'public',
    effectiveFrom: dayOffset(-1),
    expiresOn: dayOffset(90),
    ...overrides,
  });

  const inboxItem = async (username: string, subjectId: string, form: string): Promise<Json | undefined> => {
    const inbox = await (await world.user(username)).get(`${TJ}/tasks`);
    expect(inbox.statusCode).toBe(200);
    return (inbox.body.items as Json[]).find((t) => t.subject?.id === subjectId && t.form === form);
  };

  /** Completes a task as the user (claiming it first); the response of the completion. */
  const complete = async (username: string, taskId: string, data: Record<string, unknown>, requestId: string) => {
    const user = await world.user(username);
    await user.post(`${TJ}/tasks/${taskId}/claim`);
    return user.post(`${TJ}/tasks/${taskId}/complete`, { requestId, data });
  };

  /** An entry of the handler's unit, written, submitted and passed by the centre's reviewer (the real review process). */
  async function published(overrides: Record<string, unknown> = {}): Promise<{ id: string; code: string }> {
    const handler = await world.user('tj.handler');
    const created = await handler.post(`${TJ}/knowledge/entries`, draft(overrides));
    expect(created.statusCode, JSON.stringify(created.body)).toBe(201);
    const { id, code } = created.body.entry;
    expect((await handler.post(`${TJ}/knowledge/entries/${id}/submission`)).statusCode).toBe(200);
    const review = await waitFor('the review in the reviewer inbox', () => inboxItem('tj.reviewer', id, 'knowledgeReview'));
    expect((await complete('tj.reviewer', review.id, { decision: 'publish' }, `review-${id}`)).statusCode).toBe(200);
    await waitFor('the entry published', async () => ((await handler.get(`${TJ}/knowledge/entries/${id}`)).body.entry.publishedVersion === 1 ? true : undefined));
    return { id, code };
  }

  beforeAll(async () => {
    world = await lifecycleWorld({ kind: 'embedded' }, ['tianjin']);
    today = formatInstant(await world.workflow.now(), 480).slice(0, 10);
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it("the centre's 需更新 puts a 知识更新 task in the unit's inbox, due in 2 working days; 无需更新 with a reason clears the flag", async () => {
    const { id, code } = await published();
    const supervisor = await world.user('tj.supervisor');
    const nowMs = await world.workflow.now();
    const flagged = await supervisor.post(`${TJ}/knowledge/entries/${id}/update-request`, { reason: '线路已调整，请更新' });
    expect(flagged.statusCode, JSON.stringify(flagged.body)).toBe(200);

    const rules = new CityRules(loadShippedPack('tianjin'));
    const version = rules.versionAt(nowMs);
    const expected = updateDueAt(nowMs, false, version.knowledge!, { calendar: rules.calendar, offsetMinutes: rules.offsetMinutes, mode: version.workingDayMode, officeHours: version.officeHours.periods });
    expect(expected - nowMs).toBeGreaterThan(DAY);

    const item = await waitFor("the 知识更新 task in 劝业场's inbox", () => inboxItem('tj.handler', id, 'knowledgeUpdate'));
    expect(item).toMatchObject({ name: '知识更新', ticket: null, subject: { kind: 'knowledgeUpdate', id }, unit: { code: 'heping.quanyechang' }, status: 'open' });
    expect(Date.parse(item.dueAt)).toBe(expected);
    expect(Date.parse(item.dueAt)).toBe(Date.parse(flagged.body.entry.updateDue.dueAt)); // the list's 待更新 and the inbox agree
    expect(await inboxItem('tj.handler2', id, 'knowledgeUpdate')).toBeUndefined(); // another unit's person
    expect(await inboxItem('tj.reviewer', id, 'knowledgeUpdate')).toBeUndefined(); // nor the centre's

    // the task page shows the entry and why it was flagged
    const page = await (await world.user('tj.handler')).get(`${TJ}/tasks/${item.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body.subject).toMatchObject({ kind: 'knowledgeUpdate', id, title: `知识条目 ${code} 需更新：公交线路调整`, link: `/knowledge/${id}` });
    expect(page.body.subject.fields).toEqual(expect.arrayContaining([{ label: '更新原因', value: '线路已调整，请更新' }, { label: '完成时限', value: formatInstant(expected, 480).slice(0, 16).replace('T', ' ') }]));
    expect(page.body.form.schema.title).toBe('知识更新');

    // a second flag while the task is open starts nothing new
    expect((await supervisor.post(`${TJ}/knowledge/entries/${id}/update-request`, { reason: '再次提醒' })).statusCode).toBe(200);
    expect(await world.knex('subject_processes').where({ kind: 'knowledgeUpdate', subject_id: id }).count({ n: '*' })).toEqual([{ n: 1 }]);

    // 无需更新 needs its reason
    const refused = await complete('tj.handler', item.id, { answer: 'unchanged' }, `upd-${id}-a`);
    expect(refused.statusCode).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('reason');
    const done = await complete('tj.handler', item.id, { answer: 'unchanged', reason: '经核实线路未调整，条目仍准确' }, `upd-${id}-b`);
    expect(done.statusCode, JSON.stringify(done.body)).toBe(200);

    const handler = await world.user('tj.handler');
    await waitFor('the flag cleared', async () => ((await handler.get(`${TJ}/knowledge/entries/${id}`)).body.entry.updateDue === null ? true : undefined));
    expect(((await handler.get(`${TJ}/knowledge/entries?scope=due`)).body.items as Json[]).map((e) => e.id)).not.toContain(id);
    expect(await inboxItem('tj.handler', id, 'knowledgeUpdate')).toBeUndefined();
    const confirmed = await world.knex('audit_events').where({ subject_id: code, action: 'knowledge.confirmedUnchanged' }).first('actor', 'details');
    expect(confirmed).toMatchObject({ details: { reason: '经核实线路未调整，条目仍准确' } });
  });

  it('an emergency is due in 1 calendar day; 已提交更新 keeps the flag until the new version is published', async () => {
    const { id } = await published({ title: '地铁临时停运', content: '地铁临时停运期间请改乘公交。' });
    const nowMs = await world.workflow.now();
    const flagged = await (await world.user('tj.supervisor')).post(`${TJ}/knowledge/entries/${id}/update-request`, { reason: '突发停运', emergency: true });
    expect(flagged.statusCode).toBe(200);
    const localToday = formatInstant(nowMs, 480).slice(0, 10);
    const dayAfter = new Date(Date.parse(`${localToday}T00:00:00Z`) + 2 * DAY).toISOString().slice(0, 10);
    const item = await waitFor('the emergency 知识更新 task', () => inboxItem('tj.handler', id, 'knowledgeUpdate'));
    expect(Date.parse(item.dueAt)).toBe(Date.parse(`${dayAfter}T00:00:00+08:00`));

    const handler = await world.user('tj.handler');
    await handler.put(`${TJ}/knowledge/entries/${id}/draft`, draft({ title: '地铁临时停运', content: '地铁临时停运期间请改乘公交，恢复时间另行通知。' }));
    await handler.post(`${TJ}/knowledge/entries/${id}/submission`);
    expect((await complete('tj.handler', item.id, { answer: 'updated' }, `upd-${id}`)).statusCode).toBe(200);
    await waitFor('the answer recorded', async () => (await world.knex('subject_processes').where({ kind: 'knowledgeUpdate', subject_id: id }).first('outcome'))?.outcome ?? undefined);
    expect((await handler.get(`${TJ}/knowledge/entries/${id}`)).body.entry.updateDue).toMatchObject({ reason: '突发停运', emergency: true });

    const review = await waitFor('the review of version 2', () => inboxItem('tj.reviewer', id, 'knowledgeReview'));
    expect((await complete('tj.reviewer', review.id, { decision: 'publish' }, `review-${id}-2`)).statusCode).toBe(200);
    await waitFor('the flag cleared by publication', async () => ((await handler.get(`${TJ}/knowledge/entries/${id}`)).body.entry.updateDue === null ? true : undefined));
  });

  it('an entry nearing its expiry flags itself and its unit gets the task, due at the end of its last day', async () => {
    const { id } = await published({ title: '医保年度缴费', content: '医保年度缴费截止时间。', effectiveFrom: dayOffset(-100), expiresOn: dayOffset(5) });
    await (await world.user('tj.handler')).get(`${TJ}/knowledge/entries?scope=due`);
    const item = await waitFor('the expiry 知识更新 task', () => inboxItem('tj.handler', id, 'knowledgeUpdate'));
    expect(Date.parse(item.dueAt)).toBe(Date.parse(`${dayOffset(6)}T00:00:00+08:00`));
    const page = await (await world.user('tj.handler')).get(`${TJ}/tasks/${item.id}`);
    expect(page.body.subject.fields).toEqual(expect.arrayContaining([{ label: '更新原因', value: expect.stringContaining('实施细则第十九条') }]));
  });
});
