// Tickets and the caller's personal data: kept apart, masked by default, revealed only to roles that
// need it and only with a reason, each reveal in the audit trail (Tianjin 2025 §28–§29).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskName, maskPhone } from '../src/modules/tickets/masking';
import { type World, as, count, login, twoCities } from './support/world';

const CALLER = { name: '张三丰', phone: '13812345678' };

describe('masking', () => {
  it('shows the surname and the ends of the number only', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('张三')).toBe('张**');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('022-8890 8890')).toBe('022****8890');
    expect(maskPhone('12345')).toBe('*2345');
  });
});

describe('tickets and personal data', () => {
  let world: World;
  let registrar: ReturnType<typeof as>;
  let number: string;
  beforeAll(async () => {
    world = await twoCities();
    registrar = as(world.app, await login(world.app, 'a.registrar'));
    const response = await registrar.post('/api/cities/alpha/tickets', { type: 'complaint', urgency: 'general', content: '小区路灯不亮', unit: 'd1.s1', caller: CALLER });
    expect(response.statusCode).toBe(201);
    number = response.json().number;
  });
  afterAll(() => world.close());

  it('registers a ticket under the pack in force, numbered by day, with the caller masked', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
    expect(number).toMatch(new RegExp(`^${today}\\d{5}$`));
    const ticket = (await registrar.get(`/api/cities/alpha/tickets/${number}`)).json();
    expect(ticket).toMatchObject({ type: 'complaint', urgency: 'general', unitCode: 'd1.s1', packVersion: 1, registeredBy: 'a.registrar' });
    expect(ticket.caller).toEqual({ name: '张**', phone: '138****5678', masked: true, revealable: true, revealWith: 'task' });
    const second = await registrar.post('/api/cities/alpha/tickets', { type: 'consult', content: '咨询', caller: CALLER });
    expect(BigInt(second.json().number)).toBe(BigInt(number) + 1n);
  });

  it('refuses a registration with a bad phone in Chinese, naming the field at its pointer', async () => {
    const refused = await registrar.post('/api/cities/alpha/tickets', { type: 'complaint', content: '路灯不亮', caller: { name: '张三', phone: 'abc' } });
    expect(refused.statusCode).toBe(400);
    const { error } = refused.json();
    expect(error.message).toMatch(/^联系电话/);
    expect(error.details.errors).toEqual([expect.objectContaining({ path: '/caller/phone', messageZh: expect.stringMatching(/^联系电话/) })]);
  });

  it('keeps name and phone out of the ticket row and out of every ticket response', async () => {
    const columns = Object.keys(await world.knex('tickets').first());
    expect(columns).not.toContain('name');
    expect(columns).not.toContain('phone');
    expect(await count(world.knex, 'ticket_callers')).toBe(2);
    for (const user of ['a.registrar', 'a.dispatcher', 'a.supervisor', 'a.handler', 'a.leader']) {
      const caller = as(world.app, await login(world.app, user));
      for (const response of [await caller.get(`/api/cities/alpha/tickets/${number}`), await caller.get('/api/cities/alpha/tickets')]) {
        expect(response.statusCode).toBe(200);
        expect(response.body).not.toContain(CALLER.phone);
        expect(response.body).not.toContain(CALLER.name);
      }
    }
  });

  it('reveals the caller for a stated reason and logs who, when, which ticket and why', async () => {
    const before = Date.now();
    const revealed = await registrar.post(`/api/cities/alpha/tickets/${number}/caller-reveals`, { reason: '回拨核实诉求地址' });
    expect(revealed.statusCode).toBe(200);
    expect(revealed.json()).toEqual(CALLER);
    const [event] = await world.knex('audit_events').where({ action: 'ticket.callerRevealed', subject_id: number });
    const details = { reason: '回拨核实诉求地址', reasonCategory: null, reasonCategoryLabel: null, heldTask: true, fields: ['name', 'phone'] };
    expect(event).toMatchObject({ city_id: 'alpha', actor: 'a.registrar', subject_type: 'ticket', details });
    expect(event.actor_user_id).toBe((await world.knex('users').where('username', 'a.registrar').first()).id);
    expect(event.occurred_at.getTime()).toBeGreaterThanOrEqual(before - 1000);

    const supervisor = as(world.app, await login(world.app, 'a.supervisor'));
    const log = await supervisor.get(`/api/cities/alpha/audit-events?action=ticket.callerRevealed&subjectId=${number}`);
    expect(log.json()).toEqual([expect.objectContaining({ actor: 'a.registrar', details })]);
  });

  it('refuses a reveal without a reason, and logs nothing for it', async () => {
    const before = await count(world.knex, 'audit_events', { action: 'ticket.callerRevealed' });
    expect((await registrar.post(`/api/cities/alpha/tickets/${number}/caller-reveals`, {})).statusCode).toBe(400);
    const blank = await registrar.post(`/api/cities/alpha/tickets/${number}/caller-reveals`, { reason: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error).toMatchObject({ code: 'REVEAL_REASON_INVALID', message: '请填写查看原因（reason），至少 2 个字', issues: [expect.objectContaining({ where: '/reason' })] });
    expect(await count(world.knex, 'audit_events', { action: 'ticket.callerRevealed' })).toBe(before);
  });

  it('records the registration in the audit trail without any personal data', async () => {
    const [event] = await world.knex('audit_events').where({ action: 'ticket.registered', subject_id: number });
    expect(event.details).toEqual({ type: 'complaint', urgency: 'general', matter: null, place: null, unit: 'd1.s1', packVersion: 1 });
    expect(JSON.stringify(event)).not.toContain(CALLER.phone);
  });

  it('refuses a ticket the pack does not allow, naming each field, and stores nothing', async () => {
    const tickets = await count(world.knex, 'tickets');
    const audit = await count(world.knex, 'audit_events');
    const response = await registrar.post('/api/cities/alpha/tickets', { type: 'praise', urgency: 'cosmic', content: 'x', unit: 'centre', caller: CALLER });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.issues.map((i: { where: string }) => i.where)).toEqual(['/type', '/urgency', '/unit']);
    expect(await count(world.knex, 'tickets')).toBe(tickets);
    expect(await count(world.knex, 'audit_events')).toBe(audit);
  });

  it('writes the audit event in the registration’s transaction: if it cannot be written, no ticket is stored either', async () => {
    await world.knex.raw(`
      create function refuse_event() returns trigger language plpgsql as $$ begin raise exception 'storage refused (simulated)'; end $$;
      create trigger refuse_event after insert on audit_events for each row when (new.action = 'ticket.registered') execute function refuse_event();`);
    const tickets = await count(world.knex, 'tickets');
    const audit = await count(world.knex, 'audit_events');
    const response = await registrar.post('/api/cities/alpha/tickets', { type: 'consult', content: '失败的登记', caller: CALLER });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('storage refused');
    expect(await count(world.knex, 'tickets')).toBe(tickets);
    expect(await count(world.knex, 'ticket_callers')).toBe(tickets);
    expect(await count(world.knex, 'audit_events')).toBe(audit);
    await world.knex.raw('drop trigger refuse_event on audit_events; drop function refuse_event();');
  });

  it('keeps the audit trail append-only in the database itself', async () => {
    await expect(world.knex('audit_events').update({ actor: 'someone else' })).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(world.knex('audit_events').delete()).rejects.toThrow(/append-only: DELETE refused/);
    await expect(world.knex.raw('truncate audit_events')).rejects.toThrow(/append-only: TRUNCATE refused/);
  });

  it('refuses to register when the city has no published pack in force', async () => {
    await world.knex('cities').insert({ id: 'gamma', name: 'gamma' });
    await world.knex('units').insert({ city_id: 'gamma', code: 'centre', name: 'c', kind: 'centre' });
    const unit = await world.knex('units').where({ city_id: 'gamma' }).first('id');
    const hash = (await world.knex('users').where('username', 'a.registrar').first('password_hash')).password_hash;
    const [user] = await world.knex('users').insert({ city_id: 'gamma', username: 'g.registrar', display_name: 'g', unit_id: unit.id, password_hash: hash }).returning('id');
    await world.knex('user_roles').insert({ user_id: user.id, role: 'registrar' });
    const gamma = as(world.app, await login(world.app, 'g.registrar'));
    const response = await gamma.post('/api/cities/gamma/tickets', { type: 'consult', content: 'x', caller: CALLER });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('NO_PUBLISHED_PACK');
  });
});
