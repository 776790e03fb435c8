// Organisations from the files implementers fill in: JSON or CSV, row and field errors, all or nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIR } from '../src/bootstrap/shipped-data';
import { CLI } from '../src/modules/auth/actor';
import { readOrganisationCsv, readOrganisationFile, readOrganisationJson } from '../src/modules/organisations/organisation-file';
import { importOrganisation } from '../src/modules/organisations/organisations.service';
import { importPack } from '../src/modules/packs/packs.service';
import { type TestDatabase, freshDatabase } from './support/database';
import { as, count, fixturePackAs, login, organisationFor, testApp } from './support/world';

function parsed(value: unknown) {
  const result = readOrganisationJson(value, 'org.json');
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.input;
}

describe('organisation import', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
    for (const city of ['alpha', 'beta']) await importPack(db.knex, fixturePackAs(city), { label: city, expectedCityId: city, actor: CLI });
  });
  afterAll(() => db.drop());

  it('creates the units in their hierarchy and the users with their roles, each with an audit event', async () => {
    const summary = await importOrganisation(db.knex, 'alpha', parsed(organisationFor('a')), CLI);
    expect(summary).toMatchObject({ placesCreated: 4, unitsCreated: 6, unitsUpdated: 0, usersCreated: 11, usersUpdated: 0, generatedPasswords: [] });
    expect(await db.knex('units').where({ city_id: 'alpha', code: 'd1.s1' }).first('place_code')).toEqual({ place_code: 'd1.s1' });
    const street = await db.knex('units as u').join('units as p', 'p.id', 'u.parent_id').where('u.code', 'd1.s1.c1').first('p.code');
    expect(street.code).toBe('d1.s1');
    const leader = await db.knex('users').where('username', 'a.leader').first();
    expect(leader.password_hash).toMatch(/^\$argon2id\$/);
    expect(await db.knex('user_roles').where('user_id', leader.id).pluck('role')).toEqual(['unitLeader']);
    expect(await count(db.knex, 'audit_events', { city_id: 'alpha', action: 'unit.created' })).toBe(6);
    expect(await count(db.knex, 'audit_events', { city_id: 'alpha', action: 'user.created' })).toBe(11);
  });

  it('updates on a second import: renamed units, changed roles, each change audited', async () => {
    const org = organisationFor('a');
    org.units[1]!.name = '一区（新）';
    org.users.find((u) => u.username === 'a.reviewer')!.roles = ['reviewer', 'dispatcher'];
    const summary = await importOrganisation(db.knex, 'alpha', parsed(org), CLI);
    expect(summary).toMatchObject({ unitsCreated: 0, unitsUpdated: 1, usersCreated: 0, usersUpdated: 1 });
    const [event] = await db.knex('audit_events').where({ action: 'user.rolesChanged', subject_id: 'a.reviewer' });
    expect(event.details).toEqual({ from: ['reviewer'], to: ['dispatcher', 'reviewer'] });
  });

  it('reads the CSV forms, units then users, and makes up passwords it reports once', async () => {
    const units = readOrganisationCsv('code,name,kind,parent\nbeta-centre,热线中心,centre,\nd9,九区,district,\nd9.s1,"九区 一街道",street,d9\n', 'units.csv');
    const users = readOrganisationCsv('username,name,unit,roles,password\nb.one,甲,beta-centre,registrar;dispatcher,\nb.two,乙,d9.s1,unitHandler,a-long-password\n', 'users.csv');
    if (!units.ok || !users.ok) throw new Error('CSV not read');
    await importOrganisation(db.knex, 'beta', units.input, CLI);
    const summary = await importOrganisation(db.knex, 'beta', users.input, CLI);
    expect(summary.usersCreated).toBe(2);
    expect(summary.generatedPasswords.map((p) => p.username)).toEqual(['b.one']);
    expect(summary.generatedPasswords[0]!.password.length).toBeGreaterThanOrEqual(16);

    // a role the city's pack does not have is refused on import, naming the row
    const unknown = readOrganisationCsv('username,name,unit,roles,password\nb.three,丙,beta-centre,registrar,\nb.four,丁,beta-centre,registrar;hotlineLead,\n', 'more-users.csv');
    if (!unknown.ok) throw new Error('CSV not read');
    const refused = await importOrganisation(db.knex, 'beta', unknown.input, CLI).catch((e) => e);
    expect(refused).toMatchObject({ statusCode: 422, code: 'ORGANISATION_INVALID' });
    expect(refused.issues).toEqual([{ where: 'more-users.csv row 3, roles', message: expect.stringContaining('"hotlineLead" is not a role of the city\'s pack') }]);
    expect(await count(db.knex, 'users', { username: 'b.three' })).toBe(0);
  });

  it('reads places.csv, district → street → community, and units naming the place they govern', async () => {
    const places = readOrganisationFile('code,name,kind,parent\nd7.s1.c1,七区一社区,community,d7.s1\nd7,七区,district,\nd7.s1,七区一街道,street,d7\n', 'beta/places.csv');
    const units = readOrganisationFile('code,name,kind,parent,place\nd7,七区,district,,d7\nd7.s1,七区一街道,street,d7,d7.s1\n', 'units.csv');
    if (!places.ok || !units.ok) throw new Error(JSON.stringify([places, units]));
    expect(places.input.places.map((p) => p.code)).toEqual(['d7.s1.c1', 'd7', 'd7.s1']);
    // the rows may come in any order: each place is stored after the one above it
    expect(await importOrganisation(db.knex, 'beta', places.input, CLI)).toMatchObject({ placesCreated: 3, unitsCreated: 0 });
    expect(await importOrganisation(db.knex, 'beta', units.input, CLI)).toMatchObject({ placesCreated: 0, unitsCreated: 2 });
    expect(await db.knex('units').where({ city_id: 'beta', code: 'd7.s1' }).first('place_code')).toEqual({ place_code: 'd7.s1' });
    expect(await count(db.knex, 'audit_events', { city_id: 'beta', action: 'place.created' })).toBe(3);

    const renamed = readOrganisationFile('code,name,kind,parent\nd7.s1,七区第一街道,street,d7\n', 'places.csv');
    if (!renamed.ok) throw new Error('CSV not read');
    expect(await importOrganisation(db.knex, 'beta', renamed.input, CLI)).toMatchObject({ placesCreated: 0, placesUpdated: 1 });
    expect(await db.knex('places').where({ city_id: 'beta', code: 'd7.s1' }).first('name')).toEqual({ name: '七区第一街道' });
  });

  it('refuses bad places, naming row and field, and stores nothing', async () => {
    const csv = readOrganisationFile('code,name,kind,parent\nd8,八区,district,\nd8.x,八区某处,village,d8\n', 'places.csv');
    expect(!csv.ok && csv.issues).toEqual([{ where: 'places.csv row 3, kind', message: '"village" is not one of district, street, community' }]);

    const before = { places: await count(db.knex, 'places'), units: await count(db.knex, 'units'), audit: await count(db.knex, 'audit_events') };
    const bad = parsed({
      places: [
        { code: 'd8', name: '八区', kind: 'district' },
        { code: 'd8.s1', name: '八区一街道', kind: 'street', parent: 'nowhere' },
        { code: 'd8', name: '八区again', kind: 'district' },
        { code: 'd8.c1', name: '八区一社区', kind: 'community', parent: 'd8' },
      ],
      units: [{ code: 'd8', name: '八区', kind: 'district', place: 'd9' }],
    });
    const error = await importOrganisation(db.knex, 'alpha', bad, CLI).catch((e) => e);
    expect(error).toMatchObject({ statusCode: 422, code: 'ORGANISATION_INVALID' });
    expect(error.issues).toEqual([
      { where: 'org.json places[2], code', message: '"d8" appears twice in the file' },
      { where: 'org.json places[1], parent', message: 'place "nowhere" is neither in the file nor in the city' },
      { where: 'org.json places[3], parent', message: 'a community cannot sit under a district ("d8"); allowed: street' },
      { where: 'org.json units[0], place', message: 'place "d9" is neither in the file nor in the city' },
    ]);
    expect({ places: await count(db.knex, 'places'), units: await count(db.knex, 'units'), audit: await count(db.knex, 'audit_events') }).toEqual(before);
  });

  it('names the row and field of every problem in a file', () => {
    const csv = readOrganisationCsv('username,name,unit,roles,password\nok.user,甲,centre,registrar,\nbad,,centre,,short\n', 'users.csv');
    expect(csv.ok).toBe(false);
    expect(!csv.ok && csv.issues).toEqual([
      { where: 'users.csv row 3, name', message: 'is required' },
      { where: 'users.csv row 3, roles', message: expect.stringContaining('is required') },
    ]);
    const header = readOrganisationCsv('who,what\nx,y\n', 'people.csv');
    expect(!header.ok && header.issues[0]!.where).toBe('people.csv row 1');
    const json = readOrganisationFile('{"units":[{"code":"x","name":"X","kind":"village"}],"staff":[]}', 'org.json');
    expect(!json.ok && json.issues.map((i) => i.where)).toEqual(['org.json, staff', 'org.json units[0], kind']);
  });

  it('refuses a file with problems against the city, listing them all, and stores nothing', async () => {
    const before = { units: await count(db.knex, 'units'), users: await count(db.knex, 'users'), audit: await count(db.knex, 'audit_events') };
    const bad = parsed({
      units: [
        { code: 'd2', name: '二区', kind: 'district' },
        { code: 'c9', name: '九社区', kind: 'community', parent: 'd2' },
        { code: 's9', name: '九街道', kind: 'street', parent: 'nowhere' },
      ],
      users: [
        { username: 'a.new', name: '新人', unit: 'd2', roles: ['registrar'] },
        { username: 'b.one', name: '重名', unit: 'centre', roles: ['registrar'] },
        { username: 'a.unit', name: '错位', unit: 'centre', roles: ['unitHandler'] },
        { username: 'a.wizard', name: '巫师', unit: 'centre', roles: ['registrar', 'wizard'] },
      ],
    });
    const error = await importOrganisation(db.knex, 'alpha', bad, CLI).catch((e) => e);
    expect(error).toMatchObject({ statusCode: 422, code: 'ORGANISATION_INVALID' });
    expect(error.issues).toEqual([
      { where: 'org.json units[1], parent', message: 'a community cannot sit under a district ("d2"); allowed: street' },
      { where: 'org.json units[2], parent', message: 'unit "nowhere" is neither in the file nor in the city' },
      { where: 'org.json users[0], roles', message: 'registrar (受理) works at the hotline centre, but unit "d2" is a district' },
      { where: 'org.json users[1], username', message: '"b.one" is taken by another city\'s user' },
      { where: 'org.json users[2], roles', message: 'unitHandler (承办单位经办人) belongs to a handling unit (scope unit), not to the hotline centre' },
      {
        where: 'org.json users[3], roles',
        message: '"wizard" is not a role of the city\'s pack (registrar, dispatcher, reviewer, returnVisit, supervisor, unitHandler, unitLeader) nor of the platform (policy, admin, security, auditor)',
      },
    ]);
    expect(error.message).toContain('nothing was stored');
    expect({ units: await count(db.knex, 'units'), users: await count(db.knex, 'users'), audit: await count(db.knex, 'audit_events') }).toEqual(before);
  });

  it('writes audit events in the change’s own transaction: a failure late in an import leaves none', async () => {
    // a fault the checks cannot foresee: the database refuses the last user after the units,
    // the first user and their audit events were written
    await db.knex.raw(`
      create function refuse_user() returns trigger language plpgsql as $$ begin raise exception 'disk full (simulated)'; end $$;
      create trigger refuse_user before insert on users for each row when (new.username = 'a.boom') execute function refuse_user();`);
    const before = { units: await count(db.knex, 'units'), users: await count(db.knex, 'users'), audit: await count(db.knex, 'audit_events') };
    const input = parsed({
      units: [{ code: 'd3', name: '三区', kind: 'district' }],
      users: [
        { username: 'a.fine', name: '好', unit: 'd3', roles: ['unitLeader'], password: 'long enough' },
        { username: 'a.boom', name: '坏', unit: 'd3', roles: ['unitHandler'], password: 'long enough' },
      ],
    });
    await expect(importOrganisation(db.knex, 'alpha', input, CLI)).rejects.toThrow(/disk full/);
    expect({ units: await count(db.knex, 'units'), users: await count(db.knex, 'users'), audit: await count(db.knex, 'audit_events') }).toEqual(before);
  });

  it('loads the demo organisation of every shipped city', async () => {
    for (const city of ['tianjin', 'hangzhou', 'turpan']) {
      await db.knex('cities').insert({ id: city, name: city });
      const file = join(DEMO_DIR, `${city}.json`);
      const input = readOrganisationFile(readFileSync(file, 'utf8'), file);
      if (!input.ok) throw new Error(JSON.stringify(input.issues));
      const summary = await importOrganisation(db.knex, city, input.input, CLI);
      // the nine roles of the centre and the units, and the three administrators apart (三员)
      expect(summary.usersCreated).toBe(11);
      expect(summary.placesCreated).toBeGreaterThanOrEqual(9);
      // every street office and community governs its own place
      expect(await count(db.knex, 'units', { city_id: city, place_code: null, kind: 'street' })).toBe(0);
      const roles = await db.knex('user_roles as r').join('users as u', 'u.id', 'r.user_id').where('u.city_id', city).pluck('r.role');
      expect(new Set(roles).size).toBe(11);
    }
  });
});

