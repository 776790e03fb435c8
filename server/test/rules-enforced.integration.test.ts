// Rules that were pack data but enforced by no code (issue 12), through the HTTP API on the embedded
// engine with its clock pinned: a ticket registers on the engine's clock; at exactly the due instant
// the inbox's overdue filter and the supervision board agree; an extension asked on the due day is
// shown disabled with Tianjin 2025 §12's sentence and refused on completion; a 不满意 the centre does
// not send back counts, the unit may submit a 履职尽责说明 (2025 §24) and the centre's acceptance marks
// the ticket exempt from the negative rating; the timeline says each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM_DATA, type LifecycleWorld, complaint, inboxTask, lifecycleWorld, waitFor } from './support/lifecycle';

const TJ = '/api/cities/tianjin';
const HOUR = 3_600_000;
const LATE_EXTENSION = '应当在工单办理期限到期前至少提前1个工作日提出延期申请（实施细则第十二条）';

/** `20261123` for an instant, on the +08:00 day. */
const numberDay = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10).replaceAll('-', '');

describe('rules enforced through the API (embedded engine, pinned clock)', () => {
  let world: LifecycleWorld;
  beforeAll(async () => {
    world = await lifecycleWorld();
  });
  afterAll(async () => {
    expect(world.engineErrors).toEqual([]);
    await world.close();
  });

  async function pinClock(atMs: number): Promise<void> {
    const moved = await (await world.user('tj.admin')).post('/api/engine/clock', { to: new Date(atMs).toISOString() });
    expect(moved.statusCode, JSON.stringify(moved.body)).toBe(200);
  }

  async function engineNow(): Promise<number> {
    return Date.parse((await (await world.user('tj.admin')).get('/api/engine/clock')).body.now);
  }

  async function newTicket(): Promise<string> {
    const created = await (await world.user('tj.registrar')).post(`${TJ}/tickets`, complaint());
    expect(created.statusCode, JSON.stringify(created.body)).toBe(201);
    return created.body.number;
  }

  async function submit(username: string, task: { id: string }, body: Record<string, unknown>) {
    return (await world.user(username)).post(`${TJ}/tasks/${task.id}/complete`, { requestId: `${username}:${task.id}:${String(body.action ?? 'primary')}`, ...body });
  }

  /** Dispatched to 劝业场街道; returns its acceptance task. */
  async function dispatched(number: string) {
    const dispatch = await inboxTask(await world.user('tj.dispatcher'), 'tianjin', number, 'dispatch');
    expect((await submit('tj.dispatcher', dispatch, { data: FORM_DATA.dispatch })).statusCode).toBe(200);
    return inboxTask(await world.user('tj.handler'), 'tianjin', number, 'accept');
  }

  it("registers a ticket on the engine's clock: its registeredAt and the day in its number", async () => {
    const at = (await engineNow()) + 3 * 24 * HOUR;
    await pinClock(at);
    const number = await newTicket();
    expect(number.slice(0, 8)).toBe(numberDay(at));
    const ticket = (await (await world.user('tj.dispatcher')).get(`${TJ}/tickets/${number}`)).body;
    expect(Date.parse(ticket.registeredAt)).toBe(at);
  });

  it('at exactly the due instant, the overdue filter and the supervision board both list the ticket; a millisecond before, neither', async () => {
    const number = await newTicket();
    const accept = await dispatched(number);
    const dueMs = Date.parse(accept.dueAt as string);
    const handler = await world.user('tj.handler');
    const supervisor = await world.user('tj.supervisor');
    const inFilter = async () => (await handler.get(`${TJ}/tasks?overdue=true&q=${number}`)).body.items.map((t: { id: string }) => t.id);
    const onBoard = async () => (await supervisor.get(`${TJ}/supervision?kind=overdue`)).body.items.some((i: { ticket: { number: string } }) => i.ticket.number === number);

    await pinClock(dueMs - 1);
    expect(await inFilter()).toEqual([]);
    expect(await onBoard()).toBe(false);

    await pinClock(dueMs);
    await inboxTask(supervisor, 'tianjin', number, 'supervisionNote');
    expect(await onBoard()).toBe(true);
    expect(await inFilter()).toEqual([accept.id]);
  });

  it('disables 申请延期 on the due day with the rule’s own sentence, and refuses the completion with it', async () => {
    const number = await newTicket();
    const accept = await dispatched(number);
    expect((await submit('tj.handler', accept, { data: FORM_DATA.accept })).statusCode).toBe(200);
    const handler = await world.user('tj.handler');
    const reply = await inboxTask(handler, 'tianjin', number, 'reply');
    const extension = async () => (await handler.get(`${TJ}/tasks/${reply.id}`)).body.actions.find((a: { key: string }) => a.key === 'extension');
    expect(await extension()).toEqual({ key: 'extension', label: '申请延期', allowed: true, primary: false });

    // The handling period ends at 24:00 of its last working day: noon that day is less than 1 working day before.
    await pinClock(Date.parse(reply.dueAt as string) - 12 * HOUR);
    expect(await extension()).toEqual({ key: 'extension', label: '申请延期', allowed: false, reason: LATE_EXTENSION, primary: false });
    const refused = await submit('tj.handler', reply, { action: 'extension', data: { note: '需协调产权单位' } });
    expect(refused.statusCode).toBe(422);
    expect(JSON.stringify(refused.body)).toContain(LATE_EXTENSION);
  });

  it('closes a 不满意 ticket the centre does not send back, and the timeline says so', async () => {
    const number = await newTicket();
    const accept = await dispatched(number);
    expect((await submit('tj.handler', accept, { data: FORM_DATA.accept })).statusCode).toBe(200);
    const reply = await inboxTask(await world.user('tj.handler'), 'tianjin', number, 'reply');
    expect((await submit('tj.handler', reply, { data: FORM_DATA.reply })).statusCode).toBe(200);
    const visit = await inboxTask(await world.user('tj.returnvisit'), 'tianjin', number, 'returnVisit');
    const rated = await submit('tj.returnvisit', visit, { data: { ...FORM_DATA.returnVisit, handlingRating: 'dissatisfied', callerWords: '维修时间太晚', sendBack: false } });
    expect(rated.statusCode, JSON.stringify(rated.body)).toBe(200);
    // the 不满意 counts: the unit may explain (2025 §24); it says it will not, and the ticket closes
    const statement = await inboxTask(await world.user('tj.handler'), 'tianjin', number, 'dutyStatement');
    expect((await submit('tj.handler', statement, { action: 'decline', data: {} })).statusCode).toBe(200);
    const dispatcher = await world.user('tj.dispatcher');
    await waitFor('the ticket to close', async () => ((await dispatcher.get(`${TJ}/tickets/${number}`)).body.status === 'closed' ? true : undefined));
    const timeline = (await dispatcher.get(`${TJ}/tickets/${number}/timeline`)).body.items as Array<{ kind: string; summary: string }>;
    expect(timeline.find((e) => e.kind === 'rated')?.summary).toBe('回访评价：不满意；热线工作机构决定不退回承办单位再次办理');
    expect(timeline.some((e) => e.kind === 'reworkOrdered')).toBe(false);
    expect(timeline.find((e) => e.kind === 'dutyStatementDeclined')?.summary).toBe('承办单位表示不提交履职尽责说明，负面评价维持');
    expect((await dispatcher.get(`${TJ}/tickets/${number}`)).body.markers).toEqual({ negativeRatingExempt: false, unsolvableFiled: false });
  });

  it('spares the unit a 不满意 the centre finds it did its duty on: the statement, its review, the ticket marked exempt', async () => {
    const number = await newTicket();
    const accept = await dispatched(number);
    expect((await submit('tj.handler', accept, { data: FORM_DATA.accept })).statusCode).toBe(200);
    const reply = await inboxTask(await world.user('tj.handler'), 'tianjin', number, 'reply');
    expect((await submit('tj.handler', reply, { data: FORM_DATA.reply })).statusCode).toBe(200);
    const visit = await inboxTask(await world.user('tj.returnvisit'), 'tianjin', number, 'returnVisit');
    expect((await submit('tj.returnvisit', visit, { data: { ...FORM_DATA.returnVisit, handlingRating: 'dissatisfied', callerWords: '不接受维修方案', sendBack: false } })).statusCode).toBe(200);

    const handler = await world.user('tj.handler');
    const statement = await inboxTask(handler, 'tianjin', number, 'dutyStatement');
    expect(statement.dueAt).not.toBeNull(); // the pack's period (3 working days from the rating, an assumption)
    const detail = (await handler.get(`${TJ}/tasks/${statement.id}`)).body;
    expect(detail.actions.map((a: { label: string }) => a.label)).toEqual(['提交履职尽责说明', '不提交说明']);
    const missing = await submit('tj.handler', statement, { data: { explanation: '已按规定维修' } });
    expect(missing.statusCode).toBe(422); // the evidence is required
    const submitted = await submit('tj.handler', statement, { data: { explanation: '已按规定时间完成维修并如实答复', evidence: '维修工单 WX-2026-118，现场照片 3 张' } });
    expect(submitted.statusCode, JSON.stringify(submitted.body)).toBe(200);
    // still open, and the centre's reviewer has it
    const dispatcher = await world.user('tj.dispatcher');
    const review = await inboxTask(await world.user('tj.reviewer'), 'tianjin', number, 'dutyStatementReview');
    const waiting = (await dispatcher.get(`${TJ}/tickets/${number}`)).body;
    expect(waiting.status).toBe('open');
    expect(waiting.openSteps.map((s: { form: string }) => s.form)).toEqual(['dutyStatementReview']);
    const supervisor = await world.user('tj.supervisor');
    const onDissatisfiedBoard = async () =>
      ((await supervisor.get(`${TJ}/supervision?kind=dissatisfied`)).body.items as Array<{ ticket: { number: string } }>).some((i) => i.ticket.number === number);
    expect(await onDissatisfiedBoard()).toBe(true);
    expect((await submit('tj.reviewer', review, { data: { decision: 'accept', opinion: '维修及时，答复如实' } })).statusCode).toBe(200);

    await waitFor('the ticket to close', async () => ((await dispatcher.get(`${TJ}/tickets/${number}`)).body.status === 'closed' ? true : undefined));
    const ticket = (await dispatcher.get(`${TJ}/tickets/${number}`)).body;
    expect(ticket.markers).toEqual({ negativeRatingExempt: true, unsolvableFiled: false });
    expect(await onDissatisfiedBoard()).toBe(false); // the exempted rating is no longer supervised
    const timeline = (await dispatcher.get(`${TJ}/tickets/${number}/timeline`)).body.items as Array<{ kind: string; summary: string }>;
    expect(timeline.find((e) => e.kind === 'dutyStatementSubmitted')?.summary).toBe('承办单位提交履职尽责说明，待热线工作机构审核');
    expect(timeline.find((e) => e.kind === 'ratingExempted')?.summary).toBe('热线工作机构审核认为承办单位确已尽责：回访评价「不满意」不予负面评价，审核意见：维修及时，答复如实');
    expect(timeline.find((e) => e.kind === 'deadlineSet' && e.summary.startsWith('履职尽责说明时限'))).toBeDefined();
  });
});
