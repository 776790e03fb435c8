// Rolling a city out through the API: a fourth city copied from Turpan (as `hotline city new`), its
// checklist, its organisation, its publication and a first ticket; and a new calendar year published
// for a city whose open tickets counted that year provisionally: their deadlines are counted again and
// the live timers move (the old instant passes without supervision, the new one does not).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIR } from '../src/bootstrap/shipped-data';
import { type LifecycleWorld, complaint, inboxTask, lifecycleWorld } from './support/lifecycle';
import { apiCaller as caller, provisionalDeadlineScenario } from './support/provisional-scenario';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe('a new city from Turpan', () => {
  let world: LifecycleWorld;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    world = await lifecycleWorld({ kind: 'embedded' }, ['turpan']);
    call = caller(world);
  });
  afterAll(async () => {
    expect(world.engineErrors).toEqual([]);
    await world.close();
  });

  it('copies the pack into the new city’s first draft, with its processes renamed and an account to carry on', async () => {
    const refused = await call('tlf.policy', 'POST', '/api/cities', { id: 'shanshan', admin: { username: 'ss.admin', name: '鄯善实施人员' } });
    expect(refused.statusCode).toBe(403);
    const bad = await call('tlf.admin', 'POST', '/api/cities', { id: 'Shan Shan', admin: { username: 'ss.admin', name: 'x' } });
    expect(bad.statusCode).toBe(422);
    expect((await call('tlf.admin', 'POST', '/api/cities', { id: 'turpan', admin: { username: 'x.admin', name: 'x' } })).statusCode).toBe(409);

    const created = await call('tlf.admin', 'POST', '/api/cities', { id: 'shanshan', name: '鄯善县', admin: { username: 'ss.admin', name: '鄯善实施人员', password: 'shanshan-demo-1' } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      city: { id: 'shanshan', name: '鄯善县' },
      version: { cityId: 'shanshan', number: 1, status: 'draft', source: 'copied from turpan/1', createdBy: 'tlf.admin' },
      copiedFrom: { cityId: 'turpan', number: 1 },
      admin: { username: 'ss.admin', password: null },
    });
    // the new city's administrator changes the initial password before anything else
    expect((await call('ss.admin', 'GET', '/api/cities/shanshan/pack-versions/1', undefined, 'shanshan-demo-1')).json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await call('ss.admin', 'POST', '/api/auth/password', { currentPassword: 'shanshan-demo-1', newPassword: '鄯善县实施人员的新的登录密码' })).statusCode).toBe(204);
    const files = (await call('ss.admin', 'GET', '/api/cities/shanshan/pack-versions/1', undefined, 'shanshan-demo-1')).json().files as Json[];
    const turpan = (await call('tlf.admin', 'GET', '/api/cities/turpan/pack-versions/1')).json().files as Json[];
    expect(files.map((f) => f.path)).toEqual(turpan.map((f) => f.path));
    const xml = files.find((f) => f.path === 'processes/ticket.bpmn')!.text as string;
    expect(xml).toContain('id="ticket-shanshan"');
    expect(xml).not.toContain('ticket-turpan');
    expect(JSON.parse(files.find((f) => f.path === 'versions/2021.json')!.text).assumption).toMatch(/^Copied from turpan's rules/);
    const trail = await world.knex('audit_events').where({ city_id: 'shanshan' }).orderBy('id').pluck('action');
    expect(trail.slice(0, 2)).toEqual(['city.created', 'pack.draftCreated']);
    expect(trail).toContain('user.created');
  });

  it('lists what the new city still lacks: calendars, the copied rules, assumptions with their paths, units and people per role', async () => {
    const response = await call('ss.admin', 'GET', '/api/cities/shanshan/rollout-checklist', undefined, 'shanshan-demo-1');
    expect(response.statusCode, response.body).toBe(200);
    const { items, summary, version } = response.json() as { items: Json[]; summary: Json; version: Json };
    expect(version.number).toBe(1);
    const byKey = new Map(items.map((i) => [i.key, i]));
    const year = Number(today().slice(0, 4));
    for (const layer of ['national', 'xinjiang']) expect(byKey.get(`calendar:${layer}:${year}`)?.status).toBe('ok');
    expect(byKey.get(`calendar:national:${year + 1}`)).toMatchObject({ status: 'missing', file: `calendar/national-${year + 1}.json` });
    expect(byKey.get('copied:versions/2021.json')).toMatchObject({ group: 'copy', status: 'todo', path: '/assumption', detail: expect.stringMatching(/^Copied from turpan's rules/) });
    const assumptions = items.filter((i) => i.group === 'assumptions');
    expect(assumptions.length).toBeGreaterThan(0);
    for (const a of assumptions) expect(a.path).toMatch(/\/assumption$/);
    expect(byKey.get('units:centre')?.status).toBe('ok');
    expect(byKey.get('units:handling')?.status).toBe('missing');
    expect(byKey.get('places')?.status).toBe('missing');
    expect(byKey.get('role:registrar')?.status).toBe('missing');
    expect(byKey.get('role:admin')?.status).toBe('ok');
    expect(byKey.get('process:processes/ticket.bpmn:ticket-shanshan')?.status).toBe('ok');
    expect(summary.missing).toBeGreaterThan(0);
    expect((await call('tlf.admin', 'GET', '/api/cities/shanshan/rollout-checklist')).statusCode).toBe(404);
  });

  it('publishes the copy once its organisation is in, and runs a ticket through it', async () => {
    const demo = readFileSync(join(DEMO_DIR, 'turpan.json'), 'utf8').replaceAll('"tlf.', '"ss.');
    const org = JSON.parse(demo) as Json;
    org.units = org.units.filter((u: Json) => u.code !== 'centre');
    // the first account's own row stays out: nobody changes their own roles (三员分立)
    org.users = org.users.filter((u: Json) => u.username !== 'ss.admin');
    const imported = await call('ss.admin', 'POST', '/api/cities/shanshan/organisation', org, 'shanshan-demo-1');
    expect(imported.statusCode, imported.body).toBe(200);
    // imported people change their initial passwords at the first sign-in
    for (const person of ['ss.registrar', 'ss.dispatcher']) await world.changeInitialPassword(person);
    const checklist = (await call('ss.admin', 'GET', '/api/cities/shanshan/rollout-checklist', undefined, 'shanshan-demo-1')).json();
    expect(checklist.items.filter((i: Json) => i.group === 'organisation' && i.status !== 'ok')).toEqual([]);

    const published = await call('ss.admin', 'POST', '/api/cities/shanshan/pack-versions/1/publish', { effectiveFrom: today() }, 'shanshan-demo-1');
    expect(published.statusCode, published.body).toBe(200);
    // its processes named after it: the ticket's and the subject processes copied from Turpan
    expect(published.json().deployment).toEqual({
      deployed: true,
      engine: 'embedded',
      processes: [
        { resource: 'processes/assessment-appeal.bpmn', bpmnProcessId: 'assessment-appeal-shanshan', version: 1 },
        { resource: 'processes/knowledge-entry.bpmn', bpmnProcessId: 'knowledge-entry-shanshan', version: 1 },
        { resource: 'processes/knowledge-update.bpmn', bpmnProcessId: 'knowledge-update-shanshan', version: 1 },
        { resource: 'processes/ticket.bpmn', bpmnProcessId: 'ticket-shanshan', version: 1 },
      ],
    });

    const registrar = await world.user('ss.registrar');
    const ticket = await registrar.post('/api/cities/shanshan/tickets', complaint());
    expect(ticket.statusCode, JSON.stringify(ticket.body)).toBe(201);
    const dispatcher = await world.user('ss.dispatcher');
    const dispatch = await inboxTask(dispatcher, 'shanshan', ticket.body.number, 'dispatch');
    expect(dispatch).toMatchObject({ candidateGroups: ['dispatcher'], status: 'open', ticket: { number: ticket.body.number } });
  });
});

describe('a new calendar year published while open tickets counted it provisionally', () => {
  let world: LifecycleWorld;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    world = await lifecycleWorld({ kind: 'embedded' }, ['tianjin']);
    call = caller(world);
  });
  afterAll(async () => {
    expect(world.engineErrors).toEqual([]);
    await world.close();
  });

  it('counts the handling deadline again with the new calendar, updates the task, and moves the live timer', async () => {
    await provisionalDeadlineScenario(world, call);
  });
});
