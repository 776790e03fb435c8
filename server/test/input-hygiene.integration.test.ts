// Bad text where it enters, and replayed request ids: a NUL byte or a lone surrogate anywhere in a body,
// a query string, a route parameter or an imported table is a 400 naming the field, never a 500 and
// never stored; a task completion's requestId answers only the user who sent it, with the same request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORBIDDEN_TEXT_ZH } from '../src/http/text-input';
import { readOrganisationCsv } from '../src/modules/organisations/organisation-file';
import { FORM_DATA, type LifecycleWorld, complaint, inboxTask, lifecycleWorld } from './support/lifecycle';
import { count } from './support/world';

const TJ = '/api/cities/tianjin';

describe('text that cannot be stored', () => {
  let world: LifecycleWorld;
  beforeAll(async () => {
    world = await lifecycleWorld({ kind: 'embedded' }, ['tianjin'], { users: { tianjin: [{ username: 'tj.dispatcher2', name: '第二派单员', unit: 'centre', roles: ['dispatcher'] }] } });
  });
  afterAll(() => world.close());

  const refusedAt = (response: { statusCode: number; body: { error: { code: string; message: string; issues: Array<{ where: string; messageZh: string }> } } }, ...where: string[]) => {
    expect(response.statusCode, JSON.stringify(response.body)).toBe(400);
    expect(response.body.error.code).toBe('TEXT_NOT_ALLOWED');
    expect(response.body.error.issues.map((i) => i.where)).toEqual(where);
    expect(response.body.error.issues[0]?.messageZh).toBe(FORBIDDEN_TEXT_ZH);
    expect(response.body.error.message).toContain(FORBIDDEN_TEXT_ZH);
  };

  it('refuses a NUL in ticket content and a lone surrogate in the caller’s name, naming both, and stores nothing', async () => {
    const registrar = await world.user('tj.registrar');
    const before = await count(world.knex, 'tickets');
    refusedAt(await registrar.post(`${TJ}/tickets`, complaint({ content: '路灯\u0000不亮', caller: { name: '张\uD800', phone: '13812345678' } })), '/content', '/caller/name');
    refusedAt(await registrar.post(`${TJ}/tickets`, complaint({ content: '路灯不亮\uDFFF' })), '/content');
    expect(await count(world.knex, 'tickets')).toBe(before);
    // an emoji or a rare character (a surrogate pair) is text like any other
    expect((await registrar.post(`${TJ}/tickets`, complaint({ content: '路灯不亮 😀 𠀀' }))).statusCode).toBe(201);
  });

  it('refuses it in a query string and a route parameter', async () => {
    const registrar = await world.user('tj.registrar');
    refusedAt(await registrar.get(`${TJ}/tasks?q=12%00`), '/query/q');
    refusedAt(await registrar.get(`${TJ}/tickets/%00`), '/params/number');
    // a surrogate cannot be percent-encoded as UTF-8 at all: still a 400, not a 500
    expect((await registrar.get(`${TJ}/tasks?q=%ED%A0%80`)).statusCode).toBeLessThan(500);
  });

  it('refuses it in task form data, in a value or a key, and completes nothing', async () => {
    const registrar = await world.user('tj.registrar');
    const dispatcher = await world.user('tj.dispatcher');
    const number = (await registrar.post(`${TJ}/tickets`, complaint())).body.number as string;
    const task = await inboxTask(dispatcher, 'tianjin', number, 'dispatch');
    refusedAt(await dispatcher.post(`${TJ}/tasks/${task.id}/complete`, { data: { ...FORM_DATA.dispatch, overrideReason: '\u0000' }, requestId: 'nul' }), '/data/overrideReason');
    refusedAt(await dispatcher.post(`${TJ}/tasks/${task.id}/complete`, { data: { ...FORM_DATA.dispatch, ['x\uD800']: 1 }, requestId: 'key' }), '/data/x\uD800');
    expect(await world.knex('tasks').where({ id: task.id }).first('status')).toEqual({ status: 'open' });
  });

  it('refuses an imported username with a NUL, over the API and in a CSV file', async () => {
    const admin = await world.user('tj.admin');
    const users = await count(world.knex, 'users');
    refusedAt(await admin.post(`${TJ}/organisation`, { users: [{ username: 'tj.new\u0000', name: '新用户', unit: 'centre', roles: ['registrar'] }] }), '/users/0/username');
    expect(await count(world.knex, 'users')).toBe(users);
    const csv = readOrganisationCsv('username,name,unit,roles\ntj.x\u0000y,某人,centre,registrar\n', 'users.csv');
    expect(csv).toMatchObject({ ok: false, issues: [{ where: 'users.csv row 2, username' }] });
    expect(JSON.stringify(csv)).toContain(FORBIDDEN_TEXT_ZH);
  });

  it('refuses a matter table with a NUL in a cell, naming the row and column', async () => {
    const response = await world.app.inject({
      method: 'POST',
      url: `${TJ}/matter-table`,
      headers: { authorization: `Bearer ${await token('tj.policy')}`, 'content-type': 'text/csv' },
      payload: Buffer.from('一级,二级\n城市管理,路灯\u0000\n', 'utf8'),
    });
    refusedAt({ statusCode: response.statusCode, body: response.json() }, '第 2 行 B 列');
  });

  async function token(username: string): Promise<string> {
    const response = await world.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'hotline-demo' } });
    return response.json().token;
  }
});

