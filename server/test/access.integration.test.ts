// Who may do what: every role against every endpoint, inside their unit, across units, across cities.
// A refusal is 403 (wrong role) or 404 (not in your scope), and never carries the data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type World, as, login, twoCities } from './support/world';

const CALLER = { name: '李四', phone: '13900001111' };
const STAFF = ['registrar', 'dispatcher', 'reviewer', 'returnvisit', 'supervisor', 'policy', 'admin', 'handler', 'handler2', 'leader', 'stleader'] as const;
type Staff = (typeof STAFF)[number];

describe('access by role and scope', () => {
  let world: World;
  const tokens = new Map<string, string>();
  const tickets: Record<'s1' | 's2' | 'dept' | 'none', string> = { s1: '', s2: '', dept: '', none: '' };
  const call = (user: string) => as(world.app, tokens.get(user)!);

  beforeAll(async () => {
    world = await twoCities();
    for (const prefix of ['a', 'b']) for (const who of STAFF) tokens.set(`${prefix}.${who}`, await login(world.app, `${prefix}.${who}`));
    for (const [key, unit] of [['s1', 'd1.s1'], ['s2', 'd1.s2'], ['dept', 'dept'], ['none', undefined]] as const) {
      const response = await call('a.registrar').post('/api/cities/alpha/tickets', { type: 'consult', content: `诉求 ${key}`, ...(unit ? { unit } : {}), caller: CALLER });
      expect(response.statusCode).toBe(201);
      tickets[key] = response.json().number;
    }
  });
  afterAll(() => world.close());

  /** Status each alpha user gets, in STAFF order. */
  const expectStatuses = async (request: (user: string) => Promise<{ statusCode: number; body: string }>, expected: Record<Staff, number>) => {
    const got: Record<string, number> = {};
    for (const who of STAFF) {
      const response = await request(`a.${who}`);
      got[who] = response.statusCode;
      if (response.statusCode >= 400) expect(response.body).not.toContain(CALLER.phone.slice(-4));
    }
    expect(got).toEqual(expected);
  };

  it('reads a ticket: the centre all, a handler their unit, a leader their unit and below; policy and admin none', async () => {
    await expectStatuses((u) => call(u).get(`/api/cities/alpha/tickets/${tickets.s1}`), {
      registrar: 200, dispatcher: 200, reviewer: 200, returnvisit: 200, supervisor: 200, policy: 403, admin: 403,
      handler: 200, handler2: 404, leader: 200, stleader: 404,
    });
    await expectStatuses((u) => call(u).get(`/api/cities/alpha/tickets/${tickets.dept}`), {
      registrar: 200, dispatcher: 200, reviewer: 200, returnvisit: 200, supervisor: 200, policy: 403, admin: 403,
      handler: 404, handler2: 404, leader: 404, stleader: 404,
    });
  });

  it('lists only the tickets in scope', async () => {
    const numbers = async (user: string) => (await call(user).get('/api/cities/alpha/tickets')).json().map((t: { number: string }) => t.number).sort();
    expect(await numbers('a.dispatcher')).toEqual(Object.values(tickets).sort());
    expect(await numbers('a.handler')).toEqual([tickets.s1]);
    expect(await numbers('a.handler2')).toEqual([tickets.s2]);
    expect(await numbers('a.leader')).toEqual([tickets.s1, tickets.s2].sort());
    expect(await numbers('a.stleader')).toEqual([tickets.s2]);
  });

  it('reveals the caller by the pack’s reveal rules: registrar, return visit, supervisor, and unit staff within their scope', async () => {
    // the default roles: dispatcher and reviewer never; the others on the tickets of their scope (a leader: the unit and below),
    // with a reason category when they hold no task of it (the registrar registered it: theirs)
    await expectStatuses((u) => call(u).post(`/api/cities/alpha/tickets/${tickets.s1}/caller-reveals`, { reasonCategory: 'callback', reason: '回访核实诉求人' }), {
      registrar: 200, dispatcher: 403, reviewer: 403, returnvisit: 200, supervisor: 200, policy: 403, admin: 403,
      handler: 200, handler2: 404, leader: 200, stleader: 404,
    });
    const logged = await world.knex('audit_events').where({ action: 'ticket.callerRevealed', subject_id: tickets.s1 }).orderBy('id').pluck('actor');
    expect(logged).toEqual(['a.registrar', 'a.returnvisit', 'a.supervisor', 'a.handler', 'a.leader']);
    // a dispatcher's role never reveals: refused before the ticket is even looked at
    const refused = await call('a.dispatcher').post(`/api/cities/alpha/tickets/${tickets.s1}/caller-reveals`, { reason: '核实' });
    expect(refused.json().error.message).toBe("this needs a role of the city's pack that may reveal a caller");
    // what the ticket says agrees with what the reveal does
    const revealable = async (user: string) => (await call(user).get(`/api/cities/alpha/tickets/${tickets.s1}`)).json().caller.revealable;
    expect(await revealable('a.leader')).toBe(true);
    expect(await revealable('a.dispatcher')).toBe(false);
    const basis = async (user: string) => (await call(user).get(`/api/cities/alpha/tickets/${tickets.s1}`)).json().caller.revealWith;
    expect([await basis('a.registrar'), await basis('a.leader'), await basis('a.dispatcher')]).toEqual(['task', 'category', null]);
  });

  it('lets only the registrar register tickets', async () => {
    await expectStatuses((u) => call(u).post('/api/cities/alpha/tickets', { type: 'consult', content: '新诉求', caller: CALLER }), {
      registrar: 201, dispatcher: 403, reviewer: 403, returnvisit: 403, supervisor: 403, policy: 403, admin: 403,
      handler: 403, handler2: 403, leader: 403, stleader: 403,
    });
  });

  it('gives the audit trail to the roles with the supervision page (not to admin: 三员), users to admin, publishing to policy and admin', async () => {
    const only = (allowed: Partial<Record<Staff, number>>, otherwise = 403) =>
      Object.fromEntries(STAFF.map((s) => [s, allowed[s] ?? otherwise])) as Record<Staff, number>;
    await expectStatuses((u) => call(u).get('/api/cities/alpha/audit-events'), only({ supervisor: 200, registrar: 200, dispatcher: 200, reviewer: 200 }));
    await expectStatuses((u) => call(u).get('/api/cities/alpha/supervision'), only({ supervisor: 200, registrar: 200, dispatcher: 200, reviewer: 200 }));
    await expectStatuses((u) => call(u).get('/api/cities/alpha/users'), only({ admin: 200 }));
    // version 1 is published already: the allowed roles get past the access check to the 409
    await expectStatuses((u) => call(u).post('/api/cities/alpha/pack-versions/1/publish', { effectiveFrom: '2030-01-01' }), only({ policy: 409, admin: 409 }));
    await expectStatuses((u) => call(u).get('/api/cities/alpha/pack-versions'), only({}, 200));
  });

  it('never shows one city’s records to another city’s staff, whatever the role', async () => {
    const paths = [
      { method: 'get', url: `/api/cities/alpha/tickets/${tickets.s1}` },
      { method: 'get', url: '/api/cities/alpha/tickets' },
      { method: 'post', url: `/api/cities/alpha/tickets/${tickets.s1}/caller-reveals`, body: { reason: '越权尝试' } },
      { method: 'post', url: '/api/cities/alpha/tickets', body: { type: 'consult', content: 'x', caller: CALLER } },
      { method: 'get', url: '/api/cities/alpha/audit-events' },
      { method: 'get', url: '/api/cities/alpha/users' },
      { method: 'get', url: '/api/cities/alpha/units' },
      { method: 'get', url: '/api/cities/alpha/pack-versions/1' },
    ] as const;
    for (const who of STAFF) {
      for (const path of paths) {
        const response = path.method === 'get' ? await call(`b.${who}`).get(path.url) : await call(`b.${who}`).post(path.url, 'body' in path ? path.body : undefined);
        expect([403, 404], `b.${who} ${path.method} ${path.url}`).toContain(response.statusCode);
        expect(response.body).not.toContain(tickets.s1);
        expect(response.body).not.toContain('诉求');
        expect(response.body).not.toContain(CALLER.phone.slice(-4));
      }
      // an alpha ticket number asked for in their own city is simply not there
      const ownCity = await call(`b.${who}`).get(`/api/cities/beta/tickets/${tickets.s1}`);
      expect([403, 404]).toContain(ownCity.statusCode);
    }
  });
});
