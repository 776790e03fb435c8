// Live updates (GET /api/events): a task completed by one person reaches the next person's stream as a
// `created` event, pushed through PostgreSQL NOTIFY (no polling), and nobody of another unit or city hears
// of it; the events carry no caller data, a change that rolled back is never announced, a dropped LISTEN
// connection comes back and says `resync`, and a person's streams are capped.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTaskStream, type TaskStream } from '../src/modules/events/task-stream-client';
import { MAX_STREAMS_PER_USER } from '../src/modules/events/task-event-hub';
import { buildApp } from '../src/app';
import type { App } from '../src/http/app-types';
import { TEST_AUTH } from './support/world';
import { DEMO_PASSWORD, FORM_DATA, type LifecycleWorld, complaint, inboxTask, lifecycleWorld, waitFor } from './support/lifecycle';

describe('live updates of the inbox through server-sent events', { timeout: 120_000 }, () => {
  let world: LifecycleWorld;
  let baseUrl: string;
  const streams: TaskStream[] = [];

  async function tokenOf(username: string): Promise<string> {
    const response = await world.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
    expect(response.statusCode).toBe(200);
    return response.json().token as string;
  }

  async function streamOf(username: string): Promise<TaskStream> {
    const stream = await openTaskStream({ baseUrl, token: await tokenOf(username) });
    streams.push(stream);
    return stream;
  }

  beforeAll(async () => {
    world = await lifecycleWorld({ kind: 'embedded' }, ['tianjin', 'hangzhou']);
    await world.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(world.app.server.address() as AddressInfo).port}`;
  }, 180_000);
  afterAll(async () => {
    for (const s of streams) s.close();
    await world?.close();
  });

  it("pushes the next step to the next person's stream when a task is completed, and to nobody of another unit or city", async () => {
    const dispatcherStream = await streamOf('tj.dispatcher');
    const handlerStream = await streamOf('tj.handler'); // 劝业场街道 (heping.quanyechang)
    const otherUnitStream = await streamOf('tj.handler2'); // 友谊路街道: another unit of the same city
    const otherCityStream = await streamOf('hz.handler');

    const registrar = await world.user('tj.registrar');
    const registered = await registrar.post('/api/cities/tianjin/tickets', complaint());
    expect(registered.statusCode).toBe(201);
    const number = registered.body.number as string;

    // the dispatcher hears of the new dispatch task without asking
    const created = await dispatcherStream.next((e) => e.change === 'created' && e.ticketNumber === number && e.form === 'dispatch', 45_000);
    const dispatcher = await world.user('tj.dispatcher');
    const completed = await dispatcher.post(`/api/cities/tianjin/tasks/${created.event.taskId}/complete`, { data: FORM_DATA.dispatch, requestId: 'live-dispatch' });
    expect(completed.statusCode).toBe(200);

    // the handler of the unit it went to gets the 签收 task pushed; the dispatcher hears their own completion
    const next = await handlerStream.next((e) => e.change === 'created' && e.ticketNumber === number, 45_000);
    expect(next.event).toEqual({ change: 'created', taskId: expect.any(String), name: expect.any(String), form: 'accept', ticketNumber: number, subjectKind: null, byYou: false });
    expect((await inboxTask(await world.user('tj.handler'), 'tianjin', number, 'accept')).id).toBe(next.event.taskId);
    const done = await dispatcherStream.next((e) => e.change === 'completed' && e.taskId === created.event.taskId, 45_000);
    expect(done.event.byYou).toBe(true);

    // another unit and another city heard nothing of this ticket
    expect(otherUnitStream.received.filter((r) => r.event.ticketNumber === number)).toEqual([]);
    expect(otherCityStream.received.filter((r) => r.event.ticketNumber === number)).toEqual([]);
    // no caller data in any event
    const everything = JSON.stringify([dispatcherStream, handlerStream].flatMap((s) => s.received));
    expect(everything).not.toContain('13812345678');
    expect(everything).not.toContain('张三丰');

    // claiming it is pushed too (to the holder as their own)
    const handler = await world.user('tj.handler');
    expect((await handler.post(`/api/cities/tianjin/tasks/${next.event.taskId}/claim`)).statusCode).toBe(200);
    const claimed = await handlerStream.next((e) => e.change === 'claimed' && e.taskId === next.event.taskId, 45_000);
    expect(claimed.event.byYou).toBe(true);
  });

  it('reaches a stream on a second server replica (same database) when the change is made through the first', async () => {
    const replica: App = await buildApp({ db: world.knex, databaseDescription: 'test database', auth: TEST_AUTH, validateResponses: true });
    try {
      await replica.listen({ port: 0, host: '127.0.0.1' });
      const replicaUrl = `http://127.0.0.1:${(replica.server.address() as AddressInfo).port}`;
      const stream = await openTaskStream({ baseUrl: replicaUrl, token: await tokenOf('tj.dispatcher') });
      streams.push(stream);
      const registered = await (await world.user('tj.registrar')).post('/api/cities/tianjin/tickets', complaint());
      const created = await stream.next((e) => e.change === 'created' && e.ticketNumber === registered.body.number && e.form === 'dispatch', 45_000);
      expect(created.event.byYou).toBe(false);
    } finally {
      await replica.close();
    }
  });

  it('never announces a change that rolled back', async () => {
    const handlerStream = await streamOf('tj.handler');
    const registered = await (await world.user('tj.registrar')).post('/api/cities/tianjin/tickets', complaint());
    const number = registered.body.number as string;
    const dispatch = await inboxTask(await world.user('tj.dispatcher'), 'tianjin', number, 'dispatch');
    await (await world.user('tj.dispatcher')).post(`/api/cities/tianjin/tasks/${dispatch.id}/complete`, { data: FORM_DATA.dispatch, requestId: 'live-rollback' });
    const accept = await handlerStream.next((e) => e.change === 'created' && e.ticketNumber === number, 45_000);

    // a withdrawal written and rolled back
    await world.knex
      .transaction(async (trx) => {
        await trx('tasks').where({ id: accept.event.taskId }).update({ status: 'cancelled' });
        throw new Error('rolled back on purpose');
      })
      .catch(() => undefined);
    // the next change that commits arrives, and nothing came before it
    expect((await (await world.user('tj.handler')).post(`/api/cities/tianjin/tasks/${accept.event.taskId}/claim`)).statusCode).toBe(200);
    await handlerStream.next((e) => e.change === 'claimed' && e.taskId === accept.event.taskId, 45_000);
    expect(handlerStream.received.filter((r) => r.event.taskId === accept.event.taskId).map((r) => r.event.change)).toEqual(['created', 'claimed']);
  });

  it('listens again after its database connection dropped, telling the streams to reload', async () => {
    const stream = await streamOf('tj.dispatcher');
    const pid = await world.app.taskEvents.listenerPid();
    expect(pid).not.toBeNull();
    await world.knex.raw('select pg_terminate_backend(?)', [pid]);
    await waitFor('the stream told to reload', async () => stream.resyncs > 0, 45_000);
    const registered = await (await world.user('tj.registrar')).post('/api/cities/tianjin/tickets', complaint());
    await stream.next((e) => e.change === 'created' && e.ticketNumber === registered.body.number, 45_000);
  });

  it('does not keep an idle session alive: opening the stream is no sign of a person at the screen', async () => {
    const token = await tokenOf('tj.leader');
    const before = await world.knex.raw(`update sessions set last_seen_at = now() - interval '10 minutes' where user_id = (select id from users where username = 'tj.leader') returning last_seen_at`);
    streams.push(await openTaskStream({ baseUrl, token }));
    const after = await world.knex('sessions').whereIn('user_id', world.knex('users').where('username', 'tj.leader').select('id')).pluck('last_seen_at');
    expect(after.map(String).sort()).toEqual(before.rows.map((r: { last_seen_at: Date }) => String(r.last_seen_at)).sort());
  });

  it('refuses the anonymous, a person without a pack role (audited), and a stream beyond the cap per person', async () => {
    expect((await fetch(`${baseUrl}/api/events`)).status).toBe(401);
    const admin = await fetch(`${baseUrl}/api/events`, { headers: { authorization: `Bearer ${await tokenOf('tj.admin')}` } });
    expect(admin.status).toBe(403);
    const denied = await world.knex('audit_events').where({ action: 'access.denied', subject_id: 'GET /api/events' }).first();
    expect(denied).toBeDefined();

    const token = await tokenOf('tj.reviewer');
    for (let i = 0; i < MAX_STREAMS_PER_USER; i++) streams.push(await openTaskStream({ baseUrl, token }));
    const over = await fetch(`${baseUrl}/api/events`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
    expect(over.status).toBe(429);
    expect(((await over.json()) as { error: { message: string } }).error.message).toContain('实时更新连接');
  });
});