describe('a task completion’s request id', () => {
  let world: LifecycleWorld;
  beforeAll(async () => {
    world = await lifecycleWorld({ kind: 'embedded' }, ['tianjin'], { users: { tianjin: [{ username: 'tj.dispatcher2', name: '第二派单员', unit: 'centre', roles: ['dispatcher'] }] } });
  });
  afterAll(() => world.close());

  it('answers a replay by the same user with the same request, and refuses another user or other data with 422, changing nothing', async () => {
    const registrar = await world.user('tj.registrar');
    const dispatcher = await world.user('tj.dispatcher');
    const other = await world.user('tj.dispatcher2');
    const number = (await registrar.post(`${TJ}/tickets`, complaint())).body.number as string;
    const task = await inboxTask(dispatcher, 'tianjin', number, 'dispatch');
    const url = `${TJ}/tasks/${task.id}/complete`;
    const first = await dispatcher.post(url, { data: FORM_DATA.dispatch, requestId: 'dispatch-1' });
    expect(first.statusCode, JSON.stringify(first.body)).toBe(200);
    const completions = () => count(world.knex, 'ticket_events', { kind: 'taskCompleted' });
    const events = await completions();

    // the same request again (keys in another order): the first answer
    const replay = await dispatcher.post(url, { requestId: 'dispatch-1', data: { unit: FORM_DATA.dispatch.unit, mode: FORM_DATA.dispatch.mode } });
    expect(replay.statusCode).toBe(200);
    expect(replay.body.task).toMatchObject({ id: task.id, status: first.body.task.status });

    for (const refused of [
      await other.post(url, { data: FORM_DATA.dispatch, requestId: 'dispatch-1' }), // someone else
      await dispatcher.post(url, { data: { ...FORM_DATA.dispatch, unit: 'hexi.youyilu' }, requestId: 'dispatch-1' }), // other data
      await dispatcher.post(url, { data: FORM_DATA.dispatch, requestId: 'dispatch-1', action: 'note' }), // another action
    ]) {
      expect(refused.statusCode, JSON.stringify(refused.body)).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', issues: [{ where: '/requestId' }] });
      expect(refused.body.error.message).toMatch(/请求编号/);
      expect(JSON.stringify(refused.body)).not.toContain(number); // nothing of the first result
    }
    expect(await completions()).toBe(events);
    const row = await world.knex('tasks').where({ id: task.id }).first('completion_data', 'completion_request_hash');
    expect(row.completion_data).toEqual(FORM_DATA.dispatch);
    expect(row.completion_request_hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
