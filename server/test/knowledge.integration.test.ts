// 热线知识库 (Tianjin 2025 §15–§20) on the embedded engine and a real PostgreSQL: a unit writes its own
// entries, 提交审核 starts the review (a subject process: here a recording starter, the review's outcome
// driven through the module's SubjectKind as the foundation will), versions are kept, only published
// entries in effect are offered at registration, 涉密/个人隐私 is refused, the centre's 需更新 is due by
// the pack's period, and an answer citing an entry is recorded on the ticket.
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShippedPack } from '@hotline/cities';
import { CityRules, formatInstant, updateDueAt } from '@hotline/rules';
import { DEMO_DIR } from '../src/bootstrap/shipped-data';
import { seedDemoKnowledge } from '../src/modules/knowledge/demo-knowledge';
import { knowledgeSubjectKind } from '../src/modules/knowledge/knowledge-subject';
import type { SubjectProcessStarter } from '../src/modules/subjects/subject-kind';
import { type Json, type LifecycleWorld, inboxTask, lifecycleWorld, waitFor } from './support/lifecycle';

const TJ = '/api/cities/tianjin';
const DAY = 86_400_000;

describe('knowledge base', () => {
  let world: LifecycleWorld;
  const started: Array<{ kind: string; cityId: string; subjectId: string; title: string }> = [];
  const starter: SubjectProcessStarter = {
    start: async (_trx, request) => {
      started.push(request);
      return { processInstanceKey: `test-${started.length}` };
    },
  };
  let today: string;
  const dayOffset = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
  const draft = (overrides: Record<string, unknown> = {}) => ({
    category: 'housingFund',
    kind: 'answerScript',
    title: '住房公积金提取条件',
    content: '职工购买、建造、翻建、大修自住住房的，可以提取住房公积金账户内的存储余额。',
    basis: '《住房公积金管理条例》第二十四条',
    classification: 'public',
    effectiveFrom: dayOffset(-1),
    expiresOn: dayOffset(90),
    ...overrides,
  });
  const outcome = (subjectId: string, result: string, variables: Record<string, unknown> = {}) =>
    world.knex.transaction((trx) => knowledgeSubjectKind.onOutcome(trx, { cityId: 'tianjin', subjectId }, result, variables, { userId: null, name: 'tj.reviewer' }));
  const search = async (q: string) => ((await (await world.user('tj.registrar')).post(`${TJ}/knowledge/searches`, { q })).body.items as Json[]).map((h) => `${h.code} v${h.version}`);

  /** An entry written, submitted and published by the handler's unit. */
  async function published(overrides: Record<string, unknown> = {}): Promise<{ id: string; code: string }> {
    const handler = await world.user('tj.handler');
    const created = await handler.post(`${TJ}/knowledge/entries`, draft(overrides));
    expect(created.statusCode, JSON.stringify(created.body)).toBe(201);
    expect((await handler.post(`${TJ}/knowledge/entries/${created.body.entry.id}/submission`)).statusCode).toBe(200);
    await outcome(created.body.entry.id, 'published');
    return { id: created.body.entry.id, code: created.body.entry.code };
  }

  beforeAll(async () => {
    world = await lifecycleWorld({ kind: 'embedded' }, ['tianjin', 'turpan'], { subjectStarter: starter });
    today = new Date((await world.workflow.now()) + 8 * 3600_000).toISOString().slice(0, 10);
  });
  afterAll(async () => {
    await world?.close();
  });

  it("loads a city's demo entries, published, once", async () => {
    const log = pino({ level: 'silent' });
    const file = join(DEMO_DIR, 'knowledge', 'turpan.json');
    await seedDemoKnowledge(world.knex, world.workflow.catalog, 'turpan', file, log);
    await seedDemoKnowledge(world.knex, world.workflow.catalog, 'turpan', file, log); // the city has entries now: nothing more
    const hits = (await (await world.user('tlf.registrar')).post('/api/cities/turpan/knowledge/searches', { q: '灌溉' })).body.items as Json[];
    expect(hits.map((h) => `${h.title} v${h.version} ${h.unit.name}`)).toEqual(['农业灌溉用水调度咨询口径 v1 市水利局']);
  });

  it('keeps every version: review returns a draft with the reason, publishes it, and editing a published entry makes a new draft', async () => {
    const handler = await world.user('tj.handler');
    const created = await handler.post(`${TJ}/knowledge/entries`, draft());
    expect(created.statusCode, JSON.stringify(created.body)).toBe(201);
    const { id, code } = created.body.entry;
    expect(code).toMatch(/^KB-\d{6}$/);
    expect(created.body.entry).toMatchObject({ unit: { code: 'heping.quanyechang' }, publishedVersion: null, latest: { version: 1, status: 'draft', categoryPath: ['住房保障', '住房公积金'], kindLabel: '答复口径' } });

    const submitted = await handler.post(`${TJ}/knowledge/entries/${id}/submission`);
    expect(submitted.body.entry.latest.status).toBe('review');
    expect(started.at(-1)).toMatchObject({ kind: 'knowledgeEntry', cityId: 'tianjin', subjectId: id, title: `${code} 第1版 住房公积金提取条件` });
    // nothing changes under review
    expect((await handler.put(`${TJ}/knowledge/entries/${id}/draft`, draft({ title: '改' }))).statusCode).toBe(409);
    // the reviewer's task page shows the entry
    expect(await knowledgeSubjectKind.summary(world.knex, id)).toMatchObject({ title: `知识条目 ${code} 第1版：住房公积金提取条件`, link: `/knowledge/${id}` });

    await outcome(id, 'returned', { reason: '依据条款有误，请核对' });
    let detail = (await handler.get(`${TJ}/knowledge/entries/${id}`)).body;
    expect(detail.entry.latest).toMatchObject({ version: 1, status: 'draft', returnReason: '依据条款有误，请核对' });
    expect(await search('公积金')).not.toContain(`${code} v1`);

    await handler.put(`${TJ}/knowledge/entries/${id}/draft`, draft({ basis: '《住房公积金管理条例》第二十四条第一款' }));
    await handler.post(`${TJ}/knowledge/entries/${id}/submission`);
    await outcome(id, 'published');
    expect(await search('公积金 提取')).toContain(`${code} v1`);

    // editing the published entry: a new draft, the published version still offered
    const edited = await handler.put(`${TJ}/knowledge/entries/${id}/draft`, draft({ content: '职工购买自住住房、离休退休的，可以提取住房公积金。' }));
    expect(edited.body.entry).toMatchObject({ publishedVersion: 1, latest: { version: 2, status: 'draft' } });
    expect(await search('公积金')).toContain(`${code} v1`);
    await handler.post(`${TJ}/knowledge/entries/${id}/submission`);
    await outcome(id, 'published');
    expect(await search('离休退休')).toContain(`${code} v2`);
    expect(await search('大修自住')).not.toContain(`${code} v1`);

    detail = (await (await world.user('tj.registrar')).get(`${TJ}/knowledge/entries/${id}`)).body;
    expect(detail.versions.map((v: Json) => `${v.version} ${v.status}`)).toEqual(['2 published', '1 superseded']);
    expect(detail.versions[1].content).toContain('大修自住住房');
    const audited = await world.knex('audit_events').where({ subject_type: 'knowledgeEntry', subject_id: code }).orderBy('id').pluck('action');
    expect(audited).toEqual(expect.arrayContaining(['knowledge.saved', 'knowledge.submitted', 'knowledge.returned', 'knowledge.published']));
  });

  it('tells whether a policy change reached the centre 12 hours before it is made public (§18)', async () => {
    const handler = await world.user('tj.handler');
    const nowMs = await world.workflow.now();
    const notice = async (hoursAhead: number) => {
      const created = await handler.post(`${TJ}/knowledge/entries`, draft({ title: `停车收费调整（${hoursAhead}小时后公布）`, policyPublishAt: new Date(nowMs + hoursAhead * 3600_000).toISOString() }));
      expect(created.statusCode, JSON.stringify(created.body)).toBe(201);
      expect(created.body.entry.latest.policyNotice).toBeNull(); // not submitted yet
      return (await handler.post(`${TJ}/knowledge/entries/${created.body.entry.id}/submission`)).body.entry.latest.policyNotice;
    };
    expect(await notice(6)).toBe('late');
    expect(await notice(13)).toBe('inTime');
  });

  it('never offers an expired, not yet effective or unpublished entry', async () => {
    const future = await published({ title: '新版供暖收费标准', content: '供暖收费标准自下月起调整。', effectiveFrom: dayOffset(3), expiresOn: dayOffset(60) });
    const expired = await published({ title: '旧版供暖补贴申领', content: '供暖补贴申领材料。', effectiveFrom: dayOffset(-30), expiresOn: dayOffset(10) });
    await world.knex('knowledge_versions').where({ entry_id: expired.id }).update({ expires_on: dayOffset(-1) });
    const handler = await world.user('tj.handler');
    await handler.post(`${TJ}/knowledge/entries`, draft({ title: '供暖报修草稿', content: '供暖报修电话。' }));

    expect(await search('供暖')).toEqual([]);
    const registrar = await world.user('tj.registrar');
    for (const entry of [future, expired]) {
      const read = await registrar.get(`${TJ}/knowledge/entries/${entry.id}/offered`);
      expect(read.statusCode).toBe(404);
      expect(read.body.error.message).toMatch(/当前没有有效的发布版本/);
    }
  });

  it('refuses 涉密 and 个人隐私 content, a mobile number and an ID-card number, in Chinese at the field', async () => {
    const handler = await world.user('tj.handler');
    const secret = await handler.post(`${TJ}/knowledge/entries`, draft({ classification: 'secret' }));
    expect(secret.statusCode).toBe(422);
    expect(secret.body.error.code).toBe('KNOWLEDGE_CLASSIFIED');
    expect(secret.body.error.message).toMatch(/涉密内容.*不得上传至热线知识库/);
    const personal = await handler.post(`${TJ}/knowledge/entries`, draft({ classification: 'personal' }));
    expect(personal.body.error.message).toMatch(/个人隐私/);
    const phone = await handler.post(`${TJ}/knowledge/entries`, draft({ content: '可联系经办人王女士 13912345678 办理' }));
    expect(phone.statusCode).toBe(422);
    expect(phone.body.error).toMatchObject({ code: 'KNOWLEDGE_PERSONAL_DATA', details: { errors: [{ path: '/content', message: expect.stringMatching(/^内容含有手机号码/) }] } });
    const idCard = await handler.post(`${TJ}/knowledge/entries`, draft({ content: '如 12010119900307123X 的申请人' }));
    expect(idCard.body.error.message).toMatch(/身份证号码/);
    const tooLong = await handler.post(`${TJ}/knowledge/entries`, draft({ expiresOn: dayOffset(400) }));
    expect(tooLong.body.error.message).toMatch(/答复口径的有效期不超过6个月/);
  });

  it("lets only the entry's own unit edit and submit it, the centre see all; denials are audited", async () => {
    const { id, code } = await published({ title: '友谊路社区服务时间', content: '社区服务站工作日开放。' });
    const other = await world.user('tj.handler2');
    const edit = await other.put(`${TJ}/knowledge/entries/${id}/draft`, draft());
    expect(edit.statusCode).toBe(403);
    expect((await other.post(`${TJ}/knowledge/entries/${id}/submission`)).statusCode).toBe(403);
    // a published entry is readable by any staff member; its drafts are not
    expect((await other.get(`${TJ}/knowledge/entries/${id}`)).statusCode).toBe(200);
    expect(((await other.get(`${TJ}/knowledge/entries`)).body.items as Json[]).map((e) => e.code)).not.toContain(code);
    expect(((await (await world.user('tj.supervisor')).get(`${TJ}/knowledge/entries?pageSize=100`)).body.items as Json[]).map((e) => e.code)).toContain(code);
    // flagging is the centre's
    expect((await other.post(`${TJ}/knowledge/entries/${id}/update-request`, { reason: '需要更新' })).statusCode).toBe(403);
    const denied = await world.knex('audit_events').where({ action: 'access.denied', actor: 'tj.handler2' }).count({ n: '*' });
    expect(Number(denied[0]!.n)).toBeGreaterThanOrEqual(3);
    // each reading counted
    const before = Number((await world.knex('knowledge_entries').where({ id }).first('view_count')).view_count);
    await (await world.user('tj.registrar')).get(`${TJ}/knowledge/entries/${id}/offered`);
    await other.get(`${TJ}/knowledge/entries/${id}`);
    expect(Number((await world.knex('knowledge_entries').where({ id }).first('view_count')).view_count)).toBe(before + 2);
    expect(await world.knex('knowledge_views').where({ entry_id: id }).count({ n: '*' })).toEqual([{ n: before + 2 }]);
  });

  it("makes a flagged entry 待更新 for its unit, due by each city's pack and calendar; an expiring one flags itself", async () => {
    const { id } = await published({ title: '地铁票价咨询', content: '地铁票价按里程分段计价。' });
    const supervisor = await world.user('tj.supervisor');
    const nowMs = await world.workflow.now();
    const flagged = await supervisor.post(`${TJ}/knowledge/entries/${id}/update-request`, { reason: '票价调整，请更新' });
    expect(flagged.statusCode, JSON.stringify(flagged.body)).toBe(200);
    const rules = new CityRules(loadShippedPack('tianjin'));
    const version = rules.versionAt(nowMs);
    const ctx = { calendar: rules.calendar, offsetMinutes: rules.offsetMinutes, mode: version.workingDayMode, officeHours: version.officeHours.periods };
    const expected = updateDueAt(nowMs, false, version.knowledge!, ctx);
    expect(Date.parse(flagged.body.entry.updateDue.dueAt)).toBe(expected);
    expect(formatInstant(expected, rules.offsetMinutes)).toMatch(/T00:00:00\+08:00$/); // 24:00 of the second working day (civil code)
    expect(expected - nowMs).toBeGreaterThan(DAY);
    expect(flagged.body.entry.updateDue).toMatchObject({ reason: '票价调整，请更新', emergency: false, overdue: false, source: expect.stringContaining('tianjin-implementing-rules-2025.txt §17') });

    const due = (await (await world.user('tj.handler')).get(`${TJ}/knowledge/entries?scope=due`)).body.items as Json[];
    expect(due.map((e) => e.id)).toContain(id);

    // an emergency: one calendar day, working days or not — 24:00 of the next day
    const emergency = await supervisor.post(`${TJ}/knowledge/entries/${id}/update-request`, { reason: '突发停运', emergency: true });
    const localToday = formatInstant(nowMs, rules.offsetMinutes).slice(0, 10);
    const dayAfter = new Date(Date.parse(`${localToday}T00:00:00Z`) + 2 * DAY).toISOString().slice(0, 10);
    expect(Date.parse(emergency.body.entry.updateDue.dueAt)).toBe(Date.parse(`${dayAfter}T00:00:00+08:00`));

    // publishing the update clears it
    const handler = await world.user('tj.handler');
    await handler.put(`${TJ}/knowledge/entries/${id}/draft`, draft({ title: '地铁票价咨询', content: '地铁票价按里程分段计价，起步价3元。' }));
    await handler.post(`${TJ}/knowledge/entries/${id}/submission`);
    await outcome(id, 'published');
    expect((await handler.get(`${TJ}/knowledge/entries/${id}`)).body.entry.updateDue).toBeNull();

    // an entry expiring within the pack's notice days (10) is 待更新 by itself, due at the end of its last day
    const expiring = await published({ title: '医保年度缴费', content: '医保年度缴费截止时间。', effectiveFrom: dayOffset(-100), expiresOn: dayOffset(5) });
    const listed = ((await handler.get(`${TJ}/knowledge/entries?scope=due`)).body.items as Json[]).find((e) => e.id === expiring.id);
    expect(listed.updateDue).toMatchObject({ reason: expect.stringContaining('实施细则第十九条') });
    expect(Date.parse(listed.updateDue.dueAt)).toBe(Date.parse(`${dayOffset(6)}T00:00:00+08:00`));
  });

  it("counts Turpan's update deadline with Turpan's pack", async () => {
    const supervisor = await world.user('tlf.supervisor');
    const handler = await world.user('tlf.handler');
    const created = await handler.post('/api/cities/turpan/knowledge/entries', draft({ title: '高昌区办事指南', content: '老城社区办事时间。', kind: 'serviceGuide' }));
    expect(created.statusCode, JSON.stringify(created.body)).toBe(201);
    const nowMs = await world.workflow.now();
    const flagged = await supervisor.post(`/api/cities/turpan/knowledge/entries/${created.body.entry.id}/update-request`, { reason: '请更新' });
    const rules = new CityRules(loadShippedPack('turpan'));
    const version = rules.versionAt(nowMs);
    expect(Date.parse(flagged.body.entry.updateDue.dueAt)).toBe(
      updateDueAt(nowMs, false, version.knowledge!, { calendar: rules.calendar, offsetMinutes: rules.offsetMinutes, mode: version.workingDayMode, officeHours: version.officeHours.periods }),
    );
    expect(flagged.body.entry.updateDue.source).toBe('turpan-hotline-measures-2021.txt §25');
    // another city's entry does not exist for Tianjin
    expect((await (await world.user('tj.supervisor')).get(`${TJ}/knowledge/entries/${created.body.entry.id}`)).statusCode).toBe(404);
  });

  it('records the entry (id and version) on the ticket when a consultation is answered from it on the spot', async () => {
    const { id, code } = await published({ title: '居住证办理材料', content: '办理居住证需携带身份证、居住证明和近期照片。' });
    const registrar = await world.user('tj.registrar');
    const reading = await registrar.get(`${TJ}/knowledge/entries/${id}/offered`);
    expect(reading.body.reference).toBe(`〔${code} 第1版〕居住证办理材料`);
    const ticket = await registrar.post(`${TJ}/tickets`, { type: 'consult', urgency: 'general', channel: 'phone', content: '咨询办理居住证需要什么材料', caller: { name: '赵六', phone: '13700004444' } });
    expect(ticket.statusCode, JSON.stringify(ticket.body)).toBe(201);
    const classify = await inboxTask(registrar, 'tianjin', ticket.body.number, 'classify');
    const answer = { outcome: 'directAnswer', answer: '需携带身份证、居住证明和近期照片。', answeredBy: 'knowledgeBase', knowledgeRef: reading.body.reference };

    // a version no longer offered is refused at its field
    await world.knex('knowledge_versions').where({ entry_id: id }).update({ expires_on: dayOffset(-1) });
    const refused = await registrar.post(`${TJ}/tasks/${classify.id}/complete`, { data: answer, requestId: `kb-refused-${classify.id}` });
    expect(refused.statusCode).toBe(422);
    expect(refused.body.error.message).toMatch(/引用的知识库条目：.*当前不是有效的发布版本/);
    await world.knex('knowledge_versions').where({ entry_id: id }).update({ expires_on: dayOffset(30) });

    const done = await registrar.post(`${TJ}/tasks/${classify.id}/complete`, { data: answer, requestId: `kb-${classify.id}` });
    expect(done.statusCode, JSON.stringify(done.body)).toBe(200);
    expect(await world.knex('ticket_knowledge_uses').where({ entry_id: id }).select('version')).toEqual([{ version: 1 }]);
    const timeline = (await registrar.get(`${TJ}/tickets/${ticket.body.number}/timeline`)).body.items as Json[];
    expect(timeline.find((e) => e.kind === 'knowledgeUsed')?.summary).toBe(`依据知识库答复：〔${code} 第1版〕居住证办理材料`);

    // answered with the registration itself (the classification in the same request): recorded when its task completes
    const atOnce = await registrar.post(`${TJ}/tickets`, { type: 'consult', urgency: 'general', channel: 'phone', content: '再问居住证材料', caller: { name: '孙八', phone: '13700005555' }, classify: answer });
    expect(atOnce.statusCode, JSON.stringify(atOnce.body)).toBe(201);
    await waitFor('the use recorded with the registration', async () =>
      ((await registrar.get(`${TJ}/tickets/${atOnce.body.number}/timeline`)).body.items as Json[]).find((e) => e.kind === 'knowledgeUsed'),
    );
  }, 90_000); // two tickets through the engine: slow on a loaded machine
});
