// Split dispatch (分别派单, Tianjin 2024 §15): the dispatcher lists several units; the ticket goes to the
// first, and a child ticket per other unit is registered in the same request, each with its own process,
// accept task in its own unit's inbox and deadlines. A pack without `split` refuses it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LifecycleWorld, complaint, inboxTask, lifecycleWorld } from './support/lifecycle';

const TJ = '/api/cities/tianjin';

describe('split dispatch on the embedded engine', () => {
  let world: LifecycleWorld;
  beforeAll(async () => {
    world = await lifecycleWorld();
  });
  afterAll(async () => {
    expect(world.engineErrors).toEqual([]);
    await world.close();
  });

  it('splits a Tianjin ticket into one ticket per unit, each in its own unit’s inbox with its own deadlines', async () => {
    const registrar = await world.user('tj.registrar');
    const dispatcher = await world.user('tj.dispatcher');
    const handler = await world.user('tj.handler');
    const handler2 = await world.user('tj.handler2');
    const registered = await registrar.post(`${TJ}/tickets`, complaint({ content: '路灯不亮，另有道路积水' }));
    expect(registered.statusCode, JSON.stringify(registered.body)).toBe(201);
    const number = registered.body.number as string;
    const child = `${number}-2`;

    const dispatch = await inboxTask(dispatcher, 'tianjin', number, 'dispatch');
    const done = await dispatcher.post(`${TJ}/tasks/${dispatch.id}/complete`, {
      data: { mode: 'split', units: ['heping.quanyechang', 'hexi.youyilu'], instructions: '分别办理' },
      requestId: `split-${dispatch.id}`,
    });
    expect(done.statusCode, JSON.stringify(done.body)).toBe(200);
    expect(done.body.ticket).toMatchObject({ number, unitCode: 'heping.quanyechang' });

    const childTicket = (await dispatcher.get(`${TJ}/tickets/${child}`)).body;
    expect(childTicket).toMatchObject({ number: child, type: 'complaint', urgency: 'general', channel: 'phone', content: '路灯不亮，另有道路积水', unitCode: 'hexi.youyilu', status: 'open' });
    expect(childTicket.caller).toEqual({ name: '张**', phone: '138****5678', masked: true, revealable: false, revealWith: null });
    const link = await world.knex('tickets').where({ number: child }).first('parent_ticket_id');
    expect(link.parent_ticket_id).toBe((await world.knex('tickets').where({ number }).first('id')).id);

    const accept = await inboxTask(handler, 'tianjin', number, 'accept');
    const childAccept = await inboxTask(handler2, 'tianjin', child, 'accept');
    expect(accept.unit).toMatchObject({ code: 'heping.quanyechang' });
    expect(childAccept.unit).toMatchObject({ code: 'hexi.youyilu' });
    expect(accept.dueAt).toMatch(/\+08:00$/);
    expect(childAccept.dueAt).toMatch(/\+08:00$/);
    expect(childAccept.id).not.toBe(accept.id);

    // each unit sees only its own
    expect((await handler.get(`${TJ}/tasks/${childAccept.id}`)).statusCode).toBe(404);
    expect((await handler2.get(`${TJ}/tasks/${accept.id}`)).statusCode).toBe(404);
    expect((await handler.get(`${TJ}/tickets/${child}`)).statusCode).toBe(404);
    expect((await handler2.get(`${TJ}/tickets/${number}`)).statusCode).toBe(404);
    expect((await handler.get(`${TJ}/tasks?q=${child}`)).body.items).toEqual([]);

    // the child's caller: masked, revealable by its own unit (before taking its task: with a reason category)
    expect((await handler2.get(`${TJ}/tickets/${child}`)).body.caller).toEqual({ name: '张**', phone: '138****5678', masked: true, revealable: true, revealWith: 'category' });
    const reveal = await handler2.post(`${TJ}/tickets/${child}/caller/reveal`, { reasonCategory: 'callback', reason: '联系诉求人核实积水位置' });
    expect(reveal.statusCode).toBe(200);
    expect(reveal.body).toEqual({ name: '张三丰', phone: '13812345678' });

    // timelines and audit
    const parentTimeline = (await dispatcher.get(`${TJ}/tickets/${number}/timeline`)).body.items as Array<{ kind: string; summary: string }>;
    expect(parentTimeline.find((e) => e.kind === 'split')?.summary).toMatch(/^拆分为 2 张工单/);
    const childTimeline = (await dispatcher.get(`${TJ}/tickets/${child}/timeline`)).body.items as Array<{ kind: string; summary: string }>;
    const kinds = childTimeline.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['splitFrom', 'registered', 'dispatched', 'deadlineSet']));
    expect(childTimeline.find((e) => e.kind === 'dispatched')?.summary).toBe('派单至友谊路街道');
    const audit = await world.knex('audit_events').whereIn('subject_id', [number, child]).whereIn('action', ['ticket.split', 'ticket.registered']).select('action', 'subject_id');
    expect(audit).toEqual(expect.arrayContaining([{ action: 'ticket.split', subject_id: number }, { action: 'ticket.registered', subject_id: child }]));

    // a retry does nothing twice
    const again = await dispatcher.post(`${TJ}/tasks/${dispatch.id}/complete`, {
      data: { mode: 'split', units: ['heping.quanyechang', 'hexi.youyilu'], instructions: '分别办理' },
      requestId: `split-${dispatch.id}`,
    });
    expect(again.statusCode).toBe(200);
    expect(Number((await world.knex('tickets').where({ city_id: 'tianjin' }).where('number', 'like', `${number}%`).count({ n: '*' }).first())?.n)).toBe(2);

    // the child runs on by itself
    const accepted = await handler2.post(`${TJ}/tasks/${childAccept.id}/complete`, { data: { handler: '赵六', handlerPhone: '13900002222' }, requestId: `accept-${child}` });
    expect(accepted.statusCode, JSON.stringify(accepted.body)).toBe(200);
    await inboxTask(handler2, 'tianjin', child, 'reply');
  });

  it('refuses a split where the pack does not allow it (Hangzhou)', async () => {
    const HZ = '/api/cities/hangzhou';
    const registrar = await world.user('hz.registrar');
    const dispatcher = await world.user('hz.dispatcher');
    const registered = await registrar.post(`${HZ}/tickets`, complaint({ content: '噪音扰民，另有占道经营' }));
    expect(registered.statusCode, JSON.stringify(registered.body)).toBe(201);
    const number = registered.body.number as string;
    const dispatch = await inboxTask(dispatcher, 'hangzhou', number, 'dispatch');
    const refused = await dispatcher.post(`${HZ}/tasks/${dispatch.id}/complete`, { data: { mode: 'split', units: ['shangcheng.hubin', 'shangcheng.hubin'] }, requestId: `split-${dispatch.id}` });
    expect(refused.statusCode).toBe(422);
    expect(refused.body.error.code).toBe('SPLIT_NOT_ALLOWED');
    expect(JSON.stringify(refused.body.error)).toContain('分别派单');
    expect(await world.knex('tasks').where({ id: dispatch.id }).first('status')).toEqual({ status: 'open' });
    expect(Number((await world.knex('tickets').where({ city_id: 'hangzhou' }).where('number', 'like', `${number}-%`).count({ n: '*' }).first())?.n)).toBe(0);
  });
});
