// The ticket lifecycle through the HTTP API on the embedded engine, with a real PostgreSQL: a Tianjin
// complaint from registration to the return visit, the inbox and its scope, form validation, the
// completion's idempotency and its guard against two people completing one task, the actions the
// rules allow, the timeline, and supervision when a deadline passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM_DATA, type LifecycleWorld, complaint, inboxTask, lifecycleWorld, waitFor } from './support/lifecycle';

const TJ = '/api/cities/tianjin';

describe('ticket lifecycle on the embedded engine', () => {
  let world: LifecycleWorld;
  beforeAll(async () => {
    world = await lifecycleWorld();
  });
  afterAll(async () => {
    expect(world.engineErrors).toEqual([]);
    await world.close();
  });

  /** Registers a ticket (classified for dispatch) and returns its number. */
  async function register(overrides: Record<string, unknown> = {}): Promise<string> {
    const registrar = await world.user('tj.registrar');
    const response = await registrar.post(`${TJ}/tickets`, complaint(overrides));
    expect(response.statusCode, JSON.stringify(response.body)).toBe(201);
    return response.body.number;
  }

  async function complete(username: string, task: { id: string }, data: object, extra: Record<string, unknown> = {}) {
    const caller = await world.user(username);
    return caller.post(`${TJ}/tasks/${task.id}/complete`, { data, requestId: `${username}-${task.id}`, ...extra });
  }

  /** Drives a ticket to the unit's handling task (reply) and returns that task. */
  async function toReply(number: string, dispatch: object = FORM_DATA.dispatch) {
    const dispatcher = await world.user('tj.dispatcher');
    const handler = await world.user('tj.handler');
    expect((await complete('tj.dispatcher', await inboxTask(dispatcher, 'tianjin', number, 'dispatch'), dispatch)).statusCode).toBe(200);
    expect((await complete('tj.handler', await inboxTask(handler, 'tianjin', number, 'accept'), FORM_DATA.accept)).statusCode).toBe(200);
    return inboxTask(handler, 'tianjin', number, 'reply');
  }

  it('takes a Tianjin complaint from registration through dispatch, acceptance and reply to the return visit', async () => {
    const number = await register();
    const dispatcher = await world.user('tj.dispatcher');
    const handler = await world.user('tj.handler');
    const returnVisit = await world.user('tj.returnvisit');

    const dispatch = await inboxTask(dispatcher, 'tianjin', number, 'dispatch');
    expect(dispatch).toMatchObject({ name: '派单', candidateGroups: ['dispatcher'], unit: null, status: 'open', ticket: { type: 'complaint', urgency: 'general', summary: expect.stringContaining('小区路灯') } });
    expect(dispatch.dueAt).toMatch(/\+08:00$/);
    const detail = await dispatcher.get(`${TJ}/tasks/${dispatch.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.body.form.schema.title).toBe('派单');
    expect(JSON.stringify(detail.body.form.schema)).toContain('劝业场街道'); // the city's units are the choices
    expect(detail.body.ticket.caller).toEqual({ name: '张**', phone: '138****5678', masked: true, revealable: false, revealWith: null });
    expect((await complete('tj.dispatcher', dispatch, FORM_DATA.dispatch)).statusCode).toBe(200);

    const accept = await inboxTask(handler, 'tianjin', number, 'accept');
    expect(accept).toMatchObject({ name: '签收或申请退回', candidateGroups: ['unitHandler'], unit: { code: 'heping.quanyechang', name: '劝业场街道' } });
    expect((await handler.get(`${TJ}/tickets/${number}`)).statusCode).toBe(200); // dispatched to the handler's unit
    expect((await complete('tj.handler', accept, FORM_DATA.accept)).statusCode).toBe(200);

    const reply = await inboxTask(handler, 'tianjin', number, 'reply');
    expect(reply.dueAt).not.toBeNull();
    const replied = await complete('tj.handler', reply, FORM_DATA.reply);
    expect(replied.statusCode).toBe(200);
    expect(replied.body.task).toMatchObject({ id: reply.id, status: 'completed' });

    const visit = await inboxTask(returnVisit, 'tianjin', number, 'returnVisit');
    expect((await complete('tj.returnvisit', visit, FORM_DATA.returnVisit)).statusCode).toBe(200);

    const closed = await waitFor('the ticket to close', async () => {
      const ticket = (await dispatcher.get(`${TJ}/tickets/${number}`)).body;
      return ticket.status === 'closed' ? ticket : undefined;
    });
    expect(closed).toMatchObject({ outcome: 'closed', unitCode: 'heping.quanyechang' });
    const open = await world.knex('tasks').where({ ticket_number: number }).whereIn('status', ['open', 'claimed', 'completing']).count({ n: '*' }).first();
    expect(Number(open?.n)).toBe(0);

    const timeline = (await dispatcher.get(`${TJ}/tickets/${number}/timeline`)).body.items as Array<{ kind: string; summary: string; actor: { username: string } | null; at: string }>;
    const kinds = timeline.map((e) => e.kind);
    for (const kind of ['registered', 'deadlineSet', 'taskCompleted', 'dispatched', 'accepted', 'replied', 'rated', 'closed']) expect(kinds).toContain(kind);
    expect(kinds.indexOf('registered')).toBeLessThan(kinds.indexOf('dispatched'));
    expect(kinds.indexOf('dispatched')).toBeLessThan(kinds.indexOf('accepted'));
    expect(kinds.indexOf('accepted')).toBeLessThan(kinds.indexOf('replied'));
    expect(kinds.indexOf('replied')).toBeLessThan(kinds.indexOf('rated'));
    expect(kinds.at(-1)).toBe('closed');
    expect(timeline.find((e) => e.kind === 'dispatched')?.summary).toBe('派单至劝业场街道');
    expect(timeline.find((e) => e.kind === 'rated')?.summary).toBe('回访评价：满意');
    const completions = timeline.filter((e) => e.kind === 'taskCompleted');
    expect(completions.map((e) => e.actor?.username)).toEqual(['tj.registrar', 'tj.dispatcher', 'tj.handler', 'tj.handler', 'tj.returnvisit']);
    // what was decided, in the pack's and the city's words (not 完成「派单」)
    expect(completions[0]?.summary).toMatch(/受理分类：派单至承办单位$/);
    expect(completions[1]?.summary).toMatch(/ 派单至劝业场街道$/);
    expect([...timeline.map((e) => e.at)].sort((a, b) => Date.parse(a) - Date.parse(b))).toEqual(timeline.map((e) => e.at));
  });

  it('has the next step in the next person’s inbox when 提交 answers: the completion, the stage’s rule steps and the next task commit together', async () => {
    const number = await register();
    const dispatcher = await world.user('tj.dispatcher');
    const handler = await world.user('tj.handler');
    const dispatch = await inboxTask(dispatcher, 'tianjin', number, 'dispatch');
    const done = await complete('tj.dispatcher', dispatch, FORM_DATA.dispatch);
    expect(done.statusCode).toBe(200);
    expect(done.body.task).toMatchObject({ id: dispatch.id, status: 'completed' });
    // no waiting: the handler's inbox already lists the acceptance, its deadline set
    const listed = (await handler.get(`${TJ}/tasks?q=${number}`)).body.items as Array<{ form: string; dueAt: string | null }>;
    expect(listed.map((t) => t.form)).toEqual(['accept']);
    expect(listed[0]?.dueAt).toMatch(/\+08:00$/);
    const kinds = ((await dispatcher.get(`${TJ}/tickets/${number}/timeline`)).body.items as Array<{ kind: string }>).map((e) => e.kind);
    expect(kinds.slice(kinds.lastIndexOf('taskCompleted'))).toEqual(expect.arrayContaining(['taskCompleted', 'dispatched']));
    // one transaction wrote them all: now() is its start, to the microsecond, in every row it wrote (the
    // completed task, its timeline entry, the stage's stamp, the next task)
    const written = await world.knex.raw(
      `select completed_at::text as at, 'completed ' || form as what from tasks where id = ?
       union all select created_at::text, 'created ' || form from tasks where ticket_number = ? and form = 'accept'
       union all select e.recorded_at::text, e.kind || ' ' || e.element_id from ticket_events e join tickets t on t.id = e.ticket_id
         where t.number = ? and (e.kind = 'dispatched' or (e.kind = 'taskCompleted' and e.element_id = 'dispatch'))`,
      [dispatch.id, number, number],
    );
    expect(written.rows.map((r: { what: string }) => r.what).sort()).toEqual(['completed dispatch', 'created accept', 'dispatched stampDispatched', 'taskCompleted dispatch']);
    expect(new Set(written.rows.map((r: { at: string }) => r.at)).size, JSON.stringify(written.rows)).toBe(1);
  });

  it('refuses a completion the engine cannot take (its instance stopped by an incident): 409, the task still open, the timeline says why', async () => {
    const number = await register();
    const dispatcher = await world.user('tj.dispatcher');
    const dispatch = await inboxTask(dispatcher, 'tianjin', number, 'dispatch');
    const { process_instance_key: key } = await world.knex('tickets').where({ number }).first('process_instance_key');
    await world.knex('engine_process_instance').where({ key }).update({ status: 'incident', incident: 'FEEL failed' });
    const refused = await complete('tj.dispatcher', dispatch, FORM_DATA.dispatch);
    expect(refused.statusCode).toBe(409);
    expect(refused.body.error.code).toBe('ENGINE_REFUSED');
    expect(refused.body.error.message).toContain('FEEL failed');
    expect(await world.knex('tasks').where({ id: dispatch.id }).first('status', 'completion_request_id')).toEqual({ status: 'open', completion_request_id: null });
    const timeline = (await dispatcher.get(`${TJ}/tickets/${number}/timeline`)).body.items as Array<{ kind: string }>;
    expect(timeline.map((e) => e.kind)).toContain('taskCompletionRefused');
    expect(timeline.map((e) => e.kind)).not.toContain('dispatched');
  });

  it('gives each task the hand-off context its pack form declares: the reply and its basis on the return visit, why the caller was dissatisfied on rework', async () => {
    const number = await register();
    const reply = await toReply(number);
    const handler = await world.user('tj.handler');
    const before = (await handler.get(`${TJ}/tasks/${reply.id}`)).body.context;
    expect(before).toBeNull(); // the reply form declares none
    expect((await complete('tj.handler', reply, FORM_DATA.reply, { action: 'reply' })).statusCode).toBe(200);

    const visitor = await world.user('tj.returnvisit');
    const visit = await inboxTask(visitor, 'tianjin', number, 'returnVisit');
    expect(visit.ticket.unit).toEqual({ code: 'heping.quanyechang', name: '劝业场街道' }); // the inbox names the ticket's unit
    const context = (await visitor.get(`${TJ}/tasks/${visit.id}`)).body.context;
    expect(context.title).toBe('承办单位答复');
    const value = (c: { items: Array<{ label: string; value: string | null }> }, label: string) => c.items.find((i) => i.label === label)?.value;
    expect(value(context, '办理结果')).toBe(FORM_DATA.reply.result);
    expect(value(context, '政策依据')).toBe(FORM_DATA.reply.policyBasis);
    expect(context.items.find((i: { label: string }) => i.label === '办理结果').from).toMatchObject({ taskName: expect.any(String), at: expect.stringMatching(/\+08:00$/) });
    expect((await complete('tj.returnvisit', visit, { ...FORM_DATA.returnVisit, handlingRating: 'dissatisfied', callerWords: '灯又坏了', sendBack: true })).statusCode).toBe(200);

    const rework = await inboxTask(handler, 'tianjin', number, 'rework');
    const again = (await handler.get(`${TJ}/tasks/${rework.id}`)).body.context;
    expect(value(again, '诉求人不满意的原话')).toBe('灯又坏了');
    expect(value(again, '回访评价')).toBe('不满意'); // the pack's label, not the key
    expect(value(again, '原办理结果')).toBe(FORM_DATA.reply.result);
    expect(JSON.stringify(again)).not.toContain('13812345678'); // nothing of the caller beyond what the role may see
  });

  it('refuses form data that does not fit the resolved form with 422 and the path of each field, and stores nothing', async () => {
    const number = await register();
    const dispatcher = await world.user('tj.dispatcher');
    const dispatch = await inboxTask(dispatcher, 'tianjin', number, 'dispatch');
    const wrong = await complete('tj.dispatcher', dispatch, { mode: 'single', unit: 'no.such.unit', extra: 1 });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body.error.code).toBe('FORM_INVALID');
    const paths = wrong.body.error.details.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/unit', '/extra']));
    expect(wrong.body.error.details.errors.find((e: { path: string }) => e.path === '/unit').messageZh).toMatch(/^「承办单位」只能选择：/);
    const missing = await complete('tj.dispatcher', dispatch, {}, { requestId: 'empty' });
    expect(missing.statusCode).toBe(422);
    expect(missing.body.error.details.errors).toEqual([{ path: '/mode', message: 'is missing (required)', messageZh: '请填写「派单方式」' }]);
    expect(await world.knex('tasks').where({ id: dispatch.id }).first('status')).toEqual({ status: 'open' });
    expect((await world.knex('ticket_events').where({ element_id: 'dispatch' }).whereRaw("key like ?", [`%${dispatch.id}%`]).count({ n: '*' }).first())?.n).toBe(0);

    const handlerTask = await toReply(number);
    const reply = await complete('tj.handler', handlerTask, { ...FORM_DATA.reply, contactedAt: 'yesterday', result: '' });
    expect(reply.statusCode).toBe(422);
    expect(reply.body.error.details.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/contactedAt', '/result']);
  });

  it('completes a task once for a repeated requestId: the same answer, one timeline entry, one next task', async () => {
    const number = await register();
    const dispatcher = await world.user('tj.dispatcher');
    const dispatch = await inboxTask(dispatcher, 'tianjin', number, 'dispatch');
    const body = { data: FORM_DATA.dispatch, requestId: 'same-request' };
    const first = await dispatcher.post(`${TJ}/tasks/${dispatch.id}/complete`, body);
    const again = await dispatcher.post(`${TJ}/tasks/${dispatch.id}/complete`, body);
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.body.task).toEqual(first.body.task);
    const handler = await world.user('tj.handler');
    await inboxTask(handler, 'tianjin', number, 'accept');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await world.knex('tasks').where({ ticket_number: number, form: 'accept' }).count({ n: '*' }).first())?.n).toBe(1);
    const entries = await world.knex('ticket_events').where({ kind: 'taskCompleted', element_id: 'dispatch' }).whereRaw("data->>'action' = 'complete'").join('tickets', 'tickets.id', 'ticket_events.ticket_id').where('tickets.number', number).count({ n: '*' }).first();
    expect(entries?.n).toBe(1);
    // someone else's later attempt is told it is done
    const late = await dispatcher.post(`${TJ}/tasks/${dispatch.id}/complete`, { data: FORM_DATA.dispatch, requestId: 'another-request' });
    expect(late.statusCode).toBe(409);
    expect(late.body.error.code).toBe('TASK_COMPLETED');
  });

  it('lets only one of two people complete the same task at once: one 200, one 409', async () => {
    const number = await register();
    const dispatcher = await world.user('tj.dispatcher');
    await toReply(number);
    const handler = await world.user('tj.handler');
    const reply = await inboxTask(handler, 'tianjin', number, 'reply');
    // two submissions at the same moment (two browser tabs, two people of the unit)
    const outcomes = await Promise.all([
      handler.post(`${TJ}/tasks/${reply.id}/complete`, { data: FORM_DATA.reply, requestId: 'tab-1' }),
      handler.post(`${TJ}/tasks/${reply.id}/complete`, { data: { ...FORM_DATA.reply, result: '另一份答复' }, requestId: 'tab-2' }),
    ]);
    expect(outcomes.map((o) => o.statusCode).sort()).toEqual([200, 409]);
    expect(outcomes.find((o) => o.statusCode === 409)?.body.error.code).toBe('TASK_COMPLETED');
    await inboxTask(await world.user('tj.returnvisit'), 'tianjin', number, 'returnVisit');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await world.knex('tasks').where({ ticket_number: number, form: 'returnVisit' }).count({ n: '*' }).first())?.n).toBe(1);
    expect(dispatcher).toBeDefined();
  });

  it('claims a task for one person: another gets 409 when claiming or completing it', async () => {
    const number = await register();
    const dispatcher = await world.user('tj.dispatcher');
    const dispatch = await inboxTask(dispatcher, 'tianjin', number, 'dispatch');
    const claimed = await dispatcher.post(`${TJ}/tasks/${dispatch.id}/claim`);
    expect(claimed.statusCode).toBe(200);
    expect(claimed.body).toMatchObject({ status: 'claimed', assignee: { username: 'tj.dispatcher' } });
    expect((await dispatcher.post(`${TJ}/tasks/${dispatch.id}/claim`)).statusCode).toBe(200); // one's own claim again
    // a second dispatcher of the centre
    await world.knex('users').insert({ city_id: 'tianjin', username: 'tj.dispatcher2', display_name: '派单员二', unit_id: (await world.knex('users').where('username', 'tj.dispatcher').first('unit_id')).unit_id, password_hash: (await world.knex('users').where('username', 'tj.dispatcher').first('password_hash')).password_hash });
    await world.knex('user_roles').insert({ user_id: (await world.knex('users').where('username', 'tj.dispatcher2').first('id')).id, role: 'dispatcher' });
    const other = await world.user('tj.dispatcher2');
    const taken = await other.post(`${TJ}/tasks/${dispatch.id}/claim`);
    expect(taken.statusCode).toBe(409);
    expect(taken.body.error.code).toBe('TASK_CLAIMED');
    expect((await other.post(`${TJ}/tasks/${dispatch.id}/complete`, { data: FORM_DATA.dispatch, requestId: 'x' })).statusCode).toBe(409);
    expect((await dispatcher.post(`${TJ}/tasks/${dispatch.id}/complete`, { data: FORM_DATA.dispatch, requestId: 'mine' })).statusCode).toBe(200);
  });

  it("keeps a unit's tasks to that unit and a city's tasks to that city: 404 for anyone else", async () => {
    const number = await register();
    const reply = await toReply(number);
    const handler = await world.user('tj.handler');
    const otherStreet = await world.user('tj.handler2');
    const leader = await world.user('tj.leader');
    const hangzhou = await world.user('hz.dispatcher');
    expect((await handler.get(`${TJ}/tasks/${reply.id}`)).statusCode).toBe(200);
    expect((await leader.get(`${TJ}/tasks/${reply.id}`)).statusCode).toBe(200); // the district above sees it
    expect((await leader.post(`${TJ}/tasks/${reply.id}/complete`, { data: FORM_DATA.reply, requestId: 'l' })).statusCode).toBe(403); // but it is the handler's to do
    for (const [who, url] of [
      [otherStreet, `${TJ}/tasks/${reply.id}`],
      [hangzhou, `${TJ}/tasks/${reply.id}`],
      [hangzhou, `/api/cities/hangzhou/tasks/${reply.id}`],
    ] as const) {
      expect((await who.get(url)).statusCode, `${who.username} GET ${url}`).toBe(404);
      expect((await who.post(`${url}/complete`, { data: FORM_DATA.reply, requestId: 'r' })).statusCode, `${who.username} complete ${url}`).toBe(404);
      expect((await who.post(`${url}/claim`)).statusCode).toBe(404);
    }
    expect((await otherStreet.get(`${TJ}/tasks?q=${number}`)).body.items).toEqual([]);
    expect((await otherStreet.get(`${TJ}/tickets/${number}`)).statusCode).toBe(404);
    expect((await hangzhou.get(`/api/cities/hangzhou/tasks?q=${number}`)).body.items).toEqual([]);
    expect(await world.knex('tasks').where({ id: reply.id }).first('status')).toEqual({ status: 'open' });
  });

  it('lists the actions the rules allow on a Tianjin consultation: no extension (咨询类事项不得延期)', async () => {
    const number = await register({ type: 'consult', content: '咨询居住证办理需要哪些材料' });
    const reply = await toReply(number);
    const handler = await world.user('tj.handler');
    const detail = await handler.get(`${TJ}/tasks/${reply.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.body.actions).toEqual([
      { key: 'reply', label: '答复', allowed: true, primary: true },
      { key: 'extension', label: '申请延期', allowed: false, reason: '咨询类事项不得延期', primary: false },
    ]);
    const refused = await handler.post(`${TJ}/tasks/${reply.id}/complete`, { action: 'extension', data: {}, requestId: 'ext' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body.error.code).toBe('ACTION_NOT_ALLOWED');
    expect(refused.body.error.message).toContain('咨询类事项不得延期');
  });

  it('refuses a return to a designated unit and a third extension, each with its reason', async () => {
    const number = await register();
    const handler = await world.user('tj.handler');
    const leader = await world.user('tj.leader');
    const reviewer = await world.user('tj.reviewer');
    const dispatcher = await world.user('tj.dispatcher');
    const dispatch = await inboxTask(dispatcher, 'tianjin', number, 'dispatch');
    expect((await complete('tj.dispatcher', dispatch, { ...FORM_DATA.dispatch, designated: true })).statusCode).toBe(200);
    const accept = await inboxTask(handler, 'tianjin', number, 'accept');
    const acceptActions = (await handler.get(`${TJ}/tasks/${accept.id}`)).body.actions;
    expect(acceptActions).toEqual([
      { key: 'accept', label: '签收', allowed: true, primary: true },
      { key: 'return', label: '申请退回', allowed: false, reason: '经研究确定或指定的承办单位不得退回', primary: false },
    ]);
    expect((await complete('tj.handler', accept, FORM_DATA.accept)).statusCode).toBe(200);

    for (let round = 1; round <= 2; round++) {
      const reply = await waitFor(`reply task, round ${round}`, async () => {
        const items = (await handler.get(`${TJ}/tasks?q=${number}&form=reply`)).body.items;
        return items[0];
      });
      const actions = (await handler.get(`${TJ}/tasks/${reply.id}`)).body.actions;
      expect(actions.find((a: { key: string }) => a.key === 'extension')).toEqual({ key: 'extension', label: '申请延期', allowed: true, primary: false });
      expect((await handler.post(`${TJ}/tasks/${reply.id}/complete`, { action: 'extension', data: { note: `第${round}次` }, requestId: `ext-${round}` })).statusCode).toBe(200);
      const request = await inboxTask(leader, 'tianjin', number, 'extensionRequest');
      const requested = await leader.post(`${TJ}/tasks/${request.id}/complete`, {
        data: { cause: 'complex', reason: '需协调多个部门', requestedPeriod: { amount: 7, unit: 'workingDay' } },
        requestId: `req-${round}`,
      });
      expect(requested.statusCode, JSON.stringify(requested.body)).toBe(200);
      const review = await inboxTask(reviewer, 'tianjin', number, 'extensionReview');
      const approved = await reviewer.post(`${TJ}/tasks/${review.id}/complete`, {
        data: { decision: 'approve', approvedPeriod: { amount: 7, unit: 'workingDay' } },
        requestId: `rev-${round}`,
      });
      expect(approved.statusCode, JSON.stringify(approved.body)).toBe(200);
      await waitFor(`extension ${round} approved`, async () => (await world.knex('ticket_events').join('tickets', 'tickets.id', 'ticket_events.ticket_id').where({ 'tickets.number': number, kind: 'extensionApproved' }).count({ n: '*' }).first())?.n === round);
      // 2025 §12 ¶2: the unit tells the caller the progress, the measures and the new period first
      const notice = await inboxTask(handler, 'tianjin', number, 'extensionNotice');
      const told = await handler.post(`${TJ}/tasks/${notice.id}/complete`, {
        data: { informedAt: new Date().toISOString(), informedHow: 'phone', told: `第${round}次延期：需协调多个部门，办理期限延长7个工作日` },
        requestId: `notice-${round}`,
      });
      expect(told.statusCode, JSON.stringify(told.body)).toBe(200);
    }
    const third = await waitFor('the reply task after two extensions', async () => {
      const items = (await handler.get(`${TJ}/tasks?q=${number}&form=reply`)).body.items;
      return items[0];
    });
    const actions = (await handler.get(`${TJ}/tasks/${third.id}`)).body.actions;
    expect(actions.find((a: { key: string }) => a.key === 'extension')).toEqual({ key: 'extension', label: '申请延期', allowed: false, reason: '已延期 2 次，延期不得超过 2 次', primary: false });
    const timeline = (await handler.get(`${TJ}/tickets/${number}/timeline`)).body.items.map((e: { kind: string }) => e.kind);
    expect(timeline.filter((k: string) => k === 'extensionApproved')).toHaveLength(2);
  });

  it('shows the inbox sorted by urgency (the pack order) then due time, paged', async () => {
    await register({ urgency: 'general', content: '一般诉求' });
    await register({ urgency: 'lifeSafety', content: '燃气泄漏危及安全' });
    await register({ urgency: 'utilities', content: '小区停水' });
    const dispatcher = await world.user('tj.dispatcher');
    const all = await waitFor('three more dispatch tasks', async () => {
      const page = (await dispatcher.get(`${TJ}/tasks?form=dispatch&pageSize=200`)).body;
      return page.items.filter((t: { ticket: { summary: string } }) => /一般诉求|燃气泄漏|小区停水/.test(t.ticket.summary)).length === 3 ? page : undefined;
    });
    const ranks = { lifeSafety: 0, utilities: 1, general: 2 } as Record<string, number>;
    const order = all.items.map((t: { ticket: { urgency: string }; dueAt: string | null }) => [ranks[t.ticket.urgency], t.dueAt ? Date.parse(t.dueAt) : Infinity]);
    expect([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1])).toEqual(order);
    expect(all.items[0].ticket.urgency).toBe('lifeSafety');
    const first = (await dispatcher.get(`${TJ}/tasks?form=dispatch&pageSize=1&page=1`)).body;
    const second = (await dispatcher.get(`${TJ}/tasks?form=dispatch&pageSize=1&page=2`)).body;
    expect(first).toMatchObject({ total: all.total, page: 1, pageSize: 1 });
    expect(first.items[0].id).toBe(all.items[0].id);
    expect(second.items[0].id).toBe(all.items[1].id);
    expect((await dispatcher.get(`${TJ}/tasks?pageSize=201`)).statusCode).toBe(400);
    expect((await dispatcher.get(`${TJ}/tasks?urgency=lifeSafety&form=dispatch`)).body.items.every((t: { ticket: { urgency: string } }) => t.ticket.urgency === 'lifeSafety')).toBe(true);
  });

  it('supervises an overdue acceptance once, on the board and in the supervisor\'s inbox, and reports the engine in /api/health', async () => {
    const number = await register();
    const dispatcher = await world.user('tj.dispatcher');
    const handler = await world.user('tj.handler');
    const supervisor = await world.user('tj.supervisor');
    const admin = await world.user('tj.admin');
    expect((await complete('tj.dispatcher', await inboxTask(dispatcher, 'tianjin', number, 'dispatch'), FORM_DATA.dispatch)).statusCode).toBe(200);
    const accept = await inboxTask(handler, 'tianjin', number, 'accept');
    const now = (await admin.get('/api/engine/clock')).body.now as string;
    const moved = await admin.post('/api/engine/clock', { advanceMs: Date.parse(accept.dueAt!) - Date.parse(now) + 60_000 });
    expect(moved.statusCode).toBe(200);
    const note = await inboxTask(supervisor, 'tianjin', number, 'supervisionNote');
    expect(note.name).toBe('督办意见');
    const board = (await supervisor.get(`${TJ}/supervision?kind=overdue`)).body;
    const entry = board.items.find((i: { ticket: { number: string } }) => i.ticket.number === number);
    expect(entry.reason).toMatchObject({ kind: 'overdue', trigger: 'overdue', label: '超出办理期限未办结', stage: 'accept', due: accept.dueAt });
    expect((await handler.get(`${TJ}/tasks?overdue=true&q=${number}`)).body.items.map((t: { id: string }) => t.id)).toEqual([accept.id]);
    const timeline = (await supervisor.get(`${TJ}/tickets/${number}/timeline`)).body.items;
    // the acceptance warning (预警, half the period) came first; the overdue entry follows
    expect(timeline.find((e: { kind: string; data: { trigger?: string } }) => e.kind === 'supervised' && e.data.trigger === 'overdue').summary).toMatch(/^督办：超出办理期限未办结（签收时限/);
    expect((await handler.get(`${TJ}/supervision`)).statusCode).toBe(403);
    const health = await (await world.user('tj.admin')).get('/api/health/details');
    expect(health.body.engine).toEqual({ kind: 'embedded', status: 'up' });
    const records = await world.knex('supervisions').join('tickets', 'tickets.id', 'supervisions.ticket_id').where('tickets.number', number).orderBy('supervisions.at').pluck('trigger');
    expect(records).toEqual(['acceptWarning', 'overdue']); // the pack's acceptance warning, then overdue once
  });

  it('sends a dissatisfied rating back for rework and puts the ticket on the dissatisfied board', async () => {
    const number = await register({ place: 'heping.quanyechang' });
    const reply = await toReply(number);
    const handler = await world.user('tj.handler');
    const returnVisit = await world.user('tj.returnvisit');
    const supervisor = await world.user('tj.supervisor');
    expect((await complete('tj.handler', reply, FORM_DATA.reply)).statusCode).toBe(200);
    const visit = await inboxTask(returnVisit, 'tianjin', number, 'returnVisit');
    const rated = await complete('tj.returnvisit', visit, { ...FORM_DATA.returnVisit, handlingRating: 'dissatisfied', callerWords: '灯还是不亮', sendBack: true });
    expect(rated.statusCode, JSON.stringify(rated.body)).toBe(200);
    const rework = await inboxTask(handler, 'tianjin', number, 'rework');
    expect(rework.name).toBe('重办');
    const actions = (await handler.get(`${TJ}/tasks/${rework.id}`)).body.actions;
    expect(actions).toContainEqual({ key: 'extension', label: '申请延期', allowed: false, reason: '重办事项不得延期', primary: false });
    const boardResponse = await supervisor.get(`${TJ}/supervision?kind=dissatisfied`);
    expect(boardResponse.statusCode, JSON.stringify(boardResponse.body)).toBe(200);
    const board = boardResponse.body;
    const entry = board.items.find((i: { ticket: { number: string } }) => i.ticket.number === number);
    expect(entry.reason).toMatchObject({ kind: 'dissatisfied', trigger: 'dissatisfied', label: '不满意' });
    // the board narrows to a place and what lies under it
    const numbersIn = async (place: string) => ((await supervisor.get(`${TJ}/supervision?kind=dissatisfied&place=${place}`)).body.items as Array<{ ticket: { number: string } }>).map((i) => i.ticket.number);
    expect(await numbersIn('heping')).toContain(number);
    expect(await numbersIn('hexi')).not.toContain(number);
    const timeline = (await supervisor.get(`${TJ}/tickets/${number}/timeline`)).body.items;
    expect(timeline.find((e: { kind: string }) => e.kind === 'rated').summary).toBe('回访评价：不满意');
    expect(timeline.map((e: { kind: string }) => e.kind)).toContain('reworkOrdered');
  });

  it('runs a Hangzhou complaint through its own pack: its forms, and the completion review Tianjin does not have', async () => {
    const HZ = '/api/cities/hangzhou';
    const registrar = await world.user('hz.registrar');
    const dispatcher = await world.user('hz.dispatcher');
    const handler = await world.user('hz.handler');
    const reviewer = await world.user('hz.reviewer');
    const returnVisit = await world.user('hz.returnvisit');
    const registered = await registrar.post(`${HZ}/tickets`, complaint({ content: '西湖边噪音扰民' }));
    expect(registered.statusCode, JSON.stringify(registered.body)).toBe(201);
    const number = registered.body.number as string;
    const done = async (who: typeof handler, form: string, data: object) => {
      const task = await inboxTask(who, 'hangzhou', number, form);
      const response = await who.post(`${HZ}/tasks/${task.id}/complete`, { data, requestId: `${form}-${number}` });
      expect(response.statusCode, `${form}: ${JSON.stringify(response.body)}`).toBe(200);
    };
    await done(dispatcher, 'dispatch', { mode: 'single', unit: 'shangcheng.hubin' });
    await done(handler, 'accept', { handler: '王五' });
    await done(handler, 'reply', {
      verified: 'true',
      investigation: '现场核实，夜间施工噪音属实，已责令停止',
      investigatedAt: '2026-11-21T10:00:00+08:00',
      investigationMethod: '现场检查',
      opinion: '已处理',
      responder: '王五',
      repliedAt: '2026-11-21T11:00:00+08:00',
      callerSatisfaction: 'satisfied',
    });
    await done(reviewer, 'completionReview', { decision: 'approve' });
    await done(returnVisit, 'returnVisit', { visitedAt: '2026-11-22T10:00:00+08:00', method: 'phone', handlingRating: 'satisfied', callerWords: '好的' });
    await waitFor('the Hangzhou ticket to close', async () => (await registrar.get(`${HZ}/tickets/${number}`)).body.status === 'closed');
  });

  it('answers /api/me as the contract says', async () => {
    const handler = await world.user('tj.handler');
    const me = await handler.get('/api/me');
    expect(me.body).toMatchObject({ user: { username: 'tj.handler', roles: ['unitHandler'], unit: { code: 'heping.quanyechang', name: '劝业场街道' } }, city: { id: 'tianjin', name: '天津市' } });
  });
});
