// 督办单 through the HTTP API on the embedded engine, with a real PostgreSQL: a supervisor issues an
// order from the board for a ticket the unit is handling, the unit answers it from its inbox (another
// unit neither sees nor answers it), the centre escalates it to the unit's leader and closes it, or
// re-issues it with a new deadline; every step is on the ticket's timeline; an order past its deadline
// is flagged, and the 通报 lists the unit. An order issued while the ticket is at a step that takes none
// (an assisting unit's 会办, the return visit) waits and says so, is delivered when the ticket reaches a
// step that does, or lapses when the ticket ends first; an escalation gets a new deadline and reminds the
// unit's leader; the 通报 by week or month and as an xlsx file.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, FORM_DATA, type LifecycleWorld, complaint, inboxTask, lifecycleWorld, waitFor } from './support/lifecycle';

const TJ = '/api/cities/tianjin';
const ORDER = { requiredResponse: '说明未办结原因及预计办结时间', opinion: '诉求人多次来电，请加快办理' };

describe('supervision orders (督办单) on the embedded engine', () => {
  let world: LifecycleWorld;
  beforeAll(async () => {
    world = await lifecycleWorld();
  });
  afterAll(async () => {
    expect(world.engineErrors).toEqual([]);
    await world.close();
  });

  async function register(): Promise<string> {
    const response = await (await world.user('tj.registrar')).post(`${TJ}/tickets`, complaint());
    expect(response.statusCode, JSON.stringify(response.body)).toBe(201);
    return response.body.number;
  }

  async function complete(username: string, task: { id: string }, data: object) {
    const caller = await world.user(username);
    return caller.post(`${TJ}/tasks/${task.id}/complete`, { data, requestId: `${username}-${task.id}-${JSON.stringify(data).length}` });
  }

  /** A ticket dispatched to 劝业场街道 and accepted: the unit's reply is open. */
  async function handled(): Promise<string> {
    const number = await register();
    const dispatcher = await world.user('tj.dispatcher');
    const handler = await world.user('tj.handler');
    expect((await complete('tj.dispatcher', await inboxTask(dispatcher, 'tianjin', number, 'dispatch'), FORM_DATA.dispatch)).statusCode).toBe(200);
    expect((await complete('tj.handler', await inboxTask(handler, 'tianjin', number, 'accept'), FORM_DATA.accept)).statusCode).toBe(200);
    await inboxTask(handler, 'tianjin', number, 'reply');
    return number;
  }

  async function orderOf(number: string) {
    const list = await (await world.user('tj.supervisor')).get(`${TJ}/supervision/orders?state=all&pageSize=200`);
    expect(list.statusCode).toBe(200);
    return (list.body.items as Array<{ ticket: { number: string } | null; status: string; dueAt: string; overdue: boolean; response: string | null; escalations: number; reissues: number }>).find(
      (o) => o.ticket?.number === number,
    );
  }

  async function timeline(number: string) {
    return (await (await world.user('tj.supervisor')).get(`${TJ}/tickets/${number}/timeline`)).body.items as Array<{ kind: string; summary: string }>;
  }

  it('issues an order to the unit, which answers it; escalated to the leader, answered and closed — each step on the timeline', async () => {
    const number = await handled();
    const supervisor = await world.user('tj.supervisor');
    const handler = await world.user('tj.handler');
    const now = Date.parse((await (await world.user('tj.admin')).get('/api/engine/clock')).body.now);

    const issued = await supervisor.post(`${TJ}/supervision/orders`, { ticket: number, ...ORDER });
    expect(issued.statusCode, JSON.stringify(issued.body)).toBe(201);
    expect(issued.body).toMatchObject({ status: 'issued', overdue: false, requiredResponse: ORDER.requiredResponse, unit: null });
    expect(issued.body.dueSource).toMatch(/tianjin-implementing-rules-2025\.txt §21/); // the pack's period, with its article
    // 3 working days: at least 3 calendar days on, at most a week
    expect(Date.parse(issued.body.dueAt) - now).toBeGreaterThanOrEqual(3 * 86_400_000 - 86_400_000);
    expect(Date.parse(issued.body.dueAt) - now).toBeLessThanOrEqual(8 * 86_400_000);

    // the unit is told with the order: the pack's reminders written in its transaction, one per channel
    const reminders = await world.knex('notification_outbox').where({ event_key: `supervisionOrder:${issued.body.id}` }).orderBy('channel');
    expect(reminders.map((r) => [r.channel, r.title])).toEqual([
      ['portal', `督办单：工单${number}`],
      ['sms', `督办单：工单${number}`],
    ]);

    const again = await supervisor.post(`${TJ}/supervision/orders`, { ticket: number, ...ORDER });
    expect(again.statusCode).toBe(409);
    expect(again.body.error.message).toContain('已有未办结的督办单');

    // in the unit's inbox as a task, due at the order's deadline
    const answer = await inboxTask(handler, 'tianjin', number, 'supervisionAnswer');
    expect(answer).toMatchObject({ candidateGroups: ['unitHandler'], unit: { code: 'heping.quanyechang' }, dueAt: issued.body.dueAt });
    expect(answer.name).toContain('督办单');

    // another unit neither sees nor answers it
    const other = await world.user('tj.handler2');
    const theirs = await other.get(`${TJ}/tasks?q=${number}`);
    expect((theirs.body.items as Array<{ ticket: { number: string } }>).some((t) => t.ticket.number === number)).toBe(false);
    expect((await other.get(`${TJ}/tasks/${answer.id}`)).statusCode).toBe(404);
    expect((await complete('tj.handler2', answer, { response: '冒名反馈' })).statusCode).toBe(404);
    // nor does a unit list the board's orders
    expect((await handler.get(`${TJ}/supervision/orders`)).statusCode).toBe(403);

    // the required response is on the timeline the unit reads
    expect((await timeline(number)).find((e) => e.kind === 'supervisionOrderIssued')?.summary).toContain(ORDER.requiredResponse);

    expect((await complete('tj.handler', answer, { response: '已约谈物业，周三前更换灯具' })).statusCode).toBe(200);
    await waitFor('the order to be answered', async () => (await orderOf(number))?.status === 'answered');
    expect((await orderOf(number))?.response).toBe('已约谈物业，周三前更换灯具');

    const review = await inboxTask(supervisor, 'tianjin', number, 'supervisionReview');
    expect((await complete('tj.supervisor', review, { decision: 'escalate', opinion: '反馈未说明原因，请单位负责人说明' })).statusCode).toBe(200);
    const leader = await world.user('tj.leader');
    const leaderAnswer = await inboxTask(leader, 'tianjin', number, 'supervisionAnswer');
    expect(leaderAnswer.candidateGroups).toEqual(['unitLeader']);
    expect(await orderOf(number)).toMatchObject({ status: 'escalated', escalations: 1 });
    expect((await complete('tj.leader', leaderAnswer, { response: '负责人已督促，周二前完成' })).statusCode).toBe(200);

    const secondReview = await waitFor('the second review', async () => {
      const items = (await supervisor.get(`${TJ}/tasks?q=${number}&form=supervisionReview`)).body.items as Array<{ id: string; status: string }>;
      return items.find((t) => t.id !== review.id);
    });
    expect((await complete('tj.supervisor', secondReview, { decision: 'close', opinion: '反馈符合要求' })).statusCode).toBe(200);
    await waitFor('the order to close', async () => (await orderOf(number))?.status === 'closed');

    const kinds = (await timeline(number)).map((e) => e.kind);
    for (const kind of ['supervisionOrderIssued', 'supervisionOrderAnswered', 'supervisionOrderEscalated', 'supervisionOrderClosed']) expect(kinds).toContain(kind);
    expect(kinds.filter((k) => k === 'supervisionOrderAnswered')).toHaveLength(2);
    // the handling went on meanwhile: the reply is still the unit's
    expect((await handler.get(`${TJ}/tasks?q=${number}&form=reply`)).body.items).toHaveLength(1);
  });

  it('re-issues an order with a new deadline; an order past its deadline is flagged overdue and its unit is in the 通报', async () => {
    const number = await handled();
    const supervisor = await world.user('tj.supervisor');
    const handler = await world.user('tj.handler');
    const admin = await world.user('tj.admin');
    const now = Date.parse((await admin.get('/api/engine/clock')).body.now);
    const soon = new Date(now + 2 * 3_600_000).toISOString();

    const past = await supervisor.post(`${TJ}/supervision/orders`, { ticket: number, ...ORDER, dueAt: new Date(now - 60_000).toISOString() });
    expect(past.statusCode).toBe(422);
    expect(past.body.error.message).toBe('反馈期限必须晚于当前时间');

    const issued = await supervisor.post(`${TJ}/supervision/orders`, { ticket: number, ...ORDER, dueAt: soon });
    expect(issued.statusCode, JSON.stringify(issued.body)).toBe(201);
    expect(issued.body.dueSource).toBe('督办人指定');
    const answer = await inboxTask(handler, 'tianjin', number, 'supervisionAnswer');
    expect(Date.parse(answer.dueAt!)).toBe(Date.parse(soon));
    expect((await complete('tj.handler', answer, { response: '正在核实' })).statusCode).toBe(200);

    const newDue = new Date(now + 3 * 3_600_000).toISOString().replace('Z', '+00:00');
    const review = await inboxTask(supervisor, 'tianjin', number, 'supervisionReview');
    const noDue = await complete('tj.supervisor', review, { decision: 'reissue', opinion: '请说明核实结果' });
    expect(noDue.statusCode).toBe(422); // a re-issue needs its new deadline
    expect((await complete('tj.supervisor', review, { decision: 'reissue', opinion: '请说明核实结果', newDue })).statusCode).toBe(200);
    await waitFor('the order to be re-issued', async () => (await orderOf(number))?.status === 'reissued');
    expect(Date.parse((await orderOf(number))!.dueAt)).toBe(Date.parse(newDue));
    const again = await waitFor('the unit\'s second answer task', async () => {
      const items = (await handler.get(`${TJ}/tasks?q=${number}&form=supervisionAnswer`)).body.items as Array<{ id: string; dueAt: string }>;
      return items.find((t) => t.id !== answer.id);
    });
    expect(Date.parse(again.dueAt)).toBe(Date.parse(newDue));
    expect((await timeline(number)).find((e) => e.kind === 'supervisionOrderReissued')?.summary).toContain('重新督办');
    // the re-issue reminds the unit as the order did, once per channel; the answer task adds no second one
    const reissued = await world.knex('notification_outbox').where({ event_key: `supervisionOrder:${issued.body.id}:reissue:1` }).orderBy('channel');
    expect(reissued.map((r) => [r.channel, r.title])).toEqual([
      ['portal', `督办单：工单${number}`],
      ['sms', `督办单：工单${number}`],
    ]);
    expect(await world.knex('notification_outbox').where({ task_id: again.id, rule: 'unitTaskAssigned' })).toHaveLength(0);

    // the deadline passes unanswered: flagged on the board, the unit in the 通报
    expect((await admin.post('/api/engine/clock', { advanceMs: 4 * 3_600_000 })).statusCode).toBe(200);
    const overdue = await supervisor.get(`${TJ}/supervision/orders?state=overdue`);
    expect(overdue.body.items.find((o: { ticket: { number: string } }) => o.ticket.number === number)).toMatchObject({ overdue: true, status: 'reissued', unit: { name: '劝业场街道' } });
    const day = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
    const from = new Date(now - 86_400_000).toISOString().slice(0, 10);
    const bulletin = await supervisor.get(`${TJ}/supervision/bulletin?from=${from}&to=${day}`);
    expect(bulletin.statusCode, JSON.stringify(bulletin.body)).toBe(200);
    const unit = bulletin.body.items.find((i: { unit: { code: string } }) => i.unit.code === 'heping.quanyechang');
    expect(unit).toBeDefined();
    expect(unit.overdueOrders).toBeGreaterThanOrEqual(1);
    expect(unit.tickets).toContain(number);
    expect(bulletin.body.repeatedFrom).toBe(2);
    const backwards = await supervisor.get(`${TJ}/supervision/bulletin?from=${day}&to=${from}`);
    expect(backwards.statusCode).toBe(400);
  });

  it('refuses an order for a ticket that is not with a unit, in Chinese', async () => {
    const number = await register();
    const supervisor = await world.user('tj.supervisor');
    const refused = await supervisor.post(`${TJ}/supervision/orders`, { ticket: number, ...ORDER });
    expect(refused.statusCode).toBe(409);
    expect(refused.body.error.message).toMatch(/尚未派至承办单位|不在承办单位/);
  });

  it('an order issued while the assisting unit gives its part waits, says so, and reaches the lead unit when its handling opens', async () => {
    const number = await register();
    const dispatcher = await world.user('tj.dispatcher');
    const handler = await world.user('tj.handler');
    const assisting = await world.user('tj.handler2');
    const supervisor = await world.user('tj.supervisor');
    const dispatch = await inboxTask(dispatcher, 'tianjin', number, 'dispatch');
    expect((await complete('tj.dispatcher', dispatch, { mode: 'leadAndAssist', leadUnit: 'heping.quanyechang', assistingUnits: ['hexi.youyilu'] })).statusCode).toBe(200);
    expect((await complete('tj.handler', await inboxTask(handler, 'tianjin', number, 'accept'), FORM_DATA.accept)).statusCode).toBe(200);
    const part = await inboxTask(assisting, 'tianjin', number, 'reply'); // the assisting unit's 会办

    const issued = await supervisor.post(`${TJ}/supervision/orders`, { ticket: number, ...ORDER });
    expect(issued.statusCode, JSON.stringify(issued.body)).toBe(201);
    expect(issued.body).toMatchObject({ status: 'waiting', waitingAt: '会办' });
    const waiting = await orderOf(number);
    expect(waiting).toMatchObject({ status: 'waiting', waitingAt: '会办', deliversAt: expect.arrayContaining(['办理答复', '重办']) });
    // nobody is told yet, and no task exists for it
    expect(await world.knex('notification_outbox').where({ event_key: `supervisionOrder:${issued.body.id}` })).toHaveLength(0);
    expect((await handler.get(`${TJ}/tasks?q=${number}&form=supervisionAnswer`)).body.items).toHaveLength(0);

    // the assisting unit gives its part: the lead unit's handling opens, and the order reaches it
    expect((await complete('tj.handler2', part, FORM_DATA.reply)).statusCode).toBe(200);
    const answer = await inboxTask(handler, 'tianjin', number, 'supervisionAnswer');
    expect(answer.unit?.code).toBe('heping.quanyechang');
    const delivered = await waitFor('the order to be delivered', async () => ((await orderOf(number))?.status === 'issued' ? orderOf(number) : undefined));
    expect(delivered!.dueAt).toBe(answer.dueAt);
    expect(await world.knex('notification_outbox').where({ event_key: `supervisionOrder:${issued.body.id}` })).not.toHaveLength(0);
    expect((await timeline(number)).map((e) => e.kind)).toContain('supervisionOrderIssued');
  });

  it('an order issued during the return visit waits; the ticket closes first and the order is 未送达 (lapsed), freeing the ticket', async () => {
    const number = await handled();
    const handler = await world.user('tj.handler');
    const supervisor = await world.user('tj.supervisor');
    expect((await complete('tj.handler', await inboxTask(handler, 'tianjin', number, 'reply'), FORM_DATA.reply)).statusCode).toBe(200);
    const visit = await inboxTask(await world.user('tj.returnvisit'), 'tianjin', number, 'returnVisit');

    const issued = await supervisor.post(`${TJ}/supervision/orders`, { ticket: number, ...ORDER });
    expect(issued.statusCode, JSON.stringify(issued.body)).toBe(201);
    expect(issued.body).toMatchObject({ status: 'waiting', waitingAt: '回访评价' });
    expect(issued.body.deliversAt).toEqual(expect.arrayContaining(['办理答复', '重办']));

    expect((await complete('tj.returnvisit', visit, FORM_DATA.returnVisit)).statusCode).toBe(200);
    await waitFor('the order to lapse', async () => (await orderOf(number))?.status === 'lapsed');
    // not among the open orders, nobody was told, and no task was ever made for it
    const open = (await supervisor.get(`${TJ}/supervision/orders?state=open&pageSize=200`)).body.items as Array<{ ticket: { number: string } | null }>;
    expect(open.some((o) => o.ticket?.number === number)).toBe(false);
    expect(await world.knex('notification_outbox').where({ event_key: `supervisionOrder:${issued.body.id}` })).toHaveLength(0);
    expect((await handler.get(`${TJ}/tasks?q=${number}&form=supervisionAnswer`)).body.items).toHaveLength(0);
  });

  it('an escalation gets a new deadline from the pack and reminds the unit leader; a re-issue into the past is refused naming the field, nothing written', async () => {
    const number = await handled();
    const supervisor = await world.user('tj.supervisor');
    const handler = await world.user('tj.handler');
    const admin = await world.user('tj.admin');
    const start = Date.parse((await admin.get('/api/engine/clock')).body.now);
    const issued = await supervisor.post(`${TJ}/supervision/orders`, { ticket: number, ...ORDER, dueAt: new Date(start + 3_600_000).toISOString() });
    expect(issued.statusCode, JSON.stringify(issued.body)).toBe(201);
    expect((await complete('tj.handler', await inboxTask(handler, 'tianjin', number, 'supervisionAnswer'), { response: '正在核实' })).statusCode).toBe(200);
    const review = await inboxTask(supervisor, 'tianjin', number, 'supervisionReview');

    // the first deadline passes before the centre reviews
    expect((await admin.post('/api/engine/clock', { advanceMs: 2 * 3_600_000 })).statusCode).toBe(200);
    const now = Date.parse((await admin.get('/api/engine/clock')).body.now);

    const past = await complete('tj.supervisor', review, { decision: 'reissue', opinion: '请说明核实结果', newDue: new Date(now - 60_000).toISOString() });
    expect(past.statusCode).toBe(422);
    expect(past.body.error.message).toMatch(/^新的反馈期限必须晚于当前时间/);
    expect(JSON.stringify(past.body)).toContain('/newDue');
    expect((await orderOf(number))?.status).toBe('answered'); // nothing half-written
    expect((await supervisor.get(`${TJ}/tasks/${review.id}`)).body.status).not.toBe('completed');

    expect((await complete('tj.supervisor', review, { decision: 'escalate', opinion: '反馈未说明原因，请单位负责人说明' })).statusCode).toBe(200);
    const leaderAnswer = await inboxTask(await world.user('tj.leader'), 'tianjin', number, 'supervisionAnswer');
    const escalated = await waitFor('the escalation', async () => ((await orderOf(number))?.status === 'escalated' ? orderOf(number) : undefined));
    // 2 working days from the escalation (the pack's escalationPeriod): later than now, not the old deadline
    expect(Date.parse(escalated!.dueAt)).toBeGreaterThan(now + 86_400_000);
    expect(Date.parse(escalated!.dueAt)).toBeLessThanOrEqual(now + 6 * 86_400_000);
    expect(leaderAnswer.dueAt).toBe(escalated!.dueAt);
    expect((await timeline(number)).find((e) => e.kind === 'supervisionOrderEscalated')?.summary).toContain('提级督办');
    // the unit's leader is reminded of the escalation, with its new deadline
    const orderId = issued.body.id as string;
    const reminders = await world.knex('notification_outbox').where({ event_key: `supervisionOrderEscalated:${orderId}:1` }).orderBy('channel');
    expect(reminders.map((r) => r.channel)).toEqual(['portal', 'sms']);
    expect(reminders[0].title).toBe(`提级督办：工单${number}`);
    expect(reminders[0].recipients).toMatchObject({ kind: 'pack', to: [{ key: 'candidates', people: 'candidates' }], candidateRoles: ['unitLeader'] });
    expect(reminders[0].body).toContain('请单位负责人于');
  });

  it('the 通报 of a week or a month, and as an xlsx file with the city and the period, audited, without caller data', async () => {
    const number = await handled();
    const supervisor = await world.user('tj.supervisor');
    const admin = await world.user('tj.admin');
    const now = Date.parse((await admin.get('/api/engine/clock')).body.now);
    const issued = await supervisor.post(`${TJ}/supervision/orders`, { ticket: number, ...ORDER, dueAt: new Date(now + 3_600_000).toISOString() });
    expect(issued.statusCode).toBe(201);
    expect((await admin.post('/api/engine/clock', { advanceMs: 2 * 3_600_000 })).statusCode).toBe(200);
    const today = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);

    const month = await supervisor.get(`${TJ}/supervision/bulletin?period=month&of=${today}`);
    expect(month.statusCode, JSON.stringify(month.body)).toBe(200);
    expect(month.body.from).toBe(`${today.slice(0, 7)}-01`);
    expect(month.body.items.find((i: { unit: { code: string } }) => i.unit.code === 'heping.quanyechang')?.tickets).toContain(number);
    const week = await supervisor.get(`${TJ}/supervision/bulletin?period=week&of=${today}`);
    expect(week.statusCode).toBe(200);
    expect(new Date(`${week.body.from}T00:00:00Z`).getUTCDay()).toBe(1); // a Monday
    expect(Date.parse(week.body.to) - Date.parse(week.body.from)).toBe(6 * 86_400_000);
    const none = await supervisor.get(`${TJ}/supervision/bulletin`);
    expect(none.statusCode).toBe(400);
    expect(none.body.error.message).toContain('请给出通报期间');

    const login = await world.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'tj.supervisor', password: DEMO_PASSWORD } });
    const token = login.statusCode === 200 ? (login.json().token as string) : '';
    expect(token).not.toBe('');
    const file = await world.app.inject({ method: 'GET', url: `${TJ}/supervision/bulletin/export?period=month&of=${today}`, headers: { authorization: `Bearer ${token}` } });
    expect(file.statusCode, file.body).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    expect(String(file.headers['content-disposition'])).toContain('.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('通报')!;
    const cells: string[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value))));
    const text = cells.join('|');
    expect(text).toContain('天津');
    expect(text).toContain(`${month.body.from} 至 ${month.body.to}`);
    expect(text).toContain('按月');
    expect(text).toContain('劝业场街道');
    expect(text).toContain(number);
    expect(text).not.toContain('13812345678'); // no caller data
    expect(text).not.toContain('张三丰');
    // the threshold's article as staff cite it, not the seed file's name
    expect(month.body.sourceText).toMatch(/^《天津市[^》]+》第二十一条/);
    expect(text).toContain(month.body.sourceText);
    expect(text).not.toContain('.txt');
    expect(
      await world.knex('audit_events').where({ action: 'export.downloaded', subject_type: 'supervisionBulletin', subject_id: `${month.body.from}..${month.body.to}` }).select('actor'),
    ).toEqual([{ actor: 'tj.supervisor' }]);
    // a unit may not take it
    expect((await (await world.user('tj.handler')).get(`${TJ}/supervision/bulletin/export?period=week`)).statusCode).toBe(403);
  });
});
