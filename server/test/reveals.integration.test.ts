// Revealing a caller (Tianjin 2025 §28–§29, 等保 2.0 personal-data access): on a ticket one holds or held
// a task of with a reason; on another ticket of a `scope` role only with one of the pack's reason
// categories and a text stating the need; rate-limited per person; bulk patterns raise alerts that the
// security administrator (安全管理员) reads and closes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import type { App } from '../src/http/app-types';
import { TEST_AUTH, type World, as, count, login, twoCities } from './support/world';

const CALLER = { name: '王五', phone: '13700002222' };
/** Small limits, so a test reaches them: 5 an hour, an alert past 3 within 5 minutes or past 2 beyond one's tasks in an hour. */
const LIMITS = { perHour: 5, perDay: 100, burstCount: 3, burstMinutes: 5, beyondTasksPerHour: 2 };

describe('revealing a caller', () => {
  let world: World;
  let app: App;
  let ticket: string;
  const user = async (username: string) => as(app, await login(app, username));
  const reveal = async (username: string, body: object, number = ticket) =>
    (await user(username)).post(`/api/cities/alpha/tickets/${number}/caller-reveals`, body);
  const reveals = (username: string) => world.knex('audit_events').where({ action: 'ticket.callerRevealed', actor: username });

  /** Another person at the centre of alpha with these roles (the demo organisation has one per role). */
  const addUser = async (username: string, roles: string[]) => {
    const template = await world.knex('users').where('username', 'a.registrar').first('city_id', 'unit_id', 'password_hash');
    const [row] = await world.knex('users').insert({ ...template, username, display_name: username }).returning('id');
    await world.knex('user_roles').insert(roles.map((role) => ({ user_id: row.id, role })));
  };

  beforeAll(async () => {
    world = await twoCities();
    app = await buildApp({ db: world.knex, databaseDescription: 'test database', auth: TEST_AUTH, validateResponses: true, reveals: LIMITS });
    await app.ready();
    await addUser('a.registrar2', ['registrar']);
    await addUser('a.security', ['security']);
    const registered = await (await user('a.registrar')).post('/api/cities/alpha/tickets', { type: 'complaint', content: '楼道堆放杂物', unit: 'd1.s1', caller: CALLER });
    expect(registered.statusCode).toBe(201);
    ticket = registered.json().number;
  });
  afterAll(async () => {
    await app.close();
    await world.close();
  });

  it('lets the person who holds or held a task of the ticket reveal with a reason alone, uncached, and logs it as a task-holder reveal', async () => {
    const registrar = await user('a.registrar');
    expect((await registrar.get(`/api/cities/alpha/tickets/${ticket}`)).json().caller).toMatchObject({ revealable: true, revealWith: 'task' });
    const revealed = await reveal('a.registrar', { reason: '回拨核实' });
    expect(revealed.statusCode).toBe(200);
    expect(revealed.json()).toEqual(CALLER);
    expect(revealed.headers['cache-control']).toBe('no-store');
    const [event] = await reveals('a.registrar');
    expect(event.details).toEqual({ reason: '回拨核实', reasonCategory: null, reasonCategoryLabel: null, heldTask: true, fields: ['name', 'phone'] });
  });

  it('offers the pack’s reason categories (the platform’s defaults for a pack that declares none)', async () => {
    const response = await (await user('a.supervisor')).get('/api/cities/alpha/reveal-reasons');
    expect(response.statusCode).toBe(200);
    expect(response.json().reasons).toEqual([
      { key: 'repeatCall', label: '重复来电核实身份' },
      { key: 'callback', label: '回访联系诉求人' },
      { key: 'supervision', label: '督办核查' },
      { key: 'legal', label: '依法协助调查' },
    ]);
    expect((await (await user('a.dispatcher')).get('/api/cities/alpha/reveal-reasons')).statusCode).toBe(403);
  });

  it('on a ticket of the role’s scope the person holds no task of: refuses without a category, with an unknown one, or with a vague text — in Chinese, at the field', async () => {
    expect((await (await user('a.supervisor')).get(`/api/cities/alpha/tickets/${ticket}`)).json().caller).toMatchObject({ revealable: true, revealWith: 'category' });
    const none = await reveal('a.supervisor', { reason: '督办需要核实诉求人身份' });
    expect(none.statusCode).toBe(400);
    expect(none.json().error).toMatchObject({ code: 'REVEAL_REASON_INVALID', issues: [expect.objectContaining({ where: '/reasonCategory' })] });
    expect(none.json().error.message).toMatch(/^您未办理过工单 \d+：查看其诉求人信息须选择查看原因类别（reasonCategory）：repeatCall（重复来电核实身份）/);

    const unknown = await reveal('a.supervisor', { reasonCategory: 'curiosity', reason: '督办需要核实诉求人身份' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toMatch(/^查看原因类别（reasonCategory）“curiosity”不是本市规定的类别，可选：/);

    const vague = await reveal('a.supervisor', { reasonCategory: 'supervision', reason: '看看' });
    expect(vague.statusCode).toBe(400);
    expect(vague.json().error).toMatchObject({ message: expect.stringContaining('至少 5 个字'), issues: [expect.objectContaining({ where: '/reason' })] });
    expect(await reveals('a.supervisor')).toEqual([]);
    // a task holder's category must be one of the city's too
    expect((await reveal('a.registrar', { reasonCategory: 'curiosity', reason: '回拨核实' })).statusCode).toBe(400);
  });

  it('allows it with a category and a text stating the need, and records both', async () => {
    const revealed = await reveal('a.supervisor', { reasonCategory: 'supervision', reason: '督办核查：诉求人称多次来电未果' });
    expect(revealed.statusCode).toBe(200);
    expect(revealed.json()).toEqual(CALLER);
    const [event] = await reveals('a.supervisor');
    expect(event.details).toEqual({ reason: '督办核查：诉求人称多次来电未果', reasonCategory: 'supervision', reasonCategoryLabel: '督办核查', heldTask: false, fields: ['name', 'phone'] });
  });

  it('refuses the reveal past the hourly rate with 429 in Chinese, even for requests sent at once, and raises one alert', async () => {
    const mine = await (await user('a.registrar2')).post('/api/cities/alpha/tickets', { type: 'consult', content: '咨询办事流程', caller: CALLER });
    const answers = await Promise.all(Array.from({ length: 7 }, () => reveal('a.registrar2', { reason: '回拨核实来电' }, mine.json().number)));
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const refused = answers.find((a) => a.statusCode === 429)!;
    expect(refused.json().error).toMatchObject({ code: 'REVEAL_RATE_LIMITED', message: '查看诉求人信息过于频繁：1 小时内最多 5 次，请稍后再试；确有工作需要的，请联系安全管理员。' });
    expect(refused.body).not.toContain(CALLER.phone);
    expect(await reveals('a.registrar2')).toHaveLength(5);
    const alerts = await world.knex('security_alerts as s').join('users as u', 'u.id', 's.user_id').where({ 'u.username': 'a.registrar2', kind: 'rateLimit' }).select('s.*');
    expect(alerts).toHaveLength(1); // the second refusal finds it open
    expect(alerts[0].details.summary).toBe('1 小时内查看诉求人信息已达上限 5 次，仍继续尝试查看');
    const raised = await world.knex('audit_events').where({ action: 'security.alertRaised', subject_id: String(alerts[0].id) });
    expect(raised).toEqual([expect.objectContaining({ actor: 'system', details: expect.objectContaining({ kind: 'rateLimit', person: 'a.registrar2' }) })]);
  });

  it('raises alerts on bulk patterns (beyond one’s tasks, a burst) in the reveal’s own transaction, the reveals still answered', async () => {
    const body = { reasonCategory: 'callback', reason: '回访联系诉求人确认办理结果' };
    for (let i = 0; i < 4; i++) expect((await reveal('a.leader', body)).statusCode).toBe(200);
    const alerts = await world.knex('security_alerts as s').join('users as u', 'u.id', 's.user_id').where('u.username', 'a.leader').orderBy('s.id').select('s.*');
    expect(alerts.map((a) => [a.kind, a.details.summary])).toEqual([
      ['beyondTasks', '1 小时内查看非本人办理工单的诉求人信息 3 次（超过 2 次）'],
      ['burst', '5 分钟内查看诉求人信息 4 次（超过 3 次）'],
    ]);
    // one transaction: the alert and the reveal's audit event carry the same transaction time
    const events = await reveals('a.leader').orderBy('id');
    expect(alerts[0].raised_at.getTime()).toBe(events[2].occurred_at.getTime());
    expect(alerts[1].raised_at.getTime()).toBe(events[3].occurred_at.getTime());
  });

  it('shows the alerts to the security administrator, who closes one with a note (audited)', async () => {
    const security = await user('a.security');
    const open = await security.get('/api/cities/alpha/security/alerts?status=open');
    expect(open.statusCode).toBe(200);
    const list = open.json().alerts as Array<{ id: string; kind: string; label: string; person: { username: string } }>;
    expect(list.map((a) => `${a.person.username} ${a.label}`).sort()).toEqual([
      'a.leader 短时间内批量查看诉求人信息',
      'a.leader 频繁查看非本人办理工单的诉求人信息',
      'a.registrar2 短时间内批量查看诉求人信息', // five within the burst window, too
      'a.registrar2 超过查看频率上限',
    ]);
    const burst = list.find((a) => a.kind === 'burst')!;
    expect((await security.post(`/api/cities/alpha/security/alerts/${burst.id}/close`, { note: '  ' })).statusCode).toBe(400);
    const closed = await security.post(`/api/cities/alpha/security/alerts/${burst.id}/close`, { note: '已核实：集中回访当日办结工单' });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ id: burst.id, closedBy: { username: 'a.security' }, closeNote: '已核实：集中回访当日办结工单', closedAt: expect.any(String) });
    expect((await security.post(`/api/cities/alpha/security/alerts/${burst.id}/close`, { note: '再次关闭' })).statusCode).toBe(409);
    expect((await security.get('/api/cities/alpha/security/alerts?status=open')).json().alerts.map((a: { id: string }) => a.id)).not.toContain(burst.id);
    expect((await security.get('/api/cities/alpha/security/alerts?status=closed')).json().alerts.map((a: { id: string }) => a.id)).toEqual([burst.id]);
    const [event] = await world.knex('audit_events').where({ action: 'security.alertClosed', subject_id: burst.id });
    expect(event).toMatchObject({ actor: 'a.security', details: { kind: 'burst', person: 'a.leader', note: '已核实：集中回访当日办结工单' } });
  });

  it('refuses the alerts to everyone else, and another city’s alerts to the security administrator', async () => {
    const id = (await world.knex('security_alerts').first('id')).id;
    for (const who of ['a.admin', 'a.supervisor', 'a.registrar', 'a.policy']) {
      const caller = await user(who);
      expect((await caller.get('/api/cities/alpha/security/alerts')).statusCode, who).toBe(403);
      expect((await caller.post(`/api/cities/alpha/security/alerts/${id}/close`, { note: '越权关闭' })).statusCode, who).toBe(403);
    }
    expect((await (await user('a.security')).get('/api/cities/beta/security/alerts')).statusCode).toBe(404);
    expect(await count(world.knex, 'security_alerts', { closed_by: null })).toBeGreaterThan(0);
  });
});
