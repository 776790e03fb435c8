// The subject processes wired for real (embedded engine, no test starter): a unit's knowledge entry goes
// through the pack's 知识审核 (knowledge-entry.bpmn) in the reviewer's inbox, returned with a reason and
// then published, and a unit's appeal against an assessment figure goes through 申诉核查
// (assessment-appeal.bpmn) in the supervisor's inbox, upheld with a corrected value or rejected — all
// through the HTTP API, the outcome reaching the module through the process's hotline.outcome step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, type LifecycleWorld, lifecycleWorld, waitFor } from './support/lifecycle';

const TJ = '/api/cities/tianjin';

describe('subject processes wired to the knowledge base and the assessment (embedded engine)', () => {
  let world: LifecycleWorld;
  let today = '';
  const dayOffset = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

  /** The open task about this subject in the caller's inbox, once the engine has announced it. */
  const subjectTask = (username: string, subjectId: string) =>
    waitFor(`a task about ${subjectId} in ${username}'s inbox`, async () => {
      const inbox = await (await world.user(username)).get(`${TJ}/tasks`);
      expect(inbox.statusCode).toBe(200);
      return (inbox.body.items as Json[]).find((t) => t.subject?.id === subjectId && t.status === 'open');
    });

  beforeAll(async () => {
    world = await lifecycleWorld({ kind: 'embedded' }, ['tianjin']);
    today = new Date((await world.workflow.now()) + 8 * 3600_000).toISOString().slice(0, 10);
  }, 120_000);
  afterAll(async () => {
    expect(world?.engineErrors ?? []).toEqual([]);
    await world?.close();
  });

  it('a knowledge entry: 提交审核 puts 知识审核 in the reviewer inbox; 退回修改 gives the draft back with the reason; 通过发布 offers it at registration', async () => {
    const handler = await world.user('tj.handler');
    const reviewer = await world.user('tj.reviewer'); // knowledge-entry.bpmn: candidateGroups="reviewer"
    const entry = {
      category: 'housingFund',
      kind: 'answerScript',
      title: '公积金异地转移办理',
      content: '职工跨城市就业的，可以申请将住房公积金账户异地转移接续。',
      basis: '《住房公积金管理条例》第二十条',
      classification: 'public',
      effectiveFrom: dayOffset(-1),
      expiresOn: dayOffset(90),
    };
    const created = await handler.post(`${TJ}/knowledge/entries`, entry);
    expect(created.statusCode, JSON.stringify(created.body)).toBe(201);
    const { id, code } = created.body.entry;

    const submitted = await handler.post(`${TJ}/knowledge/entries/${id}/submission`);
    expect(submitted.statusCode, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.entry.latest.status).toBe('review');

    const review = await subjectTask('tj.reviewer', id);
    expect(review).toMatchObject({ name: '知识审核', form: 'knowledgeReview', ticket: null, subject: { kind: 'knowledgeEntry', id } });
    const page = await reviewer.get(`${TJ}/tasks/${review.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body.subject).toMatchObject({
      title: `知识条目 ${code} 第1版：公积金异地转移办理`,
      fields: expect.arrayContaining([{ label: '提供单位', value: '劝业场街道' }, { label: '依据', value: '《住房公积金管理条例》第二十条' }]),
      link: `/knowledge/${id}`,
    });

    const returned = await reviewer.post(`${TJ}/tasks/${review.id}/complete`, { requestId: `kb-return-${id}`, data: { decision: 'return', reason: '请补充异地转移的办理渠道' } });
    expect(returned.statusCode, JSON.stringify(returned.body)).toBe(200);
    const draft = await waitFor('the entry back as a draft', async () => {
      const latest = (await handler.get(`${TJ}/knowledge/entries/${id}`)).body.entry.latest;
      return latest.status === 'draft' ? latest : null;
    });
    expect(draft).toMatchObject({ version: 1, returnReason: '请补充异地转移的办理渠道' });

    const revised = await handler.put(`${TJ}/knowledge/entries/${id}/draft`, { ...entry, content: `${entry.content}可通过全国住房公积金小程序办理。` });
    expect(revised.statusCode, JSON.stringify(revised.body)).toBe(200);
    expect((await handler.post(`${TJ}/knowledge/entries/${id}/submission`)).statusCode).toBe(200);
    const again = await subjectTask('tj.reviewer', id);
    expect(again.id).not.toBe(review.id);
    const published = await reviewer.post(`${TJ}/tasks/${again.id}/complete`, { requestId: `kb-publish-${id}`, data: { decision: 'publish', opinion: '内容准确' } });
    expect(published.statusCode, JSON.stringify(published.body)).toBe(200);
    const detail = await waitFor('the entry published', async () => {
      const body = (await handler.get(`${TJ}/knowledge/entries/${id}`)).body.entry;
      return body.publishedVersion === 1 ? body : null;
    });
    expect(detail.latest).toMatchObject({ version: 1, status: 'published' });

    const hits = (await (await world.user('tj.registrar')).post(`${TJ}/knowledge/searches`, { q: '公积金 异地转移' })).body.items as Json[];
    expect(hits.map((h) => `${h.code} v${h.version} ${h.title}`)).toContain(`${code} v1 公积金异地转移办理`);
    const trail = await world.knex('audit_events').where({ subject_type: 'knowledgeEntry', subject_id: code }).orderBy('id').select('action', 'actor');
    expect(trail.filter((e) => e.action === 'knowledge.returned' || e.action === 'knowledge.published')).toEqual([
      { action: 'knowledge.returned', actor: 'tj.reviewer' },
      { action: 'knowledge.published', actor: 'tj.reviewer' },
    ]);
    // the audit trail names the reviewer by username, so its filter by person finds the decisions
    const decided = await world.knex('audit_events').where({ subject_type: 'knowledgeEntry', subject_id: id }).whereIn('action', ['subject.taskCompleted', 'subject.outcome']).orderBy('id').select('action', 'actor');
    expect(decided).toEqual([
      { action: 'subject.taskCompleted', actor: 'tj.reviewer' },
      { action: 'subject.outcome', actor: 'tj.reviewer' },
      { action: 'subject.taskCompleted', actor: 'tj.reviewer' },
      { action: 'subject.outcome', actor: 'tj.reviewer' },
    ]);
  });

  it('an assessment appeal: 申诉核查 in the supervisor inbox; 支持申诉 corrects figure, total and grade (audited); a rejected one keeps the figure', async () => {
    // two complaints of 和平区 in March 2026: H1 accepted in time and rated satisfied; H2 accepted late and rated dissatisfied
    const units = Object.fromEntries((await world.knex('units').where({ city_id: 'tianjin' }).select('code', 'id')).map((u) => [u.code, u.id as string]));
    for (const [number, lateAccept, rating] of [['W1', false, 'satisfied'], ['W2', true, 'dissatisfied']] as const) {
      const [row] = await world.knex.raw(
        `insert into tickets (city_id, number, type, urgency, content, unit_id, pack_version_id, registered_by, registered_at, status)
         values ('tianjin', ?, 'complaint', 'general', '诉求', ?, (select id from pack_versions where city_id = 'tianjin' limit 1), (select id from users where username = 'tj.registrar'), '2026-03-10T02:00:00Z', 'closed')
         returning id`,
        [number, units.heping],
      ).then((r) => r.rows);
      const events: Array<[string, string, Record<string, unknown>]> = [
        ['dispatched', '2026-03-10T02:10:00Z', {}],
        ['deadlineSet', '2026-03-10T02:10:00Z', { stage: 'accept', due: '2026-03-10T12:00:00+08:00' }],
        ['accepted', lateAccept ? '2026-03-10T05:00:00Z' : '2026-03-10T03:00:00Z', {}],
        ['deadlineSet', '2026-03-10T03:00:00Z', { stage: 'handle', due: '2026-03-17T10:10:00+08:00' }],
        ['replied', '2026-03-12T02:00:00Z', {}],
        ['rated', '2026-03-19T02:00:00Z', { rating }],
      ];
      for (const [i, [kind, at, data]] of events.entries()) {
        await world.knex('ticket_events').insert({ key: `${number}:${i}`, ticket_id: row.id, city_id: 'tianjin', kind, at, summary: kind, data: JSON.stringify(data), unit_id: units.heping });
      }
    }
    const supervisor = await world.user('tj.supervisor'); // assessment-appeal.bpmn: candidateGroups="supervisor"
    const leader = await world.user('tj.leader');
    const ran = await supervisor.post(`${TJ}/assessment/runs`, { from: '2026-03-01', to: '2026-03-31' });
    expect(ran.statusCode, JSON.stringify(ran.body)).toBe(201);
    const runId = ran.body.id as string;
    const heping = async () => {
      const run = (await leader.get(`${TJ}/assessment/runs/${runId}`)).body;
      const r = (run.results as Json[]).find((x) => x.unit.code === 'heping');
      return { total: r.total, grade: r.grade, ...Object.fromEntries((r.figures as Json[]).map((f) => [f.key, [f.value, f.points]])) };
    };
    // acceptance 1/2 → 0, completion 2/2 → 25, satisfaction 1/2 → 0, rework 0 → 15: 40, 较差
    expect(await heping()).toMatchObject({ total: 40, grade: '较差', onTimeAcceptance: [0.5, 0], satisfaction: [0.5, 0] });

    const filed = await leader.post(`${TJ}/assessment/runs/${runId}/appeals`, { indicator: 'satisfaction', reason: 'W2 的不满意评价系误评，诉求人已撤回', evidence: '回访录音 2026-03-20' });
    expect(filed.statusCode, JSON.stringify(filed.body)).toBe(201);
    const appealId = filed.body.id as string;
    const task = await subjectTask('tj.supervisor', appealId);
    expect(task).toMatchObject({ name: '申诉核查', form: 'appealReview', ticket: null, subject: { kind: 'assessmentAppeal', id: appealId } });
    const page = await supervisor.get(`${TJ}/tasks/${task.id}`);
    expect(page.body.subject.fields).toEqual(expect.arrayContaining([{ label: '当前数值', value: '50.00%' }, { label: '申诉理由', value: 'W2 的不满意评价系误评，诉求人已撤回' }]));

    const upheld = await supervisor.post(`${TJ}/tasks/${task.id}/complete`, { requestId: `appeal-${appealId}`, data: { decision: 'uphold', correctedValue: 100, explanation: '经核实，W2 评价不计入' } });
    expect(upheld.statusCode, JSON.stringify(upheld.body)).toBe(200);
    const appeal = await waitFor('the appeal upheld', async () => ((await leader.get(`${TJ}/assessment/appeals`)).body.items as Json[]).find((a) => a.id === appealId && a.status === 'upheld'));
    expect(appeal).toMatchObject({ correctedValue: 1, resolution: '经核实，W2 评价不计入' });
    expect(await heping()).toMatchObject({ total: 80, grade: '较好', satisfaction: [1, 40] });
    const corrected = await world.knex('audit_events').where({ action: 'assessment.corrected' }).first();
    expect(corrected).toMatchObject({ actor: 'tj.supervisor', subject_id: `${runId}/${units.heping}` });
    expect(corrected.details).toMatchObject({ appeal: appealId, before: { value: 0.5, points: 0, total: 40, grade: '较差' }, after: { value: 1, points: 40, total: 80, grade: '较好' } });
    // the audit administrator finds the correction under the supervisor who decided it
    const byPerson = await (await world.user('tj.auditor')).get(`${TJ}/audit-events?actor=tj.supervisor&action=assessment.corrected`);
    expect(byPerson.statusCode).toBe(200);
    expect((byPerson.body as Json[]).map((e) => e.subjectId)).toEqual([`${runId}/${units.heping}`]);

    const second = await leader.post(`${TJ}/assessment/runs/${runId}/appeals`, { indicator: 'onTimeAcceptance', reason: 'W2 签收时系统故障', evidence: '运维记录' });
    expect(second.statusCode, JSON.stringify(second.body)).toBe(201);
    const secondTask = await subjectTask('tj.supervisor', second.body.id);
    const rejected = await supervisor.post(`${TJ}/tasks/${secondTask.id}/complete`, { requestId: `appeal-${second.body.id}`, data: { decision: 'reject', reason: '系统运行正常，签收确已超时' } });
    expect(rejected.statusCode, JSON.stringify(rejected.body)).toBe(200);
    const answered = await waitFor('the appeal rejected', async () => ((await leader.get(`${TJ}/assessment/appeals`)).body.items as Json[]).find((a) => a.id === second.body.id && a.status === 'rejected'));
    expect(answered).toMatchObject({ resolution: '系统运行正常，签收确已超时', correctedValue: null });
    expect(await heping()).toMatchObject({ total: 80, onTimeAcceptance: [0.5, 0] });
  }, 90_000);
});
