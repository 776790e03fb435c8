// The audit trail (等保 2.0: 安全审计): refused accesses (403, and 404 on another unit's or city's record)
// and exports are recorded; the trail is append-only in the database itself; readers filter it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../src/modules/auth/actor';
import { readOrganisationJson } from '../src/modules/organisations/organisation-file';
import { importOrganisation } from '../src/modules/organisations/organisations.service';
import { PASSWORD, type World, as, count, login, twoCities } from './support/world';

const ALPHA = '/api/cities/alpha';
const CALLER = { name: '赵六', phone: '13600002222' };

describe('audit trail', () => {
  let world: World;
  const tokens = new Map<string, string>();
  const call = (user: string) => as(world.app, tokens.get(user)!);
  const denials = (actor: string) => world.knex('audit_events').where({ action: 'access.denied', actor }).orderBy('id');
  let s1 = '';

  beforeAll(async () => {
    world = await twoCities();
    const extra = readOrganisationJson({ users: [{ username: 'a.auditor', name: '审计管理员', unit: 'centre', roles: ['auditor'], password: PASSWORD }] }, 'extra.json');
    if (!extra.ok) throw new Error(JSON.stringify(extra.issues));
    await importOrganisation(world.knex, 'alpha', extra.input, CLI, { demoAccounts: true }); // test people with a known password, like the world's
    for (const who of ['a.registrar', 'a.handler', 'a.handler2', 'a.dispatcher', 'a.supervisor', 'a.auditor', 'a.admin', 'b.registrar']) tokens.set(who, await login(world.app, who));
    s1 = (await call('a.registrar').post(`${ALPHA}/tickets`, { type: 'consult', content: '一街道的诉求', unit: 'd1.s1', caller: CALLER })).json().number;
  });
  afterAll(() => world.close());

  it("records a read of another unit's ticket as access.denied, answered as a plain 404", async () => {
    const refused = await call('a.handler2').get(`${ALPHA}/tickets/${s1}`);
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error).toEqual({ code: 'NOT_FOUND', message: `ticket ${s1} not found` });
    const [event] = await denials('a.handler2');
    expect(event).toMatchObject({
      city_id: 'alpha',
      subject_type: 'route',
      subject_id: 'GET /api/cities/:city/tickets/:number',
      details: { method: 'GET', path: `${ALPHA}/tickets/${s1}`, status: 404, reason: expect.stringContaining("outside the caller's units") },
    });
    // a reveal tried on it is refused the same way, and its refusal is written though the reveal's transaction rolled back
    await call('a.handler2').post(`${ALPHA}/tickets/${s1}/caller-reveals`, { reason: '核实地址' });
    expect((await denials('a.handler2')).map((e) => e.subject_id)).toEqual(['GET /api/cities/:city/tickets/:number', 'POST /api/cities/:city/tickets/:number/caller-reveals']);
  });

  it("records a wrong role (403) and another city's resource (404), but not a miss or an unknown URL", async () => {
    expect((await call('a.dispatcher').post(`${ALPHA}/tickets`, { type: 'consult', content: 'x', caller: CALLER })).statusCode).toBe(403);
    expect((await denials('a.dispatcher')).map((e) => [e.details.status, e.details.reason])).toEqual([[403, 'this needs a role with the page "register"']]);

    expect((await call('b.registrar').get(`${ALPHA}/tickets/${s1}`)).statusCode).toBe(404);
    const [cross] = await denials('b.registrar');
    expect(cross).toMatchObject({ city_id: 'beta', details: { status: 404, reason: 'another city: alpha' } });

    const before = await count(world.knex, 'audit_events', { action: 'access.denied' });
    expect((await call('a.handler').get(`${ALPHA}/tickets/9999999999999`)).statusCode).toBe(404);
    expect((await call('a.handler').get('/api/nothing-here')).statusCode).toBe(404);
    expect((await world.app.inject({ method: 'GET', url: `${ALPHA}/tickets/${s1}` })).statusCode).toBe(401);
    expect(await count(world.knex, 'audit_events', { action: 'access.denied' })).toBe(before);
  });

  it('records exports: a pack archive and a catalogue workbook', async () => {
    const archive = await call('a.dispatcher').get(`${ALPHA}/pack-versions/1/archive?format=zip`);
    expect(archive.statusCode).toBe(200);
    expect(await world.knex('audit_events').where({ action: 'export.downloaded', actor: 'a.dispatcher' }).select('subject_type', 'subject_id', 'details')).toEqual([
      { subject_type: 'packVersion', subject_id: 'alpha/1', details: { format: 'zip' } },
    ]);
    const draft = await call('a.dispatcher').post(`${ALPHA}/catalogue/drafts`);
    expect(draft.statusCode).toBe(201);
    expect((await call('a.dispatcher').get(`${ALPHA}/catalogue/versions/${draft.json().id}/export`)).statusCode).toBe(200);
    expect(await count(world.knex, 'audit_events', { action: 'export.downloaded', subject_type: 'catalogueVersion', subject_id: String(draft.json().id) })).toBe(1);
  });

  it('shows the auditor failed sign-ins with usernames no city has (password spraying), the supervision page not', async () => {
    const guess = await world.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'no.such.person', password: 'spray-123456' } });
    expect(guess.statusCode).toBe(401);
    const seen = (await call('a.auditor').get(`${ALPHA}/audit-events?action=auth.signInFailed`)).json() as Array<{ subjectId: string; cityId: string | null }>;
    expect(seen).toContainEqual(expect.objectContaining({ subjectId: 'no.such.person', cityId: null }));
    const supervision = (await call('a.supervisor').get(`${ALPHA}/audit-events`)).json() as Array<{ subjectId: string }>;
    expect(supervision.map((e) => e.subjectId)).not.toContain('no.such.person');
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit events in the database itself', async () => {
    const total = await count(world.knex, 'audit_events');
    await expect(world.knex('audit_events').update({ actor: 'someone else' })).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(world.knex('audit_events').where('action', 'access.denied').delete()).rejects.toThrow(/append-only: DELETE refused/);
    await expect(world.knex.raw('truncate audit_events')).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await count(world.knex, 'audit_events')).toBe(total);
  });

  it('lets the auditor filter by action, actor, subject and period, page by page', async () => {
    const read = async (query: string) => {
      const response = await call('a.auditor').get(`${ALPHA}/audit-events?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as Array<{ id: number; action: string; actor: string; subjectId: string; occurredAt: string }>;
    };
    const denied = await read('action=access.denied&actor=a.handler2');
    expect(denied.map((e) => e.subjectId)).toEqual(['POST /api/cities/:city/tickets/:number/caller-reveals', 'GET /api/cities/:city/tickets/:number']);
    expect((await read(`subjectType=ticket&subjectId=${s1}`)).map((e) => e.action)).toEqual(['ticket.registered']);
    // another city's events never show
    expect((await read('actor=b.registrar')).length).toBe(0);
    // the period: nothing after now, everything since an hour ago
    const now = new Date(Date.now() + 1000).toISOString();
    expect(await read(`from=${encodeURIComponent(now)}`)).toEqual([]);
    const all = await read(`from=${encodeURIComponent(new Date(Date.now() - 3600_000).toISOString())}&to=${encodeURIComponent(now)}&limit=1000`);
    expect(all.length).toBeGreaterThan(4);
    // pages follow each other without gap or overlap
    const first = await read('limit=2');
    const second = await read('limit=2&offset=2');
    expect([...first, ...second].map((e) => e.id)).toEqual(all.slice(0, 4).map((e) => e.id));
    expect((await call('a.auditor').get(`${ALPHA}/audit-events?from=yesterday`)).statusCode).toBe(400);
  });

  it('shows the supervision page only the reveals, and the system administrator nothing', async () => {
    await call('a.registrar').post(`${ALPHA}/tickets/${s1}/caller-reveals`, { reason: '回拨核实' });
    const seen = (await call('a.supervisor').get(`${ALPHA}/audit-events`)).json() as Array<{ action: string }>;
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map((e) => e.action))).toEqual(new Set(['ticket.callerRevealed']));
    expect((await call('a.admin').get(`${ALPHA}/audit-events`)).statusCode).toBe(403);
  });
});