describe('organisation over the API', () => {
  let db: TestDatabase;
  let app: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    db = await freshDatabase();
    for (const [city, prefix] of [['alpha', 'a'], ['beta', 'b']] as const) {
      await importPack(db.knex, fixturePackAs(city), { label: city, expectedCityId: city, actor: CLI });
      await importOrganisation(db.knex, city, parsed(organisationFor(prefix)), CLI, { demoAccounts: true });
    }
    app = await testApp(db.knex);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('lets the admin list users and change roles (audited); nobody else, and never across cities', async () => {
    const admin = as(app, await login(app, 'a.admin'));
    const users = await admin.get('/api/cities/alpha/users');
    expect(users.statusCode).toBe(200);
    expect(users.json().map((u: { username: string }) => u.username)).toContain('a.handler');
    expect(users.body).not.toContain('argon2');

    // roles that see no personal data change at once (those that do wait: separation-of-duties tests)
    const changed = await admin.put('/api/cities/alpha/users/a.reviewer/roles', { roles: ['reviewer', 'dispatcher'] });
    expect(changed.json()).toMatchObject({ username: 'a.reviewer', roles: ['dispatcher', 'reviewer'], pendingRoles: [] });
    expect(await count(db.knex, 'audit_events', { action: 'user.rolesChanged', subject_id: 'a.reviewer', actor: 'a.admin' })).toBe(1);
    expect((await admin.put('/api/cities/alpha/users/a.handler/roles', { roles: ['dispatcher'] })).statusCode).toBe(422);
    expect((await admin.put('/api/cities/alpha/users/b.handler/roles', { roles: ['unitLeader'] })).statusCode).toBe(404);

    const supervisor = as(app, await login(app, 'a.supervisor'));
    expect((await supervisor.get('/api/cities/alpha/users')).statusCode).toBe(403);
    expect((await supervisor.put('/api/cities/alpha/users/a.handler/roles', { roles: ['unitHandler'] })).statusCode).toBe(403);
    const betaAdmin = as(app, await login(app, 'b.admin'));
    const cross = await betaAdmin.get('/api/cities/alpha/users');
    expect(cross.statusCode).toBe(404);
    expect(cross.body).not.toContain('a.handler');
  });

  it('names a unit\'s contact person with a mobile for SMS reminders, never listing the number, and refuses a contact from another unit', async () => {
    const admin = as(app, await login(app, 'a.admin'));
    const bad = await admin.post('/api/cities/alpha/organisation', { units: [{ code: 'd1.s1', name: '一街', kind: 'street', parent: 'd1', place: 'd1.s1', contact: 'a.registrar' }] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.issues).toEqual([{ where: 'body units[0], contact', message: 'user "a.registrar" works at "centre", not at this unit: the contact person must be one of its staff' }]);
    const badPhone = await admin.post('/api/cities/alpha/organisation', { users: [{ username: 'a.handler', name: '经办人', unit: 'd1.s1', roles: ['unitHandler'], phone: '139-0000' }] });
    expect(badPhone.json().error.issues).toEqual([{ where: 'body users[0], phone', message: '"139-0000" is not a phone number: digits only, e.g. 13800000000' }]);

    const handler = (await db.knex('users').where({ username: 'a.handler' }).first('unit_id', 'display_name'))!;
    const unit = (await db.knex('units').where({ id: handler.unit_id }).first('code', 'name', 'kind', 'parent_id', 'place_code'))!;
    const parent = unit.parent_id ? (await db.knex('units').where({ id: unit.parent_id }).first('code'))!.code : undefined;
    const ok = await admin.post('/api/cities/alpha/organisation', {
      units: [{ code: unit.code, name: unit.name, kind: unit.kind, ...(parent ? { parent } : {}), ...(unit.place_code ? { place: unit.place_code } : {}), contact: 'a.handler' }],
      users: [{ username: 'a.handler', name: handler.display_name, unit: unit.code, roles: ['unitHandler'], phone: '13900005555' }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const contact = await db.knex('units as n').join('users as u', 'u.id', 'n.contact_user_id').where('n.id', handler.unit_id).first('u.username', 'u.phone');
    expect(contact).toEqual({ username: 'a.handler', phone: '13900005555' });
    for (const url of ['/api/cities/alpha/users', '/api/cities/alpha/units']) expect((await admin.get(url)).body).not.toContain('13900005555');
    const trail = await db.knex('audit_events').where({ city_id: 'alpha' }).whereRaw('details::text like ?', ['%13900005555%']).count({ n: '*' }).first();
    expect(Number(trail?.n)).toBe(0);
  });

  it('imports through the API with the same checks', async () => {
    const admin = as(app, await login(app, 'a.admin'));
    const ok = await admin.post('/api/cities/alpha/organisation', { units: [{ code: 'dept2', name: '市另一局', kind: 'department', parent: 'dept' }] });
    expect(ok.json()).toMatchObject({ unitsCreated: 1 });
    const bad = await admin.post('/api/cities/alpha/organisation', { units: [{ code: 'x', name: 'X', kind: 'street' }] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.issues).toEqual([{ where: 'body units[0], parent', message: 'a street needs a parent (district)' }]);
  });

  it("lists the city's places to anyone signed in there, each after the one above it; not across cities", async () => {
    const handler = as(app, await login(app, 'a.handler'));
    const places = await handler.get('/api/cities/alpha/places');
    expect(places.statusCode).toBe(200);
    expect(places.json().places).toEqual([
      { code: 'd1', name: '一区', kind: 'district', parent: null },
      { code: 'd1.s1', name: '一街道', kind: 'street', parent: 'd1' },
      { code: 'd1.s2', name: '二街道', kind: 'street', parent: 'd1' },
      { code: 'd1.s1.c1', name: '一社区', kind: 'community', parent: 'd1.s1' },
    ]);
    expect((await as(app, await login(app, 'b.registrar')).get('/api/cities/alpha/places')).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/cities/alpha/places' })).statusCode).toBe(401);
  });

  it('shows handling-unit staff only their own part of the tree', async () => {
    const leader = as(app, await login(app, 'a.leader'));
    expect((await leader.get('/api/cities/alpha/units')).json().map((u: { code: string }) => u.code)).toEqual(['d1', 'd1.s1', 'd1.s1.c1', 'd1.s2']);
    const dispatcher = as(app, await login(app, 'a.dispatcher'));
    expect((await dispatcher.get('/api/cities/alpha/units')).json().length).toBeGreaterThanOrEqual(6);
  });
});
